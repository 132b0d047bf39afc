import Foundation
import KGCore
import KGEmbedding

/// Similar-case retrieval quality: for each query text, the k nearest training texts, and the
/// share of them with the query's label (precision@k), for the sparse TF-IDF vectors and for
/// the dense embeddings of the same encoder.
public enum RetrievalEvaluation {
    public struct Result: Sendable {
        public let k: Int
        public let queries: Int
        public let sparsePrecision: Double
        public let densePrecision: Double
        /// Share of queries whose single nearest case has their label.
        public let sparseTop1: Double
        public let denseTop1: Double
        /// Dense candidates (the 50 nearest) re-ranked by the mean of dense and TF-IDF cosine.
        public let hybridPrecision: Double
        public let hybridTop1: Double
        public let sparseSeconds: Double
        public let denseSeconds: Double
    }

    public static func run(encoder: TextEncoder, corpus: [LabeledText], queries: [LabeledText], k: Int = 5) throws -> Result {
        // Dense: exact inner-product search over the unit embeddings.
        let t0 = Date()
        let base = encoder.encode(corpus.map(\.text))
        let q = encoder.encode(queries.map(\.text))
        let dense = try FlatIndex(base: base, configuration: .init(metric: .ip)).search(q, k: k)
        let denseSeconds = Date().timeIntervalSince(t0)
        let t1 = Date()
        let sparse = sparseSearch(encoder: encoder, corpus: corpus, queries: queries, k: k)
        let sparseSeconds = Date().timeIntervalSince(t1)
        func precision(_ hits: [[Int64]]) -> (Double, Double) {
            var same = 0, first = 0
            for (i, h) in hits.enumerated() {
                same += h.filter { corpus[Int($0)].label == queries[i].label }.count
                if let f = h.first, corpus[Int(f)].label == queries[i].label { first += 1 }
            }
            return (Double(same) / Double(max(1, hits.count * k)), Double(first) / Double(max(1, hits.count)))
        }
        let d = precision(dense.map { $0.map(\.id) }), s = precision(sparse)
        let wide = try FlatIndex(base: base, configuration: .init(metric: .ip)).search(q, k: 50)
        let hybrid = ParallelMap.map(Array(queries.indices)) { i -> [Int64] in
            let v = encoder.sparseVector(queries[i].text)
            let rescored = wide[i].map { hit in (hit.id, 0.5 * hit.score + 0.5 * v.dot(encoder.sparseVector(corpus[Int(hit.id)].text))) }
            return rescored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(k).map(\.0)
        }
        let h = precision(hybrid)
        return Result(k: k, queries: queries.count, sparsePrecision: s.0, densePrecision: d.0, sparseTop1: s.1,
                      denseTop1: d.1, hybridPrecision: h.0, hybridTop1: h.1, sparseSeconds: sparseSeconds, denseSeconds: denseSeconds)
    }

    /// Cosine search on the TF-IDF vectors through an inverted index.
    static func sparseSearch(encoder: TextEncoder, corpus: [LabeledText], queries: [LabeledText], k: Int) -> [[Int64]] {
        let docs = corpus.map { encoder.sparseVector($0.text) }
        var postings = [[(doc: Int32, weight: Float)]](repeating: [], count: encoder.featureCount)
        for (d, v) in docs.enumerated() {
            for (c, w) in zip(v.indices, v.values) { postings[Int(c)].append((Int32(d), w)) }
        }
        let index = postings
        return ParallelMap.map(queries) { query -> [Int64] in
            var scores = [Float](repeating: 0, count: docs.count)
            let v = encoder.sparseVector(query.text)
            for (c, w) in zip(v.indices, v.values) {
                for p in index[Int(c)] { scores[Int(p.doc)] += w * p.weight }
            }
            // The k best, kept sorted (best first, lower index first on ties).
            var best: [(Int, Float)] = []
            for (i, s) in scores.enumerated() where best.count < k || s > best[best.count - 1].1 {
                let at = best.firstIndex { $0.1 < s } ?? best.count
                best.insert((i, s), at: at)
                if best.count > k { best.removeLast() }
            }
            return best.map { Int64($0.0) }
        }
    }
}
