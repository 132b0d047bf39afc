import KGCore

/// The updating clauses: CREATE, MERGE, SET, REMOVE, DELETE. Each consumes its whole input
/// before writing and writes everything before passing rows on, so a clause never sees its
/// own writes half-done and the next clause sees all of them.
struct UpdateExecution {
    let ctx: ExecutionContext
    let factory: OperatorFactory

    private var ev: Evaluator { Evaluator(ctx: ctx) }

    func run(_ op: PlanOp, input: RowStream) throws -> RowStream {
        var rows: [Row] = []
        while let r = try input.next() { rows.append(r) }
        let graph = try ctx.writer()
        var out: [Row] = []
        switch op.kind {
        case .create(let parts):
            for var row in rows {
                for part in parts { try create(part, into: &row, graph: graph, forMerge: false) }
                out.append(row)
            }
        case .merge(let part, let onCreate, let onMatch):
            let matchPlan = op.children[1]
            for row in rows {
                let stream = try factory.build(matchPlan, argument: row)
                var matched: [Row] = []
                while let m = try stream.next() { matched.append(m) }
                if matched.isEmpty {
                    var r = row
                    try create(part, into: &r, graph: graph, forMerge: true)
                    for item in onCreate { try set(item, row: r, graph: graph) }
                    out.append(r)
                } else {
                    for m in matched {
                        for item in onMatch { try set(item, row: m, graph: graph) }
                        out.append(m)
                    }
                }
            }
        case .set(let items):
            for row in rows {
                for item in items { try set(item, row: row, graph: graph) }
                out.append(row)
            }
        case .remove(let items):
            for row in rows {
                for item in items { try remove(item, row: row, graph: graph) }
                out.append(row)
            }
        case .delete(let exprs, let detach):
            for row in rows {
                for e in exprs { try delete(try ev.eval(e, row), detach: detach, graph: graph) }
                out.append(row)
            }
        default:
            fatalError("not an update operator")
        }
        return ArrayStream(out)
    }

    // MARK: create

    private func properties(_ e: Expr?, row: Row, forMerge: Bool) throws -> [String: Value] {
        guard let e else { return [:] }
        let v = try ev.eval(e, row)
        guard case .map(let m) = v else {
            if v.isNull { return [:] }
            throw CypherError.typeError(.invalidArgumentType, "properties must be a map, not a \(v.typeName)")
        }
        var out: [String: Value] = [:]
        for (k, x) in m {
            if x.isNull {
                if forMerge {
                    throw CypherError(type: .semantic, code: .mergeReadOwnWrites, phase: .runtime,
                                      message: "MERGE cannot use null for property '\(k)': it could never match what it creates")
                }
                continue
            }
            try Self.checkStorable(k, x)
            out[k] = x
        }
        return out
    }

    static func checkStorable(_ key: String, _ v: Value) throws {
        if !v.isStorableProperty {
            if case .list(let items) = v, items.allSatisfy({ $0.isNull }) || items.isEmpty { return }
            throw CypherError.typeError(.invalidPropertyType, "property '\(key)' cannot hold a \(v.typeName) (properties hold scalars or lists of scalars)")
        }
        if case .list(let items) = v, let first = items.first {
            let numeric: (Value) -> Bool = { if case .int = $0 { return true }; if case .double = $0 { return true }; return false }
            let same = items.allSatisfy { $0.typeName == first.typeName || (numeric($0) && numeric(first)) }
            if !same { throw CypherError.typeError(.invalidPropertyType, "property '\(key)' holds a list of mixed types") }
        }
    }

    private func create(_ part: PatternPart, into row: inout Row, graph: GraphWritable, forMerge: Bool) throws {
        func node(_ n: NodePattern) throws -> Int64 {
            let v = n.variable!
            if let existing = row[v] {
                guard case .node(let id) = existing else {
                    throw CypherError.typeError(.invalidArgumentType, "`\(v)` is not a node, so it cannot be used in CREATE")
                }
                return id
            }
            let props = try properties(n.properties, row: row, forMerge: forMerge)
            for l in n.labels { try ctx.tracker.willTouchLabel(l, graph: graph) }
            let id = try graph.createNode(labels: Array(Set(n.labels)).sorted(), properties: props)
            ctx.tracker.createdNodes.insert(id)
            ctx.tracker.wrote = true
            row[v] = .node(id)
            return id
        }
        var left = try node(part.start)
        for (rel, n) in part.steps {
            let right = try node(n)
            let props = try properties(rel.properties, row: row, forMerge: forMerge)
            let (s, e) = rel.direction == .incoming ? (right, left) : (left, right)
            let r = try graph.createRelationship(type: rel.types.first ?? "", start: s, end: e, properties: props)
            ctx.tracker.createdRelationships.insert(r.id)
            ctx.tracker.wrote = true
            row[rel.variable!] = .relationship(r)
            left = right
        }
        if let pv = part.pathVariable {
            row[pv] = OperatorFactory.buildPath(row, nodes: part.nodes.map { $0.variable! }, relationships: part.relationships.map { $0.variable! })
        }
    }

    // MARK: set and remove

    private func currentProperties(_ target: Value) throws -> [String: Value]? {
        switch target {
        case .node(let id): return try ctx.nodeProperties(id)
        case .relationship(let r): return try ctx.relationshipProperties(r.id)
        default: return nil
        }
    }

    private func write(_ target: Value, _ props: [String: Value], graph: GraphWritable) throws {
        switch target {
        case .node(let id):
            try ctx.tracker.willChangeNode(id, graph: graph)
            try graph.setProperties(ofNode: id, props)
        case .relationship(let r):
            try ctx.tracker.willChangeRelationship(r.id, graph: graph)
            try graph.setProperties(ofRelationship: r.id, props)
        default: break
        }
    }

    private func set(_ item: SetItem, row: Row, graph: GraphWritable) throws {
        switch item {
        case .property(let targetExpr, let key, let valueExpr):
            let target = try ev.eval(targetExpr, row)
            if target.isNull { return }
            guard var props = try currentProperties(target) else {
                throw CypherError.typeError(.invalidArgumentType, "SET needs a node or relationship, not a \(target.typeName)")
            }
            let value = try ev.eval(valueExpr, row)
            if value.isNull { props[key] = nil } else {
                try Self.checkStorable(key, value)
                props[key] = value
            }
            try write(target, props, graph: graph)
        case .replaceAll(let variable, let valueExpr, _), .mergeAll(let variable, let valueExpr, _):
            let target = row[variable] ?? .null
            if target.isNull { return }
            guard var props = try currentProperties(target) else {
                throw CypherError.typeError(.invalidArgumentType, "SET needs a node or relationship, not a \(target.typeName)")
            }
            let value = try ev.eval(valueExpr, row)
            var incoming: [String: Value]
            switch value {
            case .map(let m): incoming = m
            case .node, .relationship: incoming = try currentProperties(value) ?? [:]
            case .null: incoming = [:]
            default: throw CypherError.typeError(.invalidArgumentType, "SET \(variable) = … needs a map, not a \(value.typeName)")
            }
            if case .replaceAll = item { props = [:] }
            for (k, v) in incoming {
                if v.isNull { props[k] = nil } else {
                    try Self.checkStorable(k, v)
                    props[k] = v
                }
            }
            try write(target, props, graph: graph)
        case .labels(let variable, let labels, _):
            let target = row[variable] ?? .null
            if target.isNull { return }
            guard case .node(let id) = target else { throw CypherError.typeError(.invalidArgumentType, "labels can only be set on nodes") }
            let have = Set(try ctx.nodeLabels(id))
            let missing = Array(Set(labels).subtracting(have)).sorted()
            guard !missing.isEmpty else { return }
            for l in missing { try ctx.tracker.willTouchLabel(l, graph: graph) }
            try graph.addLabels(missing, toNode: id)
        }
    }

    private func remove(_ item: RemoveItem, row: Row, graph: GraphWritable) throws {
        switch item {
        case .property(let targetExpr, let key):
            let target = try ev.eval(targetExpr, row)
            if target.isNull { return }
            guard var props = try currentProperties(target) else {
                throw CypherError.typeError(.invalidArgumentType, "REMOVE needs a node or relationship, not a \(target.typeName)")
            }
            guard props[key] != nil else { return }
            props[key] = nil
            try write(target, props, graph: graph)
        case .labels(let variable, let labels, _):
            let target = row[variable] ?? .null
            if target.isNull { return }
            guard case .node(let id) = target else { throw CypherError.typeError(.invalidArgumentType, "labels can only be removed from nodes") }
            let have = Set(try ctx.nodeLabels(id))
            let present = Array(Set(labels).intersection(have)).sorted()
            guard !present.isEmpty else { return }
            for l in present { try ctx.tracker.willTouchLabel(l, graph: graph) }
            try graph.removeLabels(present, fromNode: id)
        }
    }

    // MARK: delete

    private func delete(_ v: Value, detach: Bool, graph: GraphWritable) throws {
        let t = ctx.tracker
        switch v {
        case .null: return
        case .node(let id):
            if t.deletedNodes.contains(id) { return }
            if detach {
                for r in try graph.relationships(of: id, direction: .both, types: []) where !t.deletedRelationships.contains(r.id) {
                    try deleteRelationship(r.id, graph: graph)
                }
            }
            for l in try graph.labels(ofNode: id) { try t.willTouchLabel(l, graph: graph) }
            try t.willChangeNode(id, graph: graph)
            try graph.deleteNode(id)
            t.deletedNodes.insert(id)
        case .relationship(let r):
            try deleteRelationship(r.id, graph: graph)
        case .path(let p):
            for r in p.relationships { try deleteRelationship(r.id, graph: graph) }
            for n in p.nodes { try delete(.node(n), detach: detach, graph: graph) }
        case .list(let items):
            for item in items { try delete(item, detach: detach, graph: graph) }
        default:
            throw CypherError.typeError(.invalidArgumentType, "DELETE needs nodes, relationships or paths, not a \(v.typeName)")
        }
    }

    private func deleteRelationship(_ id: Int64, graph: GraphWritable) throws {
        let t = ctx.tracker
        if t.deletedRelationships.contains(id) { return }
        guard try graph.relationshipExists(id) else { return }
        try t.willChangeRelationship(id, graph: graph)
        try graph.deleteRelationship(id)
        t.deletedRelationships.insert(id)
    }
}
