/// Optimizer pass: counting a node's relationships reads its degree instead of the relationships
/// (Neo4j's `getDegree`). An aggregation whose aggregates are all `count(*)` or `count(r)`, and
/// whose grouping keys do not use the relationship or the far node, over an expansion to an
/// anonymous node with no uniqueness constraint, becomes a `degreeCount` (one row per start
/// node with at least one relationship, carrying the number) summed by the aggregation.
///
/// Applies to reading queries only (a query's own deletions are not in the store's counts).
enum DegreeCountPass {
    static func apply(_ root: PlanOp) {
        guard !writes(root) else { return }
        var counter = 0
        rewrite(root, counter: &counter)
    }

    private static func writes(_ op: PlanOp) -> Bool {
        switch op.kind {
        case .create, .merge, .set, .remove, .delete, .procedureCall: return true
        default: return op.children.contains(where: writes)
        }
    }

    private static func rewrite(_ op: PlanOp, counter: inout Int) {
        if case .aggregation(let keys, let aggregates) = op.kind, let child = op.children.first,
           case .expand(let from, let rel, let to, let types, let direction, false, let unique) = child.kind,
           unique.isEmpty, to.hasPrefix(" "),
           keys.allSatisfy({ usesOnlyOthers($0.1, not: [rel, to]) }),
           aggregates.allSatisfy({ isCount($0.1, of: rel) }) {
            counter += 1
            let degree = " degree\(counter)"
            let summed = aggregates.map { name, e in
                (name, Expr(.function(name: "sum", distinct: false, args: [Expr(.variable(degree), at: e.offset)]), at: e.offset))
            }
            let count = PlanOp(.degreeCount(from: from, relationship: rel, to: to, types: types, direction: direction, into: degree),
                               child.children)
            count.estimatedRows = child.estimatedRows
            let aggregation = PlanOp(.aggregation(keys: keys, aggregates: summed), [count])
            aggregation.estimatedRows = op.estimatedRows
            op.replace(with: aggregation)
        }
        for c in op.children { rewrite(c, counter: &counter) }
    }

    /// `count(*)` or `count(rel)` (not DISTINCT).
    private static func isCount(_ e: Expr, of rel: String) -> Bool {
        switch e.kind {
        case .countStar: return true
        case .function(let name, false, let args) where name.lowercased() == "count" && args.count == 1:
            if case .variable(rel) = args[0].kind { return true }
            return false
        default: return false
        }
    }

    /// A grouping key that is a variable or a property of one, other than `excluded`.
    private static func usesOnlyOthers(_ e: Expr, not excluded: [String]) -> Bool {
        switch e.kind {
        case .variable(let v): return !excluded.contains(v)
        case .property(let base, _): return usesOnlyOthers(base, not: excluded)
        case .literal, .parameter: return true
        default: return false
        }
    }
}
