/// Optimizer pass: an aggregation without grouping keys whose every aggregate is
/// `count(DISTINCT x)` of a pruning expansion's end node `x`, over the expansion directly or
/// through one label test on `x`, becomes a `reachCount`: the end nodes go into one set of ids
/// instead of a row each through the filter and the aggregation. Same result: the expansion
/// yields each end node once per input row, the filter keeps those with the labels, and the
/// count of distinct ones over all rows is the set's size (0 without input, one row either way).
enum ReachCountPass {
    static func apply(_ root: PlanOp) {
        for child in root.children { apply(child) }
        guard let fused = fuse(root) else { return }
        root.replace(with: fused)
    }

    private static func fuse(_ op: PlanOp) -> PlanOp? {
        guard case .aggregation(let keys, let aggregates) = op.kind, keys.isEmpty, !aggregates.isEmpty,
              op.children.count == 1 else { return nil }
        var below = op.children[0]
        var labels: [String]?
        var tested: String?
        if case .filter(let predicate) = below.kind, below.children.count == 1 {
            guard case .hasLabels(let base, let names) = predicate.kind, case .variable(let name) = base.kind else { return nil }
            labels = names; tested = name
            below = below.children[0]
        }
        guard case .pruningVarExpand(let from, let to, let types, let direction, let mn, let mx, let unique) = below.kind,
              tested.map({ $0 == to }) ?? true,
              aggregates.allSatisfy({ countsDistinct($0.1, of: to) }) else { return nil }
        let fused = PlanOp(.reachCount(from: from, to: to, types: types, direction: direction, min: mn, max: mx, unique: unique,
                                       labels: labels, outputs: aggregates.map(\.0)), below.children)
        fused.estimatedRows = 1
        return fused
    }

    /// Whether `e` is `count(DISTINCT variable)`.
    private static func countsDistinct(_ e: Expr, of variable: String) -> Bool {
        guard case .function(let name, true, let args) = e.kind, name.lowercased() == "count", args.count == 1,
              case .variable(let v) = args[0].kind else { return false }
        return v == variable
    }
}
