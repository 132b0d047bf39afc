import KGCore

/// Runs the column operators of `ColumnarScanPass` on the graph's property columns.
///
/// Each predicate is decided once per distinct value of its column (with the engine's own
/// comparison, so semantics are those of the row-by-row filter), then per node by its code.
/// Every method returns nil when the columns cannot answer exactly — a key without a column,
/// the scanned variable already bound by an outer row, grouping values that are equivalent but
/// stored apart (`1` and `1.0`) — and the caller then runs the operator's row-by-row fallback.
struct ColumnarOperators {
    let ctx: ExecutionContext
    let evaluator: Evaluator

    /// Whether the plan's index seek, if any, finds so few nodes that the row plan is cheaper.
    private func seekIsNarrow(_ spec: ColumnScanSpec, argument: Row) throws -> Bool {
        guard let seek = spec.seek else { return false }
        let value = try evaluator.eval(seek.value, argument)
        let wide = ctx.options.columnarMinimumNodes / 4
        guard let hits = try ctx.graph.indexSeekCount(label: spec.label, key: seek.key, value: value, cap: wide) else { return false }
        return hits < wide
    }

    /// The nodes passing the predicates, bound to the variable, in id order.
    func scan(_ spec: ColumnScanSpec, argument: Row) throws -> RowStream? {
        guard argument[spec.variable] == nil, try !seekIsNarrow(spec, argument: argument),
              let columns = try columns(spec.label, spec.keys), let ids = columns.values.first?.ids else { return nil }
        let selected = try select(spec, columns, argument: argument) ?? Array(0..<Int32(ids.count))
        var i = 0
        return GeneratorStream {
            guard i < selected.count else { return nil }
            defer { i += 1 }
            var row = argument
            row[spec.variable] = .node(ids[Int(selected[i])])
            return row
        }
    }

    /// Grouping and aggregates over the nodes passing the predicates; groups in order of their
    /// first node, as hash aggregation yields them.
    func aggregate(_ spec: ColumnScanSpec, keys: [(String, String)], aggregates: [(String, Expr)], argument: Row) throws -> RowStream? {
        guard argument[spec.variable] == nil, try !seekIsNarrow(spec, argument: argument) else { return nil }
        let argumentKeys = aggregates.map { argumentKey($0.1, variable: spec.variable) }
        guard let columns = try columns(spec.label, spec.keys + keys.map(\.1) + argumentKeys.compactMap { $0 }) else { return nil }
        let keyColumns = keys.map { columns[$0.1]!.coded() }
        for c in keyColumns where Set(c.dictionary.map { EquivalenceKey(values: [$0]) }).count != c.dictionary.count { return nil }
        let ids: [Int64]
        if let any = columns.values.first { ids = any.ids } else { ids = try ctx.graph.nodeIDs(label: spec.label) }
        let selected = try select(spec, columns, argument: argument)
        let argumentColumns = argumentKeys.map { $0.map { columns[$0]! } }

        var firstPositions: [Int] = []
        var states: [[Aggregator]] = []
        func newGroup(_ position: Int) throws -> Int {
            firstPositions.append(position)
            states.append(try aggregates.map { try Aggregator($0.1, row: [:], evaluator: evaluator) })
            return states.count - 1
        }
        var single = [Int32](repeating: -1, count: (keyColumns.first?.dictionary.count ?? 0) + 1)
        var composite: [[UInt32]: Int] = [:]
        func group(_ position: Int) throws -> Int {
            switch keyColumns.count {
            case 0:
                return states.isEmpty ? try newGroup(position) : 0
            case 1:
                let code = keyColumns[0].codes[position]
                let slot = code == PropertyColumn.absent ? single.count - 1 : Int(code)
                if single[slot] < 0 { single[slot] = Int32(try newGroup(position)) }
                return Int(single[slot])
            default:
                let codes = keyColumns.map { $0.codes[position] }
                if let g = composite[codes] { return g }
                let g = try newGroup(position)
                composite[codes] = g
                return g
            }
        }
        // count(*) and count(node) only: a counter per group, no aggregate states.
        let onlyCounts = argumentKeys.allSatisfy { $0 == nil } && aggregates.allSatisfy {
            if case .countStar = $0.1.kind { return true }
            if case .function(_, false, _) = $0.1.kind { return true }
            return false
        }
        var counts: [Int64] = []
        func fold(_ position: Int) throws {
            let g = try group(position)
            if onlyCounts {
                if g == counts.count { counts.append(0) }
                counts[g] += 1
                return
            }
            for (k, state) in states[g].enumerated() {
                if let column = argumentColumns[k] {
                    try state.add(value: column.value(at: position))
                } else if state.name == "count*" {
                    try state.add(value: .bool(true))
                } else {
                    try state.add(value: .node(ids[position]))
                }
            }
        }
        if let selected { for p in selected { try fold(Int(p)) } } else { for p in 0..<ids.count { try fold(p) } }

        if states.isEmpty && keys.isEmpty { _ = try newGroup(0) }
        var out: [Row] = []
        out.reserveCapacity(states.count)
        for (g, first) in firstPositions.enumerated() {
            var row: Row = [:]
            for (k, (name, _)) in keys.enumerated() {
                let code = keyColumns[k].codes[first]
                row[name] = code == PropertyColumn.absent ? .null : keyColumns[k].dictionary[Int(code)]
            }
            for (k, (name, _)) in aggregates.enumerated() {
                row[name] = onlyCounts ? .int(g < counts.count ? counts[g] : 0) : try states[g][k].result()
            }
            out.append(row)
        }
        return ArrayStream(out)
    }

    /// The first `limit` nodes passing the predicates in the order of the sort columns, ties
    /// broken by id (as the stable row-by-row sort over an id-ordered scan does).
    func top(_ spec: ColumnScanSpec, order: [(key: String, ascending: Bool)], limit: Int, argument: Row) throws -> RowStream? {
        guard argument[spec.variable] == nil, try !seekIsNarrow(spec, argument: argument),
              let columns = try columns(spec.label, spec.keys + order.map(\.key)),
              let ids = columns.values.first?.ids else { return nil }
        let selected = try select(spec, columns, argument: argument) ?? Array(0..<Int32(ids.count))
        let sortColumns = order.map { (columns[$0.key]!, $0.ascending) }
        func less(_ a: Int32, _ b: Int32) -> Bool {
            for (column, ascending) in sortColumns {
                let c = ValueSemantics.order(column.value(at: Int(a)), column.value(at: Int(b)))
                if c != 0 { return ascending ? c < 0 : c > 0 }
            }
            return a < b
        }
        let best = limit < selected.count / 4
            ? Sorting.best(selected, limit: limit, by: less)
            : Array(selected.sorted(by: less).prefix(limit))
        return ArrayStream(best.map { p in
            var row = argument
            row[spec.variable] = .node(ids[Int(p)])
            return row
        })
    }

    // MARK: columns and predicates

    /// The columns of `keys`, all over the same nodes; nil when the graph lacks one.
    private func columns(_ label: String, _ keys: [String]) throws -> [String: PropertyColumn]? {
        var out: [String: PropertyColumn] = [:]
        var reference: PropertyColumn?
        for key in keys where out[key] == nil {
            guard let column = try ctx.column(label: label, key: key) else { return nil }
            if let reference, !reference.isAligned(with: column) { return nil }
            reference = reference ?? column
            out[key] = column
        }
        return out
    }

    /// The property an aggregate folds (nil for `count(*)` and `count(node)`).
    private func argumentKey(_ e: Expr, variable: String) -> String? {
        guard case .function(_, _, let args) = e.kind, let first = args.first,
              case .property(let base, let key) = first.kind, case .variable(variable) = base.kind else { return nil }
        return key
    }

    /// Positions of the nodes passing every predicate, ascending; nil when there are none.
    private func select(_ spec: ColumnScanSpec, _ columns: [String: PropertyColumn], argument: Row) throws -> [Int32]? {
        var selected: [Int32]?
        for predicate in spec.predicates {
            let column = columns[predicate.key]!
            let operand = try self.operand(predicate, argument: argument)
            let candidates = selected ?? Array(0..<Int32(column.count))
            if case .coded(let codes, let dictionary) = column.storage {
                let verdicts = try self.verdicts(predicate, operand, codes: codes, dictionary: dictionary)
                let absentSlot = dictionary.count
                selected = codes.withUnsafeBufferPointer { codes in
                    candidates.filter { p in
                        let code = codes[Int(p)]
                        return verdicts[code == PropertyColumn.absent ? absentSlot : Int(code)]
                    }
                }
            } else {
                // Plain numbers: decided node by node.
                var out: [Int32] = []
                for p in candidates where try passes(predicate, operand, column.value(at: Int(p))) { out.append(p) }
                selected = out
            }
        }
        return selected
    }

    /// The value a predicate compares with (nil for IS NULL).
    private func operand(_ predicate: ColumnPredicate, argument: Row) throws -> Value? {
        guard case .compare(_, let e, _) = predicate.test else { return nil }
        return try evaluator.eval(e, argument)
    }

    private func passes(_ predicate: ColumnPredicate, _ operand: Value?, _ value: Value) throws -> Bool {
        switch predicate.test {
        case .isNull(let negated):
            return value.isNull != negated
        case .compare(let op, _, let propertyFirst):
            let operand = operand ?? .null
            let result = propertyFirst ? try Evaluator.apply(op, value, operand) : try Evaluator.apply(op, operand, value)
            return result == .bool(true)
        }
    }

    /// Whether each distinct value (and, last, a missing one) passes the predicate: only `true`
    /// passes a WHERE.
    private func verdicts(_ predicate: ColumnPredicate, _ operand: Value?, codes: [UInt32], dictionary: [Value]) throws -> [Bool] {
        var out = try dictionary.map { try passes(predicate, operand, $0) }
        out.append(codes.contains(PropertyColumn.absent) ? try passes(predicate, operand, .null) : false)
        return out
    }
}
