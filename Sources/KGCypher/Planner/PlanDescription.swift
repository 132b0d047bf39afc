import KGCore

/// A plan as users see it in EXPLAIN and PROFILE: operators with details, estimated rows and
/// (PROFILE) actual rows, as a tree.
public struct PlanDescription: Sendable {
    public var operatorName: String
    public var details: String
    public var estimatedRows: Double
    public var rows: Int?
    public var children: [PlanDescription]

    static func describe(_ op: PlanOp, profile: [Int: (rows: Int, calls: Int)]?) -> PlanDescription {
        let (name, details) = label(op)
        var children = [PlanDescription]()
        for c in op.children { children.append(describe(c, profile: profile)) }
        return PlanDescription(operatorName: name, details: details, estimatedRows: op.estimatedRows,
                               rows: profile.map { $0[op.id]?.rows ?? 0 }, children: children)
    }

    /// `n:Label` and the column predicates.
    private static func columnText(_ spec: ColumnScanSpec) -> String {
        let name = spec.variable.isHiddenVariable ? "anon" + spec.variable.dropFirst() : spec.variable
        let predicates = spec.predicates.map(\.text).joined(separator: " AND ")
        let seek = spec.seek.map { " (rows through the index on \($0.key) when it finds few)" } ?? ""
        return "\(name):\(spec.label)" + (predicates.isEmpty ? "" : " WHERE " + predicates) + seek
    }

    private static func label(_ op: PlanOp) -> (String, String) {
        func list(_ names: [String]) -> String { names.map { $0.isHiddenVariable ? "anon" + $0.dropFirst() : $0 }.joined(separator: ", ") }
        func v(_ n: String) -> String { n.isHiddenVariable ? "anon" + n.dropFirst() : n }
        switch op.kind {
        case .argument: return ("Argument", "")
        case .nodeScan(let variable, let label):
            return label.map { ("NodeByLabelScan", "\(v(variable)):\($0)") } ?? ("AllNodesScan", v(variable))
        case .indexSeek(let variable, let label, let key, let value): return ("NodeIndexSeek", "\(v(variable)):\(label)(\(key) = \(value.text))")
        case .nodeByIdSeek(let variable, let seek):
            return ("NodeByIdSeek", "\(v(variable)) WHERE \(seek.elementID ? "elementId" : "id")(\(v(variable))) \(seek.list ? "IN" : "=") \(seek.value.text)")
        case .expand(let from, let rel, let to, let types, let dir, let toBound, _):
            return (toBound ? "Expand(Into)" : "Expand(All)", "(\(v(from)))\(arrow(dir, rel: v(rel), types: types, range: ""))(\(v(to)))")
        case .varExpand(let from, let rel, let to, let types, let dir, let mn, let mx, _, _, _, _):
            return ("VarLengthExpand", "(\(v(from)))\(arrow(dir, rel: v(rel), types: types, range: "*\(mn)..\(mx.map(String.init) ?? "")"))(\(v(to)))")
        case .pruningVarExpand(let from, let to, let types, let dir, let mn, let mx, _):
            return ("VarLengthExpand(Pruning)", "(\(v(from)))\(arrow(dir, rel: "", types: types, range: "*\(mn)..\(mx.map(String.init) ?? "")"))(\(v(to)))")
        case .reachCount(let from, let to, let types, let dir, let mn, let mx, _, let labels, let outputs):
            let end = v(to) + (labels.map { $0.map { ":" + $0 }.joined() } ?? "")
            return ("DistinctReachCount", "(\(v(from)))\(arrow(dir, rel: "", types: types, range: "*\(mn)..\(mx.map(String.init) ?? "")"))(\(end))"
                    + "; count(DISTINCT \(v(to)))" + (outputs.count > 1 ? " as \(outputs.count) columns" : ""))
        case .shortestPath(let path, let from, let to, _, _, _, _, _, let all, _):
            return (all ? "AllShortestPaths" : "ShortestPath", "\(v(path)) = (\(v(from)))…(\(v(to)))")
        case .filter(let e): return ("Filter", e.text)
        case .degreeCount(let from, let rel, let to, let types, let dir, _):
            return ("DegreeCount", "(\(v(from)))\(arrow(dir, rel: v(rel), types: types, range: ""))(\(v(to)))")
        case .columnScan(let spec): return ("NodeColumnScan", columnText(spec))
        case .columnAggregate(let spec, let keys, let aggs):
            return ("NodeColumnAggregation", columnText(spec) + "; keys: [\(list(keys.map(\.0)))], aggregates: \(aggs.count)")
        case .columnTop(let spec, let order, let limit):
            let items = order.map { "\(v(spec.variable)).\($0.key)" + ($0.ascending ? "" : " DESC") }.joined(separator: ", ")
            return ("NodeColumnTop", columnText(spec) + "; " + items + " LIMIT " + limit.text)
        case .namedPath(let variable, _, _): return ("ProjectPath", v(variable))
        case .optional(let vars): return ("Optional", list(vars))
        case .semiApply(let negated): return (negated ? "AntiSemiApply" : "SemiApply", "")
        case .unwind(let e, let variable): return ("Unwind", e.text + " AS " + v(variable))
        case .projection(let items, _): return ("Projection", list(items.map(\.0)))
        case .aggregation(let keys, let aggs):
            return (keys.isEmpty ? "EagerAggregation" : "HashAggregation", "keys: [\(list(keys.map(\.0)))], aggregates: \(aggs.count)")
        case .distinct(let names): return ("Distinct", list(names))
        case .sort(let items): return ("Sort", items.map { $0.expression.text + ($0.ascending ? "" : " DESC") }.joined(separator: ", "))
        case .top(let items, let limit):
            return ("Top", items.map { $0.expression.text + ($0.ascending ? "" : " DESC") }.joined(separator: ", ") + " LIMIT " + limit.text)
        case .skip(let e): return ("Skip", e.text)
        case .limit(let e): return ("Limit", e.text)
        case .select(let names): return ("ProduceResults", list(names))
        case .create: return ("Create", "")
        case .merge: return ("Merge", "")
        case .set: return ("SetProperties", "")
        case .remove: return ("Remove", "")
        case .delete(_, let detach): return (detach ? "DetachDelete" : "Delete", "")
        case .eager: return ("Eager", "")
        case .procedureCall(let call, _): return ("ProcedureCall", call.name)
        case .union(let all): return (all ? "UnionAll" : "Union", "")
        case .discard: return ("EmptyResult", "")
        }
    }

    private static func arrow(_ d: ExpandDirection, rel: String, types: [String], range: String) -> String {
        let inner = "[\(rel)\(types.isEmpty ? "" : ":" + types.joined(separator: "|"))\(range)]"
        switch d {
        case .outgoing: return "-\(inner)->"
        case .incoming: return "<-\(inner)-"
        case .both: return "-\(inner)-"
        }
    }

    /// The plan as indented text: one operator per line, with estimated and (PROFILE) actual rows.
    public func text() -> String {
        var lines: [String] = []
        func walk(_ p: PlanDescription, _ depth: Int) {
            var line = String(repeating: "  ", count: depth) + "+" + p.operatorName
            if !p.details.isEmpty { line += " (\(p.details))" }
            line += "  est=\(Int(p.estimatedRows.rounded()))"
            if let r = p.rows { line += " rows=\(r)" }
            lines.append(line)
            for c in p.children { walk(c, depth + 1) }
        }
        walk(self, 0)
        return lines.joined(separator: "\n")
    }

    /// The plan as JSON.
    public func json() -> JSON {
        var members: [(String, JSON)] = [("operator", .string(operatorName)), ("details", .string(details)),
                                         ("estimatedRows", .double(estimatedRows))]
        if let rows { members.append(("rows", .int(Int64(rows)))) }
        members.append(("children", .array(children.map { $0.json() })))
        return .object(members)
    }
}
