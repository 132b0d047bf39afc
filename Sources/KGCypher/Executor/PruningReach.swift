import KGCore

/// The breadth-first search behind `pruningVarExpand` and `reachCount`: the distinct end nodes of
/// directed walks of `minHops`…`maxHops` relationships (0 or 1 … n) from a node, each node
/// expanded once.
///
/// The end nodes of directed walks of 1…n hops are those of trails (paths without a repeated
/// relationship) of 1…n hops: both uses of a relationship start at its start node, so cutting
/// the closed part between them shortens a walk and keeps its ends (not so undirected, which the
/// planner leaves alone). So a search that expands each node once finds the same end nodes as
/// enumerating paths.
struct PruningReach {
    let graph: GraphReadable
    let ctx: ExecutionContext
    let types: [String]
    let direction: ExpandDirection
    let minHops: Int
    let maxHops: Int?

    /// Calls `yield` once with each end node, in the order the search meets them.
    /// - Parameter used: relationships the walks may not take (bound elsewhere in the pattern).
    func run(from source: Int64, avoiding used: Set<Int64>, _ yield: (Int64) throws -> Void) throws {
        // Every node but the source is yielded when first expanded; the source is expanded first
        // and yielded at most once (at 0 hops, or when a walk comes back to it).
        var sourceYielded = minHops == 0
        if sourceYielded { try yield(source) }
        var expanded: Set<Int64> = [source]
        var frontier = [source]
        var depth = 0
        while !frontier.isEmpty, maxHops.map({ depth < $0 }) ?? true {
            depth += 1
            try ctx.checkDeadline()
            var next: [Int64] = []
            for far in try ends(of: frontier, avoiding: used) {
                if expanded.insert(far).inserted {
                    try yield(far)
                    next.append(far)
                } else if far == source && !sourceYielded {
                    sourceYielded = true
                    try yield(far)
                }
            }
            frontier = next
        }
    }

    /// The far ends of the frontier's relationships, in the store's order.
    private func ends(of frontier: [Int64], avoiding used: Set<Int64>) throws -> [Int64] {
        // Without relationships to avoid, the far ends are enough (no relationship values).
        if used.isEmpty && ctx.tracker.deletedRelationships.isEmpty {
            return try graph.neighbors(ofAll: frontier, direction: direction, types: types)
        }
        var ends: [Int64] = []
        for (k, node) in frontier.enumerated() {
            try ctx.checkDeadline()
            if graph.prefersBatchedReads, k % 500 == 0 {
                try graph.prefetchRelationships(of: Array(frontier[k..<min(frontier.count, k + 500)]), direction: direction, types: types)
            }
            ends += try graph.relationships(of: node, direction: direction, types: types).compactMap { rel in
                used.contains(rel.id) || ctx.tracker.deletedRelationships.contains(rel.id) ? nil : rel.far(from: node, direction)
            }
        }
        return ends
    }
}
