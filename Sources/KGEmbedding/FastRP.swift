import Foundation
import KGCore

/// Fast random projection node embeddings (Chen et al., "Fast and Accurate Network Embeddings
/// via Very Sparse Random Projection", 2019), with the parameters Neo4j GDS exposes: very sparse
/// random vectors, scaled by degree^normalizationStrength, propagated by the degree-normalised
/// adjacency `iterationWeights.count` times (each power row-normalised), and summed with the
/// iteration weights (plus `nodeSelfInfluence` × the initial vector).
public enum FastRP {
    public struct Configuration: Sendable, Equatable {
        public var dimension: Int
        /// Weight of each propagation power, first = one hop.
        public var iterationWeights: [Float]
        /// β: initial vectors scaled by degree^β (negative damps hubs).
        public var normalizationStrength: Float
        public var nodeSelfInfluence: Float
        /// Density of the random vectors is 1/s (s = 3 in the paper).
        public var sparsity: Float
        public var seed: UInt64
        public var threads: Int

        public init(dimension: Int = 128, iterationWeights: [Float] = [0, 1, 1], normalizationStrength: Float = 0,
                    nodeSelfInfluence: Float = 0, sparsity: Float = 3, seed: UInt64 = 42,
                    threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
            self.dimension = dimension; self.iterationWeights = iterationWeights
            self.normalizationStrength = normalizationStrength; self.nodeSelfInfluence = nodeSelfInfluence
            self.sparsity = sparsity; self.seed = seed; self.threads = threads
        }

        public func validate() throws {
            guard dimension >= 1 else { throw EmbeddingError(code: .invalidArgumentValue, message: "embeddingDimension must be positive") }
            guard !iterationWeights.isEmpty else { throw EmbeddingError(code: .invalidArgumentValue, message: "iterationWeights must not be empty") }
            guard sparsity >= 1 else { throw EmbeddingError(code: .invalidArgumentValue, message: "sparsity must be at least 1") }
            guard threads >= 1 else { throw EmbeddingError(code: .invalidArgumentValue, message: "threads must be positive") }
        }
    }

    /// An undirected graph in CSR form: neighbours of node i are `neighbors[offsets[i]..<offsets[i+1]]`.
    public struct Graph: Sendable {
        public let offsets: [Int]
        public let neighbors: [Int32]
        public var nodeCount: Int { offsets.count - 1 }
        public init(offsets: [Int], neighbors: [Int32]) {
            precondition(!offsets.isEmpty && offsets.last == neighbors.count, "offsets must end at the neighbour count")
            self.offsets = offsets; self.neighbors = neighbors
        }

        /// Builds the symmetric CSR of an edge list over `nodeCount` nodes (each edge both ways; self loops once).
        public static func undirected(nodeCount: Int, edges: [(Int32, Int32)]) -> Graph {
            var degree = [Int](repeating: 0, count: nodeCount + 1)
            for (a, b) in edges {
                degree[Int(a) + 1] += 1
                if a != b { degree[Int(b) + 1] += 1 }
            }
            for i in 0..<nodeCount { degree[i + 1] += degree[i] }
            var pos = degree
            var nb = [Int32](repeating: 0, count: degree[nodeCount])
            for (a, b) in edges {
                nb[pos[Int(a)]] = b; pos[Int(a)] += 1
                if a != b { nb[pos[Int(b)]] = a; pos[Int(b)] += 1 }
            }
            return Graph(offsets: degree, neighbors: nb)
        }
    }

    /// Embeddings of every node, `nodeCount × dimension` row-major (not normalised).
    public static func embed(_ graph: Graph, configuration c: Configuration = Configuration()) throws -> [Float] {
        try c.validate()
        let n = graph.nodeCount, d = c.dimension
        if n == 0 { return [] }
        // Very sparse random projection: ±sqrt(s) with probability 1/(2s) each, else 0.
        let magnitude = c.sparsity.squareRoot()
        var initial = [Float](repeating: 0, count: n * d)
        var rng = GaussianRandom(seed: c.seed)
        let threshold = Double(1 / c.sparsity)
        for i in 0..<n {
            let deg = Float(max(1, graph.offsets[i + 1] - graph.offsets[i]))
            let scale = c.normalizationStrength == 0 ? 1 : pow(deg, c.normalizationStrength)
            for j in 0..<d {
                let u = rng.nextUniform()
                if u <= threshold { initial[i * d + j] = (u <= threshold / 2 ? magnitude : -magnitude) * scale }
            }
        }
        var result = [Float](repeating: 0, count: n * d)
        if c.nodeSelfInfluence != 0 {
            for k in 0..<(n * d) { result[k] = c.nodeSelfInfluence * initial[k] }
        }
        // Without edges every propagated row is zero.
        if graph.neighbors.isEmpty { return result }
        var current = initial
        var next = [Float](repeating: 0, count: n * d)
        let chunks = max(1, min(n, c.threads * 8))
        let per = (n + chunks - 1) / chunks
        for weight in c.iterationWeights {
            // next = D⁻¹ A current, each row then scaled to unit length.
            current.withUnsafeBufferPointer { cur in
                next.withUnsafeMutableBufferPointer { nx in
                    graph.offsets.withUnsafeBufferPointer { off in
                        graph.neighbors.withUnsafeBufferPointer { nb in
                            let cp = SharedPointer(UnsafeMutablePointer(mutating: cur.baseAddress!))
                            let np = SharedPointer(nx.baseAddress!)
                            let op = SharedPointer(UnsafeMutablePointer(mutating: off.baseAddress!))
                            let bp = SharedPointer(UnsafeMutablePointer(mutating: nb.baseAddress!))
                            DispatchQueue.concurrentPerform(iterations: chunks) { t in
                                for i in min(n, t * per)..<min(n, (t + 1) * per) {
                                    let row = np.pointer + i * d
                                    row.update(repeating: 0, count: d)
                                    let start = op.pointer[i], end = op.pointer[i + 1]
                                    if start == end { continue }
                                    for e in start..<end {
                                        let src = cp.pointer + Int(bp.pointer[e]) * d
                                        for j in 0..<d { row[j] += src[j] }
                                    }
                                    var norm: Float = 0
                                    for j in 0..<d { norm += row[j] * row[j] }
                                    // Row normalisation subsumes the 1/degree factor.
                                    if norm > 0 {
                                        let inv = 1 / norm.squareRoot()
                                        for j in 0..<d { row[j] *= inv }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if weight != 0 { for k in 0..<(n * d) { result[k] += weight * next[k] } }
            swap(&current, &next)
        }
        return result
    }
}
