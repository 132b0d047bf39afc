import KGCore

/// Optimizer pass: whole-label scans read property columns instead of each node's properties.
///
/// A label scan (or an index seek on a label) feeding filters whose conjuncts each compare one
/// property of the scanned node with a value fixed for the query becomes a `columnScan`: the
/// comparisons run once per distinct value of the column, then per node as a look-up of its code.
/// On top of that:
/// - an aggregation whose grouping keys are properties of the node and whose aggregates are
///   `count(*)` or aggregates of its properties becomes a `columnAggregate` (no rows in between);
/// - a top-k whose sort keys are properties of the node (directly or through a projection alias)
///   becomes a `columnTop` under the projection, so only the k surviving rows are projected.
///
/// Over an index seek, the aggregate and top-k forms first count the seek's nodes and run the
/// row plan when they are few (see `QueryOptions.columnarMinimumNodes`).
///
/// It applies to reading queries on graphs that keep columns, for labels with at least
/// `QueryOptions.columnarMinimumNodes` nodes; every column operator keeps the row-by-row plan as
/// its fallback, so results never depend on whether a column exists.
enum ColumnarScanPass {
    static func apply(_ root: PlanOp, graph: GraphReadable, minimumNodes: Int) -> PlanOp {
        guard graph.supportsPropertyColumns, !writes(root) else { return root }
        let pass = Rewriter(graph: graph, minimumNodes: minimumNodes)
        return pass.rewrite(root)
    }

    /// Whether any operator writes (or may write, as a procedure may).
    private static func writes(_ op: PlanOp) -> Bool {
        switch op.kind {
        case .create, .merge, .set, .remove, .delete, .procedureCall: return true
        default: return op.children.contains(where: writes)
        }
    }

    private struct Rewriter {
        let graph: GraphReadable
        let minimumNodes: Int

        func rewrite(_ op: PlanOp) -> PlanOp {
            if let replaced = aggregate(op) ?? top(op) ?? scan(op) { return replaced }
            op.children = op.children.map(rewrite)
            return op
        }

        // MARK: patterns

        private func aggregate(_ op: PlanOp) -> PlanOp? {
            guard case .aggregation(let keys, let aggregates) = op.kind,
                  let chain = scanChain(op.children[0]), chain.rest.isEmpty else { return nil }
            var keyColumns: [(String, String)] = []
            for (name, e) in keys {
                guard let key = property(e, of: chain.spec.variable) else { return nil }
                keyColumns.append((name, key))
            }
            guard aggregates.allSatisfy({ supportedAggregate($0.1, variable: chain.spec.variable) }) else { return nil }
            let new = PlanOp(.columnAggregate(chain.spec, keys: keyColumns, aggregates: aggregates), [chain.argument])
            new.fallback = op
            return new
        }

        private func top(_ op: PlanOp) -> PlanOp? {
            guard case .top(let items, let limit) = op.kind else { return nil }
            var projection: PlanOp?
            var below = op.children[0]
            var aliases: [String: Expr] = [:]
            if case .projection(let projected, true) = below.kind {
                projection = below
                for (name, e) in projected { aliases[name] = e }
                below = below.children[0]
            }
            guard let chain = scanChain(below), chain.rest.isEmpty else { return nil }
            var order: [(key: String, ascending: Bool)] = []
            var orderExprs: [SortItem] = []
            for item in items {
                var e = item.expression
                if case .variable(let name) = e.kind, let aliased = aliases[name] { e = aliased }
                guard let key = property(e, of: chain.spec.variable) else { return nil }
                order.append((key, item.ascending))
                orderExprs.append(SortItem(expression: e, ascending: item.ascending))
            }
            let columnTop = PlanOp(.columnTop(chain.spec, order: order, limit: limit), [chain.argument])
            // The same rows without columns: the original chain sorted by the resolved keys.
            columnTop.fallback = PlanOp(.top(orderExprs, limit: limit), [below])
            guard let projection else { return columnTop }
            projection.children = [columnTop]
            return projection
        }

        private func scan(_ op: PlanOp) -> PlanOp? {
            // A filtered index seek stays as it is: its rows are few, or they all flow on anyway.
            guard case .filter = op.kind, let chain = scanChain(op, allowSeek: false), !chain.spec.predicates.isEmpty else { return nil }
            let scan = PlanOp(.columnScan(chain.spec), [chain.argument])
            scan.fallback = chain.columnPart
            guard !chain.rest.isEmpty else { return scan }
            let conjunction = chain.rest.dropFirst().reduce(chain.rest[0]) { Expr(.binary(.and, $0, $1), at: $0.offset) }
            return PlanOp(.filter(conjunction), [scan])
        }

        // MARK: the scan under filters

        private struct Chain {
            let spec: ColumnScanSpec
            /// Conjuncts a column cannot answer (kept in a filter above).
            let rest: [Expr]
            /// The `.argument` the scan starts from.
            let argument: PlanOp
            /// The scan with only the column conjuncts: the column scan's fallback.
            let columnPart: PlanOp
        }

        /// Filters over a label scan (or index seek) that starts a pipeline, on a label large
        /// enough; nil otherwise.
        private func scanChain(_ top: PlanOp, allowSeek: Bool = true) -> Chain? {
            var conjuncts: [Expr] = []
            var op = top
            while case .filter(let e) = op.kind {
                conjuncts = split(e) + conjuncts
                op = op.children[0]
            }
            let variable: String, label: String
            var seek: (key: String, value: Expr)?
            switch op.kind {
            case .nodeScan(let v, let l?):
                variable = v; label = l
            case .indexSeek(let v, let l, let key, let value) where allowSeek && isConstant(value):
                variable = v; label = l
                seek = (key, value)
                let target = Expr(.property(Expr(.variable(v), at: value.offset), key), at: value.offset)
                conjuncts.insert(Expr(.binary(.eq, target, value), at: value.offset), at: 0)
            default:
                return nil
            }
            guard case .argument = op.children[0].kind else { return nil }
            guard let estimate = try? graph.estimatedNodeCount(label: label), estimate >= minimumNodes else { return nil }
            var predicates: [ColumnPredicate] = []
            var columnConjuncts: [Expr] = []
            var rest: [Expr] = []
            var seen = Set<String>()
            for c in conjuncts where seen.insert(c.text).inserted {
                if let p = predicatesOf(c, variable: variable) {
                    predicates += p
                    columnConjuncts.append(c)
                } else {
                    rest.append(c)
                }
            }
            let argument = op.children[0]
            var columnPart = PlanOp(.nodeScan(variable: variable, label: label), [argument])
            if !columnConjuncts.isEmpty {
                let all = columnConjuncts.dropFirst().reduce(columnConjuncts[0]) { Expr(.binary(.and, $0, $1), at: $0.offset) }
                columnPart = PlanOp(.filter(all), [columnPart])
            }
            return Chain(spec: ColumnScanSpec(variable: variable, label: label, predicates: predicates, seek: seek), rest: rest,
                         argument: argument, columnPart: columnPart)
        }

        private func split(_ e: Expr) -> [Expr] {
            if case .binary(.and, let l, let r) = e.kind { return split(l) + split(r) }
            return [e]
        }

        /// The column predicates equivalent to one conjunct, or nil when it needs rows.
        private func predicatesOf(_ e: Expr, variable: String) -> [ColumnPredicate]? {
            let comparable: Set<BinaryOperator> = [.eq, .neq, .lt, .gt, .le, .ge, .in, .startsWith, .endsWith, .contains]
            switch e.kind {
            case .binary(let op, let l, let r) where comparable.contains(op):
                if let key = property(l, of: variable), isConstant(r) {
                    return [ColumnPredicate(key: key, test: .compare(op, operand: r, propertyFirst: true), text: e.text)]
                }
                if let key = property(r, of: variable), isConstant(l) {
                    return [ColumnPredicate(key: key, test: .compare(op, operand: l, propertyFirst: false), text: e.text)]
                }
                return nil
            case .isNull(let x, let negated):
                guard let key = property(x, of: variable) else { return nil }
                return [ColumnPredicate(key: key, test: .isNull(negated: negated), text: e.text)]
            case .propertiesMatch(let target, let map):
                guard case .variable(variable) = target.kind, case .map(let entries) = map.kind,
                      entries.allSatisfy({ isConstant($0.1) }) else { return nil }
                return entries.map { key, value in
                    ColumnPredicate(key: key, test: .compare(.eq, operand: value, propertyFirst: true), text: "\(key) = \(value.text)")
                }
            default:
                return nil
            }
        }

        /// `variable.key` → key.
        private func property(_ e: Expr, of variable: String) -> String? {
            guard case .property(let base, let key) = e.kind, case .variable(variable) = base.kind else { return nil }
            return key
        }

        /// A value the same for every row of the query: literals and parameters.
        private func isConstant(_ e: Expr) -> Bool {
            switch e.kind {
            case .literal, .parameter: return true
            case .list(let items): return items.allSatisfy(isConstant)
            case .negate(let x): return isConstant(x)
            default: return false
            }
        }

        private func supportedAggregate(_ e: Expr, variable: String) -> Bool {
            switch e.kind {
            case .countStar: return true
            case .function(let name, let distinct, let args) where args.count == 1:
                let lower = name.lowercased()
                if lower == "count", !distinct, case .variable(variable) = args[0].kind { return true }
                guard ["count", "sum", "avg", "min", "max", "collect", "stdev", "stdevp"].contains(lower) else { return false }
                return property(args[0], of: variable) != nil
            default:
                return false
            }
        }
    }
}
