import Foundation

/// Closeness centrality as NetworkX's `closeness_centrality` (Wasserman–Faust improved form):
/// for node u with r nodes that reach it (itself included) at total distance D,
/// (r−1)/D · (r−1)/(n−1); distances are taken towards u (incoming arcs) on directed projections.
/// Unweighted (BFS) or weighted (Dijkstra); nodes run in parallel.
public enum Closeness {
    public static func run(_ g: GraphProjection) throws -> [Double] {
        let n = g.nodeCount
        if g.isWeighted, let w = g.inWeights, w.contains(where: { $0 < 0 }) {
            throw AlgorithmError("weightProperty: closeness needs non-negative weights")
        }
        let out = SharedBuffer(repeating: 0.0, count: n)
        Parallel.forEachChunk(n, minChunk: 64) { range in
            var dist = [Double](repeating: -1, count: n)
            var reached: [Int] = []
            var heap = DijkstraHeap()
            for u in range {
                for v in reached { dist[v] = -1 }
                reached.removeAll(keepingCapacity: true)
                var total = 0.0
                if !g.isWeighted {
                    dist[u] = 0; reached.append(u)
                    var head = 0
                    while head < reached.count {
                        let v = reached[head]; head += 1
                        for k in g.inRange(v) {
                            let w = Int(g.inSources[k])
                            if dist[w] < 0 { dist[w] = dist[v] + 1; total += dist[w]; reached.append(w) }
                        }
                    }
                } else {
                    heap.removeAll()
                    var seq = 0
                    heap.push(0, seq, pred: u, node: u)
                    var best = [Int: Double]()
                    best[u] = 0
                    while let (d, _, v) = heap.pop() {
                        if dist[v] >= 0 { continue }
                        dist[v] = d; total += d; reached.append(v)
                        for k in g.inRange(v) {
                            let w = Int(g.inSources[k]), nd = d + g.inWeight(k)
                            if dist[w] < 0 && nd < (best[w] ?? .infinity) { best[w] = nd; seq += 1; heap.push(nd, seq, pred: v, node: w) }
                        }
                    }
                }
                let r = Double(reached.count)
                if total > 0 && n > 1 { out[u] = (r - 1) / total * ((r - 1) / Double(n - 1)) }
            }
        }
        return out.array
    }
}
