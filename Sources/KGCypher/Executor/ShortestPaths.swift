import KGCore

/// Breadth-first shortest paths between two nodes (one, or all of the minimal length).
enum ShortestPaths {
    static func find(graph: GraphReadable, ctx: ExecutionContext, from a: Int64, to b: Int64, types: [String],
                     direction: ExpandDirection, minHops: Int, maxHops: Int?, all: Bool, required: Value?) throws -> [PathValue] {
        if a == b && minHops == 0 { return [PathValue(nodes: [a], relationships: [])] }
        // BFS layers, keeping every predecessor edge for all shortest paths.
        var depth: [Int64: Int] = [a: 0]
        var parents: [Int64: [(Int64, RelationshipRef)]] = [:]
        var frontier = [a]
        var level = 0
        var found = false
        while !frontier.isEmpty, !found {
            if let maxHops, level >= maxHops { break }
            level += 1
            var next: [Int64] = []
            for (k, node) in frontier.enumerated() {
                try ctx.checkDeadline()
                // Where reads are round trips, a slice of the level's relationships at a time.
                if graph.prefersBatchedReads, k % 500 == 0 {
                    try graph.prefetchRelationships(of: Array(frontier[k..<min(frontier.count, k + 500)]), direction: direction, types: types)
                }
                for rel in try graph.relationships(of: node, direction: direction, types: types) {
                    if ctx.tracker.deletedRelationships.contains(rel.id) { continue }
                    if let required, !(try OperatorFactory.matches(ctx, relationship: rel.id, required)) { continue }
                    let other = rel.far(from: node, direction)
                    if let d = depth[other] {
                        if d == level { parents[other, default: []].append((node, rel)) }
                        continue
                    }
                    depth[other] = level
                    parents[other] = [(node, rel)]
                    next.append(other)
                    if other == b { found = true }
                }
            }
            frontier = next
        }
        guard found else { return [] }
        guard level >= minHops else { return [] }
        // Depth-first over the predecessor edges, with an explicit stack (a path may be thousands
        // of hops long) and the memory budget charged per path (there may be exponentially many).
        var results: [PathValue] = []
        var stack: [(node: Int64, nodes: [Int64], rels: [RelationshipRef])] = [(b, [b], [])]
        while let (node, nodes, rels) = stack.popLast() {
            try ctx.checkDeadline()
            if node == a && rels.count == level {
                try ctx.memory.charge((nodes.count + rels.count) * MemoryBudget.slotBytes)
                results.append(PathValue(nodes: Array(nodes.reversed()), relationships: Array(rels.reversed())))
                if !all { break }
                continue
            }
            for (p, r) in (parents[node] ?? []).reversed() { stack.append((p, nodes + [p], rels + [r])) }
        }
        return all ? results : Array(results.prefix(1))
    }
}
