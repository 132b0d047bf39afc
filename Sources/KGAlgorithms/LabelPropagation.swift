/// Label propagation (Raghavan et al. 2007): every node repeatedly takes the label carried by
/// the largest total weight among its neighbours (direction ignored), ties to the smallest
/// label, visiting nodes in index order, until no label changes or `maxIterations`.
public enum LabelPropagation {
    public struct Configuration: Sendable {
        public var maxIterations = 10
        public init() {}
    }

    public struct Result: Sendable {
        public let labels: [Int]
        public let iterations: Int
        public let didConverge: Bool
    }

    public static func run(_ g: GraphProjection, configuration c: Configuration = .init()) throws -> Result {
        guard c.maxIterations >= 1 else { throw AlgorithmError("maxIterations must be at least 1") }
        let n = g.nodeCount
        var label = Array(0..<n)
        var weight = [Double](repeating: 0, count: n)
        var touched: [Int] = []
        for iteration in 1...max(1, c.maxIterations) {
            var changed = 0
            for v in 0..<n {
                touched.removeAll(keepingCapacity: true)
                let ranges = g.isUndirected ? [(g.outRange(v), true)] : [(g.outRange(v), true), (g.inRange(v), false)]
                for (range, out) in ranges {
                    for k in range {
                        let u = Int(out ? g.outTargets[k] : g.inSources[k])
                        if u == v { continue }
                        let l = label[u]
                        if weight[l] == 0 { touched.append(l) }
                        weight[l] += out ? g.outWeight(k) : g.inWeight(k)
                    }
                }
                guard !touched.isEmpty else { continue }
                var best = touched[0]
                for l in touched where weight[l] > weight[best] || (weight[l] == weight[best] && l < best) { best = l }
                for l in touched { weight[l] = 0 }
                if best != label[v] { label[v] = best; changed += 1 }
            }
            if changed == 0 { return Result(labels: label, iterations: iteration, didConverge: true) }
        }
        return Result(labels: label, iterations: c.maxIterations, didConverge: false)
    }
}
