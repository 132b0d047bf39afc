/// PageRank by power iteration, with NetworkX's semantics: scores sum to 1; a node without
/// outgoing arcs (dangling) gives its mass to every node in proportion to the personalization
/// vector (uniform for plain PageRank); with weights, each node splits its mass in proportion to
/// the weights of its outgoing arcs. Stops when the L1 change is below `nodeCount × tolerance`
/// or after `maxIterations`. Personalized PageRank restarts at the source nodes (uniformly).
public enum PageRank {
    public struct Configuration: Sendable {
        public var dampingFactor = 0.85
        public var maxIterations = 20
        public var tolerance = 1e-7
        /// Dense indices of the restart nodes (empty: plain PageRank).
        public var sourceNodes: [Int] = []
        public init() {}

        public func validate() throws {
            guard dampingFactor >= 0 && dampingFactor < 1 else {
                throw AlgorithmError("dampingFactor must be in [0, 1), got \(dampingFactor)")
            }
            guard maxIterations >= 1 else { throw AlgorithmError("maxIterations must be at least 1, got \(maxIterations)") }
            guard tolerance >= 0 else { throw AlgorithmError("tolerance must not be negative, got \(tolerance)") }
        }
    }

    public struct Result: Sendable {
        public let scores: [Double]
        public let iterations: Int
        public let didConverge: Bool
    }

    public static func run(_ g: GraphProjection, configuration c: Configuration = .init()) throws -> Result {
        try c.validate()
        let n = g.nodeCount
        if n == 0 { return Result(scores: [], iterations: 0, didConverge: true) }
        var restart = [Double](repeating: 0, count: n)
        if c.sourceNodes.isEmpty {
            for i in 0..<n { restart[i] = 1 / Double(n) }
        } else {
            for s in c.sourceNodes {
                guard s >= 0 && s < n else { throw AlgorithmError("sourceNodes: node index \(s) is not in the projection") }
                restart[s] += 1 / Double(c.sourceNodes.count)
            }
        }
        var outSum = [Double](repeating: 0, count: n)
        for i in 0..<n { for k in g.outRange(i) { outSum[i] += g.outWeight(k) } }
        let dangling = (0..<n).filter { outSum[$0] == 0 }
        var x = [Double](repeating: 1 / Double(n), count: n)
        let alpha = c.dampingFactor
        let next = SharedBuffer(repeating: 0.0, count: n)
        for iteration in 1...c.maxIterations {
            // Mass each node sends along one unit of arc weight.
            var share = [Double](repeating: 0, count: n)
            for i in 0..<n where outSum[i] > 0 { share[i] = x[i] / outSum[i] }
            var danglingMass = 0.0
            for d in dangling { danglingMass += x[d] }
            let base = alpha * danglingMass
            let s = share, r = restart
            Parallel.forEachChunk(n) { range in
                for v in range {
                    var acc = 0.0
                    for k in g.inRange(v) { acc += s[Int(g.inSources[k])] * g.inWeight(k) }
                    next[v] = alpha * acc + base * r[v] + (1 - alpha) * r[v]
                }
            }
            var err = 0.0
            for i in 0..<n { err += abs(next[i] - x[i]); x[i] = next[i] }
            if err < Double(n) * c.tolerance { return Result(scores: x, iterations: iteration, didConverge: true) }
        }
        return Result(scores: x, iterations: c.maxIterations, didConverge: false)
    }
}
