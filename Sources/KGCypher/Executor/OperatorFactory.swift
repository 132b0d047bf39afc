import KGCore

/// Builds the physical row streams of a logical plan and runs the read operators.
struct OperatorFactory {
    let ctx: ExecutionContext
    var profiling = false

    init(ctx: ExecutionContext, profiling: Bool = false) {
        self.ctx = ctx
        self.profiling = profiling
    }

    var evaluator: Evaluator { Evaluator(ctx: ctx) }

    func build(_ op: PlanOp, argument: Row) throws -> RowStream {
        let stream = try buildRaw(op, argument: argument)
        return profiling ? CountingStream(stream, ctx: ctx, id: op.id) : stream
    }

    private func input(_ op: PlanOp, _ argument: Row) throws -> RowStream {
        try build(op.children[0], argument: argument)
    }

    /// The stream of an expansion from each input row's node `from`. Where reads are round trips
    /// (`prefersBatchedReads`) and the query only reads, input rows go in batches and the
    /// relationships of a batch's nodes are read at once before its rows expand (the same rows in
    /// the same order; see `BatchedFlatMapStream`).
    private func expansion(_ op: PlanOp, _ argument: Row, from: String, direction: ExpandDirection, types: [String],
                           _ expand: @escaping (Row) throws -> RowStream) throws -> RowStream {
        let source = try input(op, argument)
        let graph = ctx.graph
        guard graph.prefersBatchedReads, !ctx.queryWrites else { return FlatMapStream(source, expand) }
        return BatchedFlatMapStream(source, prepare: { rows in
            var nodes: [Int64] = []
            nodes.reserveCapacity(rows.count)
            for row in rows { if case .node(let id) = row[from] ?? .null { nodes.append(id) } }
            try graph.prefetchRelationships(of: nodes, direction: direction, types: types)
        }, expand)
    }

    private func buildRaw(_ op: PlanOp, argument: Row) throws -> RowStream {
        let ev = evaluator
        let ctx = self.ctx
        let graph = ctx.graph
        switch op.kind {
        case .argument:
            return ArrayStream([argument])
        case .nodeScan(let variable, let label):
            return FlatMapStream(try input(op, argument)) { row in
                if let existing = row[variable] {
                    // Already bound (e.g. by an outer row): check only.
                    guard case .node(let id) = existing else { return ArrayStream([]) }
                    if let label, !(try ctx.nodeLabels(id).contains(label)) { return ArrayStream([]) }
                    return ArrayStream([row])
                }
                let ids = try graph.nodeIDs(label: label)
                var i = 0
                return GeneratorStream {
                    while i < ids.count {
                        let id = ids[i]; i += 1
                        if ctx.tracker.deletedNodes.contains(id) { continue }
                        try ctx.checkDeadline()
                        var r = row
                        r[variable] = .node(id)
                        return r
                    }
                    return nil
                }
            }
        case .columnScan(let spec):
            return try columnar(op, argument) { try $0.scan(spec, argument: argument) }
        case .columnAggregate(let spec, let keys, let aggregates):
            return try columnar(op, argument) { try $0.aggregate(spec, keys: keys, aggregates: aggregates, argument: argument) }
        case .columnTop(let spec, let order, let limitExpr):
            let limit = try Self.count(limitExpr, ev, argument, what: "LIMIT")
            return try columnar(op, argument) { try $0.top(spec, order: order, limit: limit, argument: argument) }
        case .indexSeek(let variable, let label, let key, let valueExpr):
            return FlatMapStream(try input(op, argument)) { row in
                let value = try ev.eval(valueExpr, row)
                if value.isNull { return ArrayStream([]) }
                let ids = try graph.indexSeek(label: label, key: key, value: value) ?? graph.nodeIDs(label: label)
                return ArrayStream(ids.filter { !ctx.tracker.deletedNodes.contains($0) }.map { id in
                    var r = row
                    r[variable] = .node(id)
                    return r
                })
            }
        case .nodeByIdSeek(let variable, let seek):
            return FlatMapStream(try input(op, argument)) { row in
                let ids = seek.ids(try ev.eval(seek.value, row))
                if let existing = row[variable] {
                    // Already bound (an outer row): check only.
                    guard case .node(let id) = existing, ids.contains(id) else { return ArrayStream([]) }
                    return ArrayStream([row])
                }
                var rows: [Row] = []
                for id in ids where !ctx.tracker.deletedNodes.contains(id) {
                    guard try graph.nodeExists(id) else { continue }
                    var r = row
                    r[variable] = .node(id)
                    rows.append(r)
                }
                return ArrayStream(rows)
            }
        case .expand(let from, let relVar, let to, let types, let direction, let toBound, let unique):
            return try expansion(op, argument, from: from, direction: direction, types: types) { row in
                guard case .node(let source) = row[from] ?? .null else { return ArrayStream([]) }
                var target: Int64?
                if toBound {
                    guard case .node(let t) = row[to] ?? .null else { return ArrayStream([]) }
                    target = t
                }
                var boundRel: Int64?
                if let existing = row[relVar] {
                    guard case .relationship(let r) = existing else { return ArrayStream([]) }
                    boundRel = r.id
                }
                let used = Self.usedRelationships(row, unique)
                let rels = try graph.relationships(of: source, direction: direction, types: types)
                var out: [Row] = []
                for rel in rels {
                    if ctx.tracker.deletedRelationships.contains(rel.id) || used.contains(rel.id) { continue }
                    if let boundRel, rel.id != boundRel { continue }
                    let other = rel.far(from: source, direction)
                    if let target, other != target { continue }
                    var r = row
                    r[relVar] = .relationship(rel)
                    r[to] = .node(other)
                    out.append(r)
                }
                return ArrayStream(out)
            }
        case .degreeCount(let from, let relVar, let to, let types, let direction, let into):
            return try expansion(op, argument, from: from, direction: direction, types: types) { row in
                guard case .node(let source) = row[from] ?? .null else { return ArrayStream([]) }
                let n: Int
                if row[relVar] != nil || row[to] != nil {
                    // Bound by an outer row: match them as the expansion would.
                    n = try graph.relationships(of: source, direction: direction, types: types).filter { rel in
                        if let bound = row[relVar], bound != .relationship(rel) { return false }
                        if let bound = row[to], bound != .node(rel.far(from: source, direction)) { return false }
                        return true
                    }.count
                } else {
                    n = try graph.degree(of: source, direction: direction, types: types)
                }
                guard n > 0 else { return ArrayStream([]) }
                var r = row
                r[into] = .int(Int64(n))
                return ArrayStream([r])
            }
        case .varExpand(let from, let relVar, let to, let types, let direction, let minHops, let maxHops, let toBound, let props, let unique, let reversed):
            return try expansion(op, argument, from: from, direction: direction, types: types) { row in
                guard case .node(let source) = row[from] ?? .null else { return ArrayStream([]) }
                var target: Int64?
                if toBound {
                    guard case .node(let t) = row[to] ?? .null else { return ArrayStream([]) }
                    target = t
                }
                let required = try props.map { try ev.eval($0, row) }
                var boundList: [Int64]?
                if let existing = row[relVar], case .list(let items) = existing {
                    boundList = items.compactMap { if case .relationship(let r) = $0 { return r.id } else { return nil } }
                }
                let spec = VarLengthExpansion.Spec(relationshipVariable: relVar, target: to, types: types, direction: direction,
                                                   minHops: minHops, maxHops: maxHops, requiredEnd: target, requiredProperties: required,
                                                   boundList: boundList, used: Self.usedRelationships(row, unique), reversed: reversed)
                let expansion = VarLengthExpansion(ctx: ctx, row: row, source: source, spec: spec)
                guard ctx.queryWrites else { return expansion }
                var rows: [Row] = []
                while let r = try expansion.next() {
                    try ctx.memory.charge(MemoryBudget.estimate(r))
                    rows.append(r)
                }
                return ArrayStream(rows)
            }
        case .pruningVarExpand(let from, let to, let types, let direction, let minHops, let maxHops, let unique):
            let reach = PruningReach(graph: graph, ctx: ctx, types: types, direction: direction, minHops: minHops, maxHops: maxHops)
            return FlatMapStream(try input(op, argument)) { row in
                guard case .node(let source) = row[from] ?? .null else { return ArrayStream([]) }
                var out: [Row] = []
                try reach.run(from: source, avoiding: Self.usedRelationships(row, unique)) { node in
                    var r = row
                    r[to] = .node(node)
                    out.append(r)
                }
                return ArrayStream(out)
            }
        case .reachCount(let from, _, let types, let direction, let minHops, let maxHops, let unique, let labels, let outputs):
            // count(DISTINCT to) of the pruning expansion's end nodes that have `labels`, over all
            // input rows, as the aggregation it replaces: one row, 0 for no input.
            let reach = PruningReach(graph: graph, ctx: ctx, types: types, direction: direction, minHops: minHops, maxHops: maxHops)
            let source = try input(op, argument)
            var seen = Set<Int64>()
            while let row = try source.next() {
                try ctx.checkDeadline()
                guard case .node(let start) = row[from] ?? .null else { continue }
                try reach.run(from: start, avoiding: Self.usedRelationships(row, unique)) { node in
                    if let labels, !(try ctx.nodeHasLabels(node, labels)) { return }
                    if seen.insert(node).inserted { try ctx.memory.charge(2 * MemoryBudget.estimate(.node(node))) }
                }
            }
            var result: Row = [:]
            for name in outputs { result[name] = .int(Int64(seen.count)) }
            return ArrayStream([result])
        case .shortestPath(let pathVar, let from, let to, let relVar, let types, let direction, let minHops, let maxHops, let all, let props):
            return FlatMapStream(try input(op, argument)) { row in
                guard case .node(let a) = row[from] ?? .null, case .node(let b) = row[to] ?? .null else { return ArrayStream([]) }
                let required = try props.map { try ev.eval($0, row) }
                let paths = try ShortestPaths.find(graph: graph, ctx: ctx, from: a, to: b, types: types, direction: direction,
                                                   minHops: minHops, maxHops: maxHops, all: all, required: required)
                return ArrayStream(paths.map { p in
                    var r = row
                    r[pathVar] = .path(p)
                    if let relVar { r[relVar] = .list(p.relationships.map(Value.relationship)) }
                    return r
                })
            }
        case .filter(let predicate):
            let source = try input(op, argument)
            if graph.prefersBatchedReads, !ctx.queryWrites {
                // Where reads are round trips, the labels and properties of a batch of rows' nodes
                // are read at once (a statement per 500 nodes) before the predicate reads them row by row.
                return BatchedFlatMapStream(source, prepare: { rows in
                    var nodes: [Int64] = []
                    for row in rows { for case .node(let id) in row.values { nodes.append(id) } }
                    try graph.prefetchNodes(nodes)
                }) { row in
                    if case .bool(true) = try ev.eval(predicate, row) { return ArrayStream([row]) }
                    return ArrayStream([])
                }
            }
            return GeneratorStream {
                while let row = try source.next() {
                    if case .bool(true) = try ev.eval(predicate, row) { return row }
                }
                return nil
            }
        case .namedPath(let variable, let nodes, let rels):
            let source = try input(op, argument)
            return GeneratorStream {
                guard var row = try source.next() else { return nil }
                row[variable] = Self.buildPath(row, nodes: nodes, relationships: rels)
                return row
            }
        case .optional(let newVariables):
            let inner = op.children[1]
            let factory = self
            return FlatMapStream(try input(op, argument)) { row in
                let s = try factory.build(inner, argument: row)
                var first = try s.next()
                if first == nil {
                    var r = row
                    for v in newVariables { r[v] = .null }
                    return ArrayStream([r])
                }
                return GeneratorStream {
                    if let f = first { first = nil; return Self.trim(f, newVariables, row) }
                    return try s.next().map { Self.trim($0, newVariables, row) }
                }
            }
        case .semiApply(let negated):
            let inner = op.children[1]
            let factory = self
            let source = try input(op, argument)
            return GeneratorStream {
                while let row = try source.next() {
                    let found = try factory.build(inner, argument: row).next() != nil
                    if found != negated { return row }
                }
                return nil
            }
        case .unwind(let e, let variable):
            return FlatMapStream(try input(op, argument)) { row in
                let v = try ev.eval(e, row)
                let items: [Value]
                switch v {
                case .list(let l): items = l
                case .null: items = []
                default: items = [v]
                }
                var i = 0
                return GeneratorStream {
                    guard i < items.count else { return nil }
                    var r = row
                    r[variable] = items[i]
                    i += 1
                    return r
                }
            }
        case .projection(let items, let keepInput):
            let source = try input(op, argument)
            return GeneratorStream {
                guard let row = try source.next() else { return nil }
                var out: Row = keepInput ? row : [:]
                var computed: [(String, Value)] = []
                for (name, e) in items { computed.append((name, try ev.eval(e, row))) }
                for (name, v) in computed { out[name] = v }
                return out
            }
        case .aggregation(let keys, let aggregates):
            return try Aggregation.run(try input(op, argument), keys: keys, aggregates: aggregates, evaluator: ev)
        case .distinct(let names):
            let source = try input(op, argument)
            var seen = Set<EquivalenceKey>()
            return GeneratorStream {
                while let row = try source.next() {
                    let key = names.map { row[$0] ?? .null }
                    if seen.insert(EquivalenceKey(values: key)).inserted {
                        try ctx.memory.charge(64 + key.reduce(0) { $0 + MemoryBudget.estimate($1) })
                        return row
                    }
                }
                return nil
            }
        case .sort(let items):
            var rows: [Row] = []
            let source = try input(op, argument)
            while let r = try source.next() {
                try ctx.memory.charge(MemoryBudget.estimate(r) + items.count * MemoryBudget.slotBytes)
                rows.append(r)
            }
            return ArrayStream(try Sorting.sort(rows, items, evaluator: ev, limit: nil))
        case .top(let items, let limitExpr):
            let limit = try Self.count(limitExpr, ev, argument, what: "LIMIT")
            var rows: [Row] = []
            let source = try input(op, argument)
            if limit == 0 { return ArrayStream([]) }
            while let r = try source.next() {
                try ctx.memory.charge(MemoryBudget.estimate(r) + items.count * MemoryBudget.slotBytes)
                rows.append(r)
            }
            return ArrayStream(try Sorting.sort(rows, items, evaluator: ev, limit: limit))
        case .skip(let e):
            let n = try Self.count(e, ev, argument, what: "SKIP")
            let source = try input(op, argument)
            var skipped = 0
            return GeneratorStream {
                while skipped < n {
                    guard try source.next() != nil else { return nil }
                    skipped += 1
                }
                return try source.next()
            }
        case .limit(let e):
            let n = try Self.count(e, ev, argument, what: "LIMIT")
            let source = try input(op, argument)
            var produced = 0
            return GeneratorStream {
                guard produced < n, let r = try source.next() else { return nil }
                produced += 1
                return r
            }
        case .select(let names):
            let source = try input(op, argument)
            return GeneratorStream {
                guard let row = try source.next() else { return nil }
                var out: Row = [:]
                for n in names { out[n] = row[n] ?? .null }
                return out
            }
        case .union(let all):
            let left = try build(op.children[0], argument: argument)
            let right = try build(op.children[1], argument: argument)
            var onRight = false
            var seen = Set<EquivalenceKey>()
            var columns: [String]?
            return GeneratorStream {
                while true {
                    let r: Row?
                    if !onRight {
                        r = try left.next()
                        if r == nil { onRight = true; continue }
                    } else {
                        r = try right.next()
                    }
                    guard let row = r else { return nil }
                    if all { return row }
                    if columns == nil { columns = row.keys.sorted() }
                    if seen.insert(EquivalenceKey(values: columns!.map { row[$0] ?? .null })).inserted { return row }
                }
            }
        case .discard:
            let source = try input(op, argument)
            return GeneratorStream {
                while try source.next() != nil {}
                return nil
            }
        case .eager:
            var rows: [Row] = []
            let source = try input(op, argument)
            while let r = try source.next() { rows.append(r) }
            return ArrayStream(rows)
        case .procedureCall(let call, let outputs):
            return try ProcedureExecution.run(call, outputs: outputs, input: try input(op, argument), ctx: ctx)
        case .create, .merge, .set, .remove, .delete:
            return try UpdateExecution(ctx: ctx, factory: self).run(op, input: try input(op, argument))
        }
    }

    static func trim(_ row: Row, _ keep: [String], _ outer: Row) -> Row {
        var r = outer
        for v in keep { r[v] = row[v] ?? .null }
        return r
    }

    static func usedRelationships(_ row: Row, _ names: [String]) -> Set<Int64> {
        var s = Set<Int64>()
        for n in names {
            switch row[n] {
            case .relationship(let r)?: s.insert(r.id)
            case .list(let items)?: for case .relationship(let r) in items { s.insert(r.id) }
            default: break
            }
        }
        return s
    }

    static func matches(_ ctx: ExecutionContext, relationship id: Int64, _ required: Value) throws -> Bool {
        guard case .map(let m) = required else { return true }
        let props = try ctx.relationshipProperties(id)
        for (k, v) in m where ValueSemantics.equals(props[k] ?? .null, v) != true { return false }
        return true
    }

    static func buildPath(_ row: Row, nodes: [String], relationships: [String]) -> Value {
        guard case .node(var current) = row[nodes[0]] ?? .null else { return .null }
        var pathNodes = [current]
        var pathRels: [RelationshipRef] = []
        for name in relationships {
            switch row[name] ?? .null {
            case .relationship(let r):
                current = r.other(than: current)
                pathRels.append(r); pathNodes.append(current)
            case .list(let items):
                for case .relationship(let r) in items {
                    current = r.other(than: current)
                    pathRels.append(r); pathNodes.append(current)
                }
            default: return .null
            }
        }
        return .path(PathValue(nodes: pathNodes, relationships: pathRels))
    }

    /// A column operator's rows, or its row-by-row fallback's when the columns cannot answer
    /// (or fail: the fallback then reports the error as the rows would).
    private func columnar(_ op: PlanOp, _ argument: Row, _ body: (ColumnarOperators) throws -> RowStream?) throws -> RowStream {
        if let stream = (try? body(ColumnarOperators(ctx: ctx, evaluator: evaluator))) ?? nil { return stream }
        guard let fallback = op.fallback else {
            throw CypherError(type: .semantic, code: .internalError, phase: .runtime, message: "a column operator has no row plan to fall back on")
        }
        return try build(fallback, argument: argument)
    }

    /// Evaluates a SKIP / LIMIT count: a non-negative integer that does not depend on rows.
    static func count(_ e: Expr, _ ev: Evaluator, _ row: Row, what: String) throws -> Int {
        let v = try ev.eval(e, [:])
        switch v {
        case .int(let i):
            guard i >= 0 else { throw CypherError.syntax(.negativeIntegerArgument, "\(what) must not be negative, got \(i)", at: e.offset).runtime }
            return Int(clamping: i)
        default:
            throw CypherError.syntax(.invalidArgumentType, "\(what) takes a non-negative integer, not a \(v.typeName)", at: e.offset).runtime
        }
    }
}

extension CypherError {
    /// The same error, reported as found at runtime.
    var runtime: CypherError {
        var c = CypherError(type: type, code: code, phase: .runtime, message: message, offset: offset)
        c.location = location
        return c
    }
}
