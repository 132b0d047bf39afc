/// Core numbers (Batagelj & Zaversnik's bucket algorithm), direction ignored, self loops and
/// parallel relationships ignored, as NetworkX's `core_number`.
public enum KCore {
    public static func coreNumbers(_ g: GraphProjection) -> [Int] {
        let n = g.nodeCount
        let neighbours = (0..<n).map { g.undirectedNeighbours($0) }
        var degree = neighbours.map(\.count)
        let maxDegree = degree.max() ?? 0
        var bins = [Int](repeating: 0, count: maxDegree + 2)
        for d in degree { bins[d] += 1 }
        var start = 0
        for d in 0...maxDegree { let c = bins[d]; bins[d] = start; start += c }
        var pos = [Int](repeating: 0, count: n), order = [Int](repeating: 0, count: n)
        for v in 0..<n { pos[v] = bins[degree[v]]; order[pos[v]] = v; bins[degree[v]] += 1 }
        for d in stride(from: maxDegree, to: 0, by: -1) { bins[d] = bins[d - 1] }
        if maxDegree >= 0 { bins[0] = 0 }
        for i in 0..<n {
            let v = order[i]
            for u32 in neighbours[v] {
                let u = Int(u32)
                if degree[u] > degree[v] {
                    let du = degree[u], pu = pos[u], pw = bins[du], w = order[pw]
                    if u != w { pos[u] = pw; order[pu] = w; pos[w] = pu; order[pw] = u }
                    bins[du] += 1
                    degree[u] -= 1
                }
            }
        }
        return degree
    }
}
