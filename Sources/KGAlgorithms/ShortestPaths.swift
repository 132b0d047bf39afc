/// Shortest paths on the projection: breadth-first search when unweighted, Dijkstra on the
/// weights otherwise (non-negative); one path or all shortest paths between two nodes, and the
/// distances from one node to all others.
public enum ShortestPaths {
    /// A path as dense nodes and the stored relationship of each step.
    public struct Path: Sendable, Equatable {
        public let nodes: [Int]
        public let relationships: [Int64]
        public let cost: Double
    }

    /// Distances from `source` to every node it reaches (nil: unreachable).
    public static func distances(_ g: GraphProjection, from source: Int) throws -> [Double?] {
        let (dist, _) = try search(g, from: source, target: nil)
        return dist.map { $0 == .infinity ? nil : $0 }
    }

    /// One shortest path from `source` to `target` (the lowest predecessor at each step), or nil.
    public static func path(_ g: GraphProjection, from source: Int, to target: Int) throws -> Path? {
        try allPaths(g, from: source, to: target, limit: 1).first
    }

    /// All shortest paths from `source` to `target`, at most `limit`, in lexicographic order of nodes.
    public static func allPaths(_ g: GraphProjection, from source: Int, to target: Int, limit: Int = 1000) throws -> [Path] {
        guard limit >= 1 else { throw AlgorithmError("limit must be at least 1") }
        let (dist, preds) = try search(g, from: source, target: target)
        guard dist[target] < .infinity else { return [] }
        // Enumerate backwards from the target along predecessor arcs.
        var out: [Path] = []
        var stackNodes: [Int] = [target], stackRels: [Int64] = []
        func walk(_ v: Int) {
            if out.count >= limit { return }
            if v == source {
                out.append(Path(nodes: stackNodes.reversed(), relationships: stackRels.reversed(), cost: dist[target]))
                return
            }
            for (p, rel) in preds[v] {
                stackNodes.append(p); stackRels.append(rel)
                walk(p)
                stackNodes.removeLast(); stackRels.removeLast()
                if out.count >= limit { return }
            }
        }
        walk(target)
        return out.sorted { $0.nodes.lexicographicallyPrecedes($1.nodes) }
    }

    /// Distances and, per node, its predecessors on shortest paths (node, relationship), sorted.
    static func search(_ g: GraphProjection, from source: Int, target: Int?) throws -> ([Double], [[(Int, Int64)]]) {
        let n = g.nodeCount
        guard source >= 0 && source < n else { throw AlgorithmError("sourceNode is not in the projection") }
        if let target { guard target >= 0 && target < n else { throw AlgorithmError("targetNode is not in the projection") } }
        if let w = g.outWeights, w.contains(where: { $0 < 0 }) { throw AlgorithmError("weightProperty: shortest paths need non-negative weights") }
        var dist = [Double](repeating: .infinity, count: n)
        var preds = [[(Int, Int64)]](repeating: [], count: n)
        dist[source] = 0
        if !g.isWeighted {
            var queue = [source], head = 0
            while head < queue.count {
                let v = queue[head]; head += 1
                if let target, dist[v] > dist[target] { break }
                for k in g.outRange(v) {
                    let w = Int(g.outTargets[k])
                    if dist[w] == .infinity { dist[w] = dist[v] + 1; queue.append(w) }
                    if dist[w] == dist[v] + 1 { preds[w].append((v, g.outRelationships[k])) }
                }
            }
        } else {
            var heap = DijkstraHeap()
            var done = [Bool](repeating: false, count: n)
            var seq = 0
            heap.push(0, seq, pred: source, node: source)
            while let (d, _, v) = heap.pop() {
                if done[v] { continue }
                done[v] = true
                if let target, d > dist[target] { break }
                for k in g.outRange(v) {
                    let w = Int(g.outTargets[k]), nd = d + g.outWeight(k)
                    if nd < dist[w] {
                        dist[w] = nd; preds[w] = [(v, g.outRelationships[k])]
                        seq += 1; heap.push(nd, seq, pred: v, node: w)
                    } else if nd == dist[w] && !done[w] {
                        preds[w].append((v, g.outRelationships[k]))
                    }
                }
            }
        }
        for i in 0..<n where preds[i].count > 1 { preds[i].sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 } }
        return (dist, preds)
    }
}
