/// Node similarity as Neo4j GDS computes it: nodes compared by the sets of nodes their arcs lead
/// to (Jaccard |A∩B|/|A∪B| or overlap |A∩B|/min(|A|,|B|)), the `topK` most similar per node
/// above `similarityCutoff`, only pairs sharing at least one neighbour. Nodes run in parallel.
public enum NodeSimilarity {
    public enum Metric: String, Sendable { case jaccard, overlap }

    public struct Configuration: Sendable {
        public var topK = 10
        public var similarityCutoff = 1e-42
        public var metric = Metric.jaccard
        /// Nodes with fewer neighbours are left out.
        public var degreeCutoff = 1
        public init() {}

        public func validate() throws {
            guard topK >= 1 else { throw AlgorithmError("topK must be at least 1, got \(topK)") }
            guard (0...1).contains(similarityCutoff) else { throw AlgorithmError("similarityCutoff must be in [0, 1]") }
            guard degreeCutoff >= 1 else { throw AlgorithmError("degreeCutoff must be at least 1") }
        }
    }

    public struct Pair: Sendable, Equatable {
        public let node1: Int
        public let node2: Int
        public let similarity: Double
    }

    public static func run(_ g: GraphProjection, configuration c: Configuration = .init()) throws -> [Pair] {
        try c.validate()
        let n = g.nodeCount
        let sets = (0..<n).map { Array(g.outTargets[g.outRange($0)]).uniqued() }
        // Who points at each target: the candidates sharing it.
        var pointing = [[Int32]](repeating: [], count: n)
        for a in 0..<n where sets[a].count >= c.degreeCutoff { for t in sets[a] { pointing[Int(t)].append(Int32(a)) } }
        let results = SharedBuffer(repeating: [Pair](), count: n)
        Parallel.forEachChunk(n, minChunk: 64) { range in
            var shared = [Int32](repeating: 0, count: n)
            var touched: [Int] = []
            for a in range where sets[a].count >= c.degreeCutoff {
                touched.removeAll(keepingCapacity: true)
                for t in sets[a] {
                    for b32 in pointing[Int(t)] where Int(b32) != a {
                        let b = Int(b32)
                        if shared[b] == 0 { touched.append(b) }
                        shared[b] += 1
                    }
                }
                var best: [Pair] = []
                for b in touched {
                    let inter = Double(shared[b])
                    shared[b] = 0
                    let sa = Double(sets[a].count), sb = Double(sets[b].count)
                    let sim = c.metric == .jaccard ? inter / (sa + sb - inter) : inter / min(sa, sb)
                    guard sim >= c.similarityCutoff else { continue }
                    best.append(Pair(node1: a, node2: b, similarity: sim))
                }
                best.sort { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.node2 < $1.node2 }
                results[a] = Array(best.prefix(c.topK))
            }
        }
        return results.array.flatMap { $0 }
    }
}
