/// Degree centrality: the number (or total weight) of arcs leaving each node in the projection
/// (out-degree for `natural`, in-degree for `reverse`, degree for `undirected`, where a self
/// loop counts twice as in NetworkX); `normalized` divides by n − 1 (NetworkX's `degree_centrality`
/// on undirected graphs).
public enum DegreeCentrality {
    public static func run(_ g: GraphProjection, normalized: Bool = false) -> [Double] {
        let n = g.nodeCount
        var out = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for k in g.outRange(i) {
                out[i] += g.outWeight(k) * (g.isUndirected && Int(g.outTargets[k]) == i ? 2 : 1)
            }
        }
        if normalized && n > 1 { for i in 0..<n { out[i] /= Double(n - 1) } }
        return out
    }
}
