import Foundation
import KGCore
import KGEngine
import KGEmbedding

/// Policy Q&A: the passages that answer a question, best first. Hybrid retrieval: BM25 over
/// character unigrams and bigrams, and dense retrieval with the database's text encoder (cosine of
/// unit vectors), fused by weighted reciprocal rank (score = 1 / (60 + rank_bm25) + w / (60 + rank_dense)
/// over each side's top 100), w learned on the validation half of the question set
/// (`PolicySearchEvaluation.tune`). Without a text index (no encoder) BM25 answers alone.
public struct PolicySearch: Sendable {
    public enum Mode: String, Sendable, CaseIterable { case hybrid, bm25, dense }

    public struct Hit: Sendable, Encodable {
        public let passage: PolicyPassages.Passage
        public let score: Double

        enum CodingKeys: String, CodingKey { case policyId, nodeId, title, article, text, score }

        /// The passage as the API shows it: its policy, article number, text and fused score.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(passage.policyCode, forKey: .policyId); try c.encode(passage.policyNodeID, forKey: .nodeId)
            try c.encode(passage.title, forKey: .title); try c.encode(passage.article, forKey: .article)
            try c.encode(passage.text, forKey: .text); try c.encode(score, forKey: .score)
        }
    }

    public let library: PolicyPassages
    let bm25: BM25Index
    let encoder: TextEncoder?
    /// Unit vectors of the passages, row-major (empty without an encoder).
    let vectors: [Float]
    /// Weight of the dense side in the fusion.
    public var denseWeight = 1.0

    public var hasDense: Bool { encoder != nil }

    public init(library: PolicyPassages, encoder: TextEncoder?) {
        self.library = library
        let texts = library.passages.map(\.indexed)
        bm25 = BM25Index(texts: texts)
        self.encoder = encoder
        if let encoder {
            var v: [Float] = []
            v.reserveCapacity(texts.count * encoder.dimension)
            for t in texts { v += encoder.encode(t) }
            vectors = v
        } else {
            vectors = []
        }
    }

    /// The `k` best passages for `text`.
    /// - Throws: `EngineError` for an empty question, a bad k, or dense mode without an encoder.
    public func search(_ text: String, k: Int, mode: Mode = .hybrid) throws -> [Hit] {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw EngineError(code: .badValue, message: "the question is empty; ask something like \"小微企业房租减免怎么申请\"")
        }
        guard (1...100).contains(k) else { throw EngineError(code: .badValue, message: "k must be from 1 to 100, got \(k)") }
        let passages = library.passages
        switch mode {
        case .bm25:
            return bm25.search(text, k: k).map { Hit(passage: passages[$0.document], score: $0.score) }
        case .dense:
            guard encoder != nil else {
                throw EngineError(code: .vectorIndex, message: "dense policy search needs the database's text encoder; build it with `govbrain vectors build --db PATH`")
            }
            return dense(text, k: k).map { Hit(passage: passages[$0.document], score: $0.score) }
        case .hybrid:
            let depth = 100
            var fused: [Int: Double] = [:]
            for (rank, hit) in bm25.search(text, k: depth).enumerated() { fused[hit.document, default: 0] += 1 / Double(60 + rank + 1) }
            if encoder != nil {
                for (rank, hit) in dense(text, k: depth).enumerated() { fused[hit.document, default: 0] += denseWeight / Double(60 + rank + 1) }
            }
            return fused.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(k).map { Hit(passage: passages[$0.key], score: $0.value) }
        }
    }

    func dense(_ text: String, k: Int) -> [(document: Int, score: Double)] {
        guard let encoder else { return [] }
        let q = encoder.encode(text), d = encoder.dimension
        var heap: [(Int, Double)] = []
        heap.reserveCapacity(library.passages.count)
        vectors.withUnsafeBufferPointer { v in
            for i in 0..<library.passages.count {
                var s: Float = 0
                for j in 0..<d { s += v[i * d + j] * q[j] }
                heap.append((i, Double(s)))
            }
        }
        return heap.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(k).map { ($0.0, $0.1) }
    }
}
