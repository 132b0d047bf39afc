import Foundation

/// Okapi BM25 over character unigrams and bigrams of normalised text (no word segmenter is
/// needed for Chinese; n-grams never cross punctuation): the lexical half of hybrid retrieval.
/// Parameters k1 = 1.2, b = 0.75; idf = ln(1 + (N − df + 0.5) / (df + 0.5)) (Lucene's, never negative).
public struct BM25Index: Sendable {
    public let k1: Double
    public let b: Double
    /// Per document: term → frequency.
    private let documents: [[String: Int]]
    private let lengths: [Double]
    private let averageLength: Double
    private let documentFrequency: [String: Int]
    /// Term → documents holding it.
    private let postings: [String: [Int32]]

    public var count: Int { documents.count }

    public init(texts: [String], k1: Double = 1.2, b: Double = 0.75) {
        self.k1 = k1
        self.b = b
        var documents: [[String: Int]] = [], df: [String: Int] = [:], postings: [String: [Int32]] = [:]
        documents.reserveCapacity(texts.count)
        for (i, text) in texts.enumerated() {
            var tf: [String: Int] = [:]
            for t in Self.terms(text) { tf[t, default: 0] += 1 }
            for t in tf.keys { df[t, default: 0] += 1; postings[t, default: []].append(Int32(i)) }
            documents.append(tf)
        }
        self.documents = documents
        lengths = documents.map { Double($0.values.reduce(0, +)) }
        averageLength = max(1, lengths.reduce(0, +) / Double(max(1, documents.count)))
        documentFrequency = df
        self.postings = postings
    }

    /// The unigrams and bigrams of a text's normalised segments.
    public static func terms(_ text: String) -> [String] {
        var out: [String] = []
        for segment in TextNormalizer.segments(text) {
            for (k, c) in segment.enumerated() {
                out.append(String(c))
                if k + 1 < segment.count { var s = String(c); s.unicodeScalars.append(segment[k + 1]); out.append(s) }
            }
        }
        return out
    }

    /// The `k` best documents for `query` (index and score), best first; documents sharing no term are left out.
    public func search(_ query: String, k: Int) -> [(document: Int, score: Double)] {
        var scores: [Int32: Double] = [:]
        let n = Double(documents.count)
        var seen = Set<String>()
        for t in Self.terms(query) where seen.insert(t).inserted {
            guard let df = documentFrequency[t], let list = postings[t] else { continue }
            let idf = log(1 + (n - Double(df) + 0.5) / (Double(df) + 0.5))
            for d in list {
                let f = Double(documents[Int(d)][t] ?? 0)
                let norm = f * (k1 + 1) / (f + k1 * (1 - b + b * lengths[Int(d)] / averageLength))
                scores[d, default: 0] += idf * norm
            }
        }
        return scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(max(0, k)).map { (Int($0.key), $0.value) }
    }
}
