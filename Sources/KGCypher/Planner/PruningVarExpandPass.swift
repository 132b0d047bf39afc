/// Optimizer pass: a variable-length expansion whose paths only matter through their distinct end
/// nodes becomes a `pruningVarExpand` (Neo4j's `VarLengthExpand(Pruning)`), which visits each
/// reachable node once instead of every path to it (exponential in the length on dense graphs).
///
/// It applies when the expansion's relationship variable is anonymous and used nowhere else (no
/// path variable, no uniqueness constraint of another relationship names it), it has no property
/// predicate, its far end is unbound, its minimum length is 0 or 1 and it has a direction (an
/// undirected walk may go back over the relationship it came by, a path may not), and the rows it produces
/// reach, through operators that map each row to rows on its own (filters, projections, expands),
/// a DISTINCT or an aggregation whose results do not depend on how often a row occurs (every
/// aggregate DISTINCT, or min/max). Then only which end nodes are reached matters, and the sets
/// agree (see the operator).
enum PruningVarExpandPass {
    static func apply(_ root: PlanOp) {
        var pinned = Set<String>()
        collectPinned(root, into: &pinned)
        rewrite(root, pinned: pinned)
    }

    /// Relationship variables something else refers to.
    private static func collectPinned(_ op: PlanOp, into pinned: inout Set<String>) {
        switch op.kind {
        case .expand(_, _, _, _, _, _, let unique): pinned.formUnion(unique)
        case .varExpand(_, _, _, _, _, _, _, _, _, let unique, _): pinned.formUnion(unique)
        case .namedPath(_, _, let relationships): pinned.formUnion(relationships)
        case .shortestPath(_, _, _, let rel?, _, _, _, _, _, _): pinned.insert(rel)
        default: break
        }
        for c in op.children { collectPinned(c, into: &pinned) }
    }

    private static func rewrite(_ op: PlanOp, pinned: Set<String>) {
        if insensitiveToDuplicates(op) { prune(below: op, pinned: pinned) }
        for c in op.children { rewrite(c, pinned: pinned) }
    }

    private static func insensitiveToDuplicates(_ op: PlanOp) -> Bool {
        switch op.kind {
        case .distinct: return true
        case .aggregation(_, let aggregates):
            return aggregates.allSatisfy { _, e in
                guard case .function(let name, let distinct, _) = e.kind else { return false }
                return distinct || ["min", "max"].contains(name.lowercased())
            }
        default: return false
        }
    }

    /// Follows the row flow down from `top` through row-by-row operators and rewrites the
    /// variable-length expansions it meets.
    private static func prune(below top: PlanOp, pinned: Set<String>) {
        var parent = top
        while let child = parent.children.first {
            switch child.kind {
            case .filter, .projection, .select, .expand:
                parent = child
            case .varExpand(let from, let rel, let to, let types, let direction, let min, let max, let toBound, let properties, let unique, _):
                if rel.hasPrefix(" "), !pinned.contains(rel), properties == nil, !toBound, min <= 1, direction != .both {
                    let pruned = PlanOp(.pruningVarExpand(from: from, to: to, types: types, direction: direction, min: min, max: max, unique: unique), child.children)
                    pruned.estimatedRows = child.estimatedRows
                    parent.children[0] = pruned
                    parent = pruned
                } else {
                    parent = child
                }
            default:
                return
            }
        }
    }
}
