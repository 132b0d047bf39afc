import KGCore

/// Turns a checked query into a logical plan: pattern matching as scans, seeks and expands
/// with filters pushed down to the first point where their variables are bound (when the
/// optimizer is on), projections, aggregation, sorting with top-k, and eager update operators.
final class QueryPlanner {
    let options: QueryOptions
    let graph: GraphReadable?
    let procedures: ProcedureRegistry
    private var anonymous = 0

    init(options: QueryOptions, graph: GraphReadable?, procedures: ProcedureRegistry) {
        self.options = options
        self.graph = graph
        self.procedures = procedures
    }

    /// The plan of a whole query and its result columns.
    func plan(_ query: Query) throws -> (PlanOp, [String]) {
        var plans: [PlanOp] = []
        var columns: [String] = []
        for part in query.parts {
            let (p, cols, _) = try planSingle(part, input: PlanOp(.argument), bound: [])
            plans.append(p)
            columns = cols
        }
        var root = plans[0]
        for (k, all) in query.unionAll.enumerated() {
            root = PlanOp(.union(all: all), [root, plans[k + 1]])
        }
        if options.optimize { PruningVarExpandPass.apply(root); ReachCountPass.apply(root); DegreeCountPass.apply(root) }
        if options.optimize, let graph { root = ColumnarScanPass.apply(root, graph: graph, minimumNodes: options.columnarMinimumNodes) }
        var n = 0
        root.assignIDs(start: &n)
        return (root, columns)
    }

    /// A plan for `EXISTS { subquery }`, seeded with the outer row.
    func planSubquery(_ query: Query, bound: Set<String>) throws -> PlanOp {
        let (p, _, _) = try planSingle(query.parts[0], input: PlanOp(.argument), bound: bound)
        return p
    }

    /// A plan matching pattern parts from the argument row (pattern predicates and comprehensions).
    func planPatternExpression(_ parts: [PatternPart], predicate: Expr?, bound: Set<String>) throws -> PlanOp {
        var b = bound
        return try planMatch(PlanOp(.argument), parts, predicate: predicate, bound: &b)
    }

    private func fresh(_ prefix: String) -> String {
        anonymous += 1
        return " \(prefix)\(anonymous)"
    }

    // MARK: clauses

    private func planSingle(_ query: SingleQuery, input: PlanOp, bound initial: Set<String>) throws -> (PlanOp, [String], Set<String>) {
        var current = input
        var bound = initial
        var columns: [String] = []
        var returned = false
        for clause in query.clauses {
            switch clause.kind {
            case .match(let optional, let pattern, let predicate):
                if optional {
                    var inner = bound
                    let innerPlan = try planMatch(PlanOp(.argument), pattern, predicate: predicate, bound: &inner)
                    let newVars = inner.subtracting(bound).filter { !$0.isHiddenVariable }.sorted()
                    current = PlanOp(.optional(newVariables: newVars), [current, innerPlan])
                    bound = bound.union(newVars)
                } else {
                    current = try planMatch(current, pattern, predicate: predicate, bound: &bound)
                }
            case .unwind(let e, let v):
                current = PlanOp(.unwind(e, variable: v), [current])
                bound.insert(v)
            case .with(let projection, let predicate):
                let (p, cols) = try planProjection(projection, input: current, bound: bound, predicate: predicate)
                current = p
                bound = Set(cols)
            case .returnClause(let projection):
                let (p, cols) = try planProjection(projection, input: current, bound: bound)
                current = p
                columns = cols
                bound = Set(cols)
                returned = true
            case .create(let parts):
                var named = parts
                for k in named.indices { named[k] = nameAll(named[k], bound: bound) }
                current = PlanOp(.create(named), [current])
                for part in named { bound.formUnion(part.variables) }
            case .merge(let part, let onCreate, let onMatch):
                let named = nameAll(part, bound: bound)
                var b = bound
                let matchPlan = try planMatch(PlanOp(.argument), [named], predicate: nil, bound: &b)
                current = PlanOp(.merge(named, onCreate: onCreate, onMatch: onMatch), [current, matchPlan])
                bound.formUnion(named.variables)
            case .set(let items):
                current = PlanOp(.set(items), [current])
            case .remove(let items):
                current = PlanOp(.remove(items), [current])
            case .delete(let exprs, let detach):
                current = PlanOp(.delete(exprs, detach: detach), [current])
            case .call(var call):
                call.standalone = query.clauses.count == 1
                var outputs: [(field: String, variable: String)] = []
                if let yields = call.yields {
                    outputs = yields.map { ($0.field, $0.alias ?? $0.field) }
                } else if let (sig, _) = procedures.lookup(call.name) {
                    outputs = sig.outputs.map { ($0.name, $0.name) }
                    if query.clauses.count == 1 || call.yieldAll { columns = outputs.map(\.variable) }
                }
                current = PlanOp(.procedureCall(call, outputs: outputs), [current])
                bound.formUnion(outputs.map(\.variable))
                if let predicate = call.predicate { current = PlanOp(.filter(predicate), [current]) }
                if query.clauses.count == 1 {
                    returned = true
                }
            }
        }
        if !returned { current = PlanOp(.discard, [current]) }
        return (current, columns, bound)
    }

    /// Names every anonymous node and relationship of a pattern part with hidden variables.
    private func nameAll(_ part: PatternPart, bound: Set<String>) -> PatternPart {
        var p = part
        if p.start.variable == nil { p.start.variable = fresh("n") }
        for k in p.steps.indices {
            if p.steps[k].0.variable == nil { p.steps[k].0.variable = fresh("r") }
            if p.steps[k].1.variable == nil { p.steps[k].1.variable = fresh("n") }
        }
        return p
    }

    // MARK: projection

    private func planProjection(_ projection: Projection, input: PlanOp, bound: Set<String>, predicate: Expr? = nil) throws -> (PlanOp, [String]) {
        var items: [(String, Expr)] = []
        if projection.includeAll {
            for v in bound.filter({ !$0.isHiddenVariable }).sorted() { items.append((v, Expr(.variable(v), at: 0))) }
        }
        for item in projection.items { items.append((item.name, item.expression)) }
        let names = items.map(\.0)
        var current = input
        let aggregating = items.contains { $0.1.containsAggregate }
            || projection.orderBy.contains { $0.expression.containsAggregate }
        var sortItems = projection.orderBy
        if aggregating {
            var keys: [(String, Expr)] = []
            var aggregates: [(String, Expr)] = []
            var aggNames: [String: String] = [:]
            func placeholder(_ call: Expr) -> String {
                if let n = aggNames[call.canonical] { return n }
                let n = " agg\(aggregates.count)"
                aggNames[call.canonical] = n
                aggregates.append((n, call))
                return n
            }
            var keyMap: [String: String] = [:]
            for (name, e) in items where !e.containsAggregate {
                keys.append((name, e))
                keyMap[e.canonical] = name
            }
            var post: [(String, Expr)] = []
            for (name, e) in items {
                if e.containsAggregate {
                    var map = keyMap
                    for call in e.aggregateCalls { map[call.canonical] = placeholder(call) }
                    post.append((name, e.replacing(map)))
                } else {
                    post.append((name, Expr(.variable(name), at: e.offset)))
                }
            }
            // ORDER BY may use aliases, grouping expressions and aggregates.
            var itemMap = keyMap
            for (name, e) in items where e.containsAggregate { itemMap[e.canonical] = name }
            sortItems = sortItems.map { s in
                var map = itemMap
                for call in s.expression.aggregateCalls where map[call.canonical] == nil { map[call.canonical] = placeholder(call) }
                return SortItem(expression: s.expression.replacing(map), ascending: s.ascending)
            }
            current = PlanOp(.aggregation(keys: keys, aggregates: aggregates), [current])
            current = PlanOp(.projection(post, keepInput: true), [current])
        } else {
            let keep = (!sortItems.isEmpty || predicate != nil) && !projection.distinct
            current = PlanOp(.projection(items, keepInput: keep), [current])
            var itemMap: [String: String] = [:]
            for (name, e) in items { itemMap[e.canonical] = name }
            if projection.distinct || keep {
                sortItems = sortItems.map { SortItem(expression: $0.expression.replacing(itemMap), ascending: $0.ascending) }
            }
        }
        if projection.distinct { current = PlanOp(.distinct(names), [current]) }
        if !sortItems.isEmpty {
            if let limit = projection.limit, options.optimize, projection.skip == nil {
                current = PlanOp(.top(sortItems, limit: limit), [current])
            } else {
                current = PlanOp(.sort(sortItems), [current])
            }
        }
        if let skip = projection.skip { current = PlanOp(.skip(skip), [current]) }
        if let limit = projection.limit {
            if case .top = current.kind {} else { current = PlanOp(.limit(limit), [current]) }
        }
        // WITH … WHERE sees the new names and (without aggregation or DISTINCT) the old ones.
        let predicateSeesOld = !aggregating && !projection.distinct
        if let predicate, predicateSeesOld { current = PlanOp(.filter(predicate), [current]) }
        current = PlanOp(.select(names), [current])
        if let predicate, !predicateSeesOld {
            var map: [String: String] = [:]
            for (name, e) in items { map[e.canonical] = name }
            current = PlanOp(.filter(predicate.replacing(map)), [current])
        }
        return (current, names)
    }

    // MARK: pattern matching

    private func propertyPredicate(_ variable: String, _ props: Expr?, at offset: Int) -> [Expr] {
        guard let props else { return [] }
        let v = Expr(.variable(variable), at: offset)
        if case .map(let entries) = props.kind {
            return entries.map { Expr(.binary(.eq, Expr(.property(v, $0.0), at: $0.1.offset), $0.1), at: $0.1.offset) }
        }
        return [Expr(.propertiesMatch(v, props), at: props.offset)]
    }

    func planMatch(_ input: PlanOp, _ parts: [PatternPart], predicate: Expr?, bound: inout Set<String>) throws -> PlanOp {
        var current = input
        var pending: [Expr] = predicate?.conjuncts ?? []
        var relsInClause: [String] = []
        let optimize = options.optimize

        func flush() {
            guard optimize else { return }
            var keep: [Expr] = []
            for c in pending {
                if c.freeVariables.isSubset(of: bound) { current = PlanOp(.filter(c), [current]) } else { keep.append(c) }
            }
            pending = keep
        }
        flush()

        for original in parts {
            let part = nameAll(original, bound: bound)
            let nodes = part.nodes
            let rels = part.relationships

            func nodeConstraints(_ k: Int, skipLabel: String?) -> [Expr] {
                let n = nodes[k]
                let v = n.variable!
                var out: [Expr] = []
                let labels = n.labels.filter { $0 != skipLabel }
                if !labels.isEmpty { out.append(Expr(.hasLabels(Expr(.variable(v), at: n.offset), labels), at: n.offset)) }
                out += propertyPredicate(v, n.properties, at: n.offset)
                return out
            }

            if part.shortest != .none {
                // Bind both endpoints, then search.
                for k in [0, nodes.count - 1] where !bound.contains(nodes[k].variable!) {
                    current = PlanOp(.nodeScan(variable: nodes[k].variable!, label: nodes[k].labels.first), [current])
                    bound.insert(nodes[k].variable!)
                    pending += nodeConstraints(k, skipLabel: nodes[k].labels.first)
                    flush()
                }
                if !optimize { for c in pending where c.freeVariables.isSubset(of: bound) { _ = c } }
                let rel = rels[0]
                let pathVar = part.pathVariable ?? fresh("p")
                current = PlanOp(.shortestPath(path: pathVar, from: nodes[0].variable!, to: nodes[1].variable!, relationship: original.steps[0].0.variable,
                                               types: rel.types, direction: direction(rel.direction, forward: true),
                                               min: rel.length?.min ?? 1, max: rel.length.map { $0.max } ?? 1, all: part.shortest == .all,
                                               properties: rel.properties), [current])
                bound.insert(pathVar)
                if let v = original.steps[0].0.variable { bound.insert(v) }
                flush()
                continue
            }

            // Choose where to start.
            var start = 0
            if optimize {
                if let b = nodes.firstIndex(where: { bound.contains($0.variable!) }) {
                    start = b
                } else if nodes.count > 1 {
                    var best = Double.infinity
                    for (k, n) in nodes.enumerated() {
                        let cost: Double
                        if NodeIDSeek.candidate(for: n.variable!, in: pending, bound: bound) != nil {
                            cost = 0.5
                        } else if try seekCandidate(n, pending: pending, bound: bound) != nil {
                            cost = 1
                        } else if let l = n.labels.first {
                            cost = Double(try graph?.estimatedNodeCount(label: l) ?? 100) * (n.properties != nil ? 0.1 : 1)
                        } else {
                            cost = Double(try graph?.estimatedNodeCount(label: nil) ?? 1000) + 1
                        }
                        if cost < best { best = cost; start = k }
                    }
                }
            }
            let s = nodes[start]
            let sv = s.variable!
            if bound.contains(sv) {
                pending += nodeConstraints(start, skipLabel: nil)
            } else if optimize, let seek = NodeIDSeek.candidate(for: sv, in: pending, bound: bound) {
                current = PlanOp(.nodeByIdSeek(variable: sv, seek: seek), [current])
                bound.insert(sv)
                pending += nodeConstraints(start, skipLabel: nil)
            } else if optimize, let (label, seek) = try seekCandidate(s, pending: pending, bound: bound) {
                current = PlanOp(.indexSeek(variable: sv, label: label, key: seek.key, value: seek.value), [current])
                bound.insert(sv)
                pending += nodeConstraints(start, skipLabel: label)
            } else {
                let label = s.labels.first
                current = PlanOp(.nodeScan(variable: sv, label: label), [current])
                bound.insert(sv)
                pending += nodeConstraints(start, skipLabel: label)
            }
            flush()

            func expand(step k: Int, forward: Bool) {
                let rel = rels[k]
                let fromNode = forward ? nodes[k] : nodes[k + 1]
                let toIndex = forward ? k + 1 : k
                let toNode = nodes[toIndex]
                let rv = rel.variable!
                let toBound = bound.contains(toNode.variable!)
                let dir = direction(rel.direction, forward: forward)
                if let length = rel.length {
                    current = PlanOp(.varExpand(from: fromNode.variable!, relationship: rv, to: toNode.variable!, types: rel.types, direction: dir,
                                                min: length.min ?? 1, max: length.max, toBound: toBound, properties: rel.properties,
                                                unique: relsInClause, reversed: !forward), [current])
                } else {
                    current = PlanOp(.expand(from: fromNode.variable!, relationship: rv, to: toNode.variable!, types: rel.types, direction: dir,
                                             toBound: toBound, unique: relsInClause), [current])
                    pending += propertyPredicate(rv, rel.properties, at: rel.offset)
                }
                relsInClause.append(rv)
                bound.insert(rv)
                bound.insert(toNode.variable!)
                pending += nodeConstraints(toIndex, skipLabel: nil)
                flush()
            }
            for k in start..<rels.count { expand(step: k, forward: true) }
            for k in stride(from: start - 1, through: 0, by: -1) { expand(step: k, forward: false) }

            if let pv = part.pathVariable {
                current = PlanOp(.namedPath(variable: pv, nodes: nodes.map { $0.variable! }, relationships: rels.map { $0.variable! }), [current])
                bound.insert(pv)
                flush()
            }
        }
        for c in pending { current = PlanOp(.filter(c), [current]) }
        return current
    }

    private func direction(_ d: PatternDirection, forward: Bool) -> ExpandDirection {
        switch d {
        case .both: return .both
        case .outgoing: return forward ? .outgoing : .incoming
        case .incoming: return forward ? .incoming : .outgoing
        }
    }

    /// A label and a (key, value) equality on the node that an index can answer.
    private func seekCandidate(_ n: NodePattern, pending: [Expr], bound: Set<String>) throws -> (String, (key: String, value: Expr))? {
        guard let v = n.variable, let graph else { return nil }
        var candidates: [(String, Expr)] = []
        if let props = n.properties, case .map(let entries) = props.kind {
            candidates += entries.filter { $0.1.freeVariables.isSubset(of: bound) }
        }
        for c in pending {
            if case .binary(.eq, let l, let r) = c.kind {
                if case .property(let b, let k) = l.kind, case .variable(v) = b.kind, r.freeVariables.isSubset(of: bound) { candidates.append((k, r)) }
                if case .property(let b, let k) = r.kind, case .variable(v) = b.kind, l.freeVariables.isSubset(of: bound) { candidates.append((k, l)) }
            }
        }
        for label in n.labels {
            for (k, e) in candidates where try graph.hasIndex(label: label, key: k) { return (label, (k, e)) }
        }
        return nil
    }
}
