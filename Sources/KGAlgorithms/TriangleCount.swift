/// Triangles through each node and the local clustering coefficient, direction, self loops and
/// parallel relationships ignored (NetworkX's `triangles` and `clustering` on the simple
/// undirected graph). Nodes run in parallel.
public enum TriangleCount {
    public struct Result: Sendable {
        public let triangles: [Int]
        public let clustering: [Double]
        public var total: Int { triangles.reduce(0, +) / 3 }
    }

    public static func run(_ g: GraphProjection) -> Result {
        let n = g.nodeCount
        let neighbours = (0..<n).map { g.undirectedNeighbours($0) }
        let counts = SharedBuffer(repeating: 0, count: n)
        Parallel.forEachChunk(n, minChunk: 256) { range in
            for u in range {
                let nu = neighbours[u]
                var t = 0
                for v in nu {
                    // |N(u) ∩ N(v)| by merging sorted lists.
                    let nv = neighbours[Int(v)]
                    var i = 0, j = 0
                    while i < nu.count && j < nv.count {
                        if nu[i] == nv[j] { t += 1; i += 1; j += 1 } else if nu[i] < nv[j] { i += 1 } else { j += 1 }
                    }
                }
                counts[u] = t / 2
            }
        }
        let triangles = counts.array
        let clustering = (0..<n).map { i -> Double in
            let d = neighbours[i].count
            return d < 2 ? 0 : 2 * Double(triangles[i]) / Double(d * (d - 1))
        }
        return Result(triangles: triangles, clustering: clustering)
    }
}
