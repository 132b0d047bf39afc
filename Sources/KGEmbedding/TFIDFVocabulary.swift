import Foundation
import KGCore

/// The sparse half of GovBrain's text features: normalised character n-grams hashed into buckets,
/// the buckets seen in enough training texts kept as feature columns, each weighted by TF-IDF
/// (1 + ln tf, idf = ln((1 + N)/(1 + df)) + 1) and the vector scaled to unit length. The text
/// encoder projects these vectors to a dense space; the routing model classifies them directly.
public struct TFIDFVocabulary: Sendable {
    public let hasher: NGramHasher
    /// The bucket of each feature column, ascending.
    public let featureBuckets: [Int32]
    /// IDF of each feature column.
    public let idf: [Float]
    private let columnOfBucket: [Int32]

    public var featureCount: Int { featureBuckets.count }

    public init(hasher: NGramHasher, featureBuckets: [Int32], idf: [Float]) {
        precondition(featureBuckets.count == idf.count, "one IDF per feature column")
        self.hasher = hasher
        self.featureBuckets = featureBuckets
        self.idf = idf
        var map = [Int32](repeating: -1, count: hasher.buckets)
        for (c, b) in featureBuckets.enumerated() { map[Int(b)] = Int32(c) }
        columnOfBucket = map
    }

    /// Keeps the buckets found in at least `minDocumentFrequency` of `texts`, the `maxFeatures`
    /// most frequent, and returns the vocabulary with the texts' bucket counts (for reuse).
    public static func fit(texts: [String], hasher: NGramHasher, maxFeatures: Int, minDocumentFrequency: Int)
        -> (vocabulary: TFIDFVocabulary, counted: [(buckets: [Int32], counts: [Float])]) {
        let counted = ParallelMap.map(texts) { hasher.counts(of: $0) }
        return (fit(counted: counted, hasher: hasher, maxFeatures: maxFeatures, minDocumentFrequency: minDocumentFrequency), counted)
    }

    /// The vocabulary of buckets counted elsewhere (pinyin syllables): `hasher` only sets the
    /// bucket count, and the vectors come from `weigh` on the same counting.
    public static func fit(counted: [(buckets: [Int32], counts: [Float])], hasher: NGramHasher, maxFeatures: Int,
                           minDocumentFrequency: Int) -> TFIDFVocabulary {
        var df = [Int32](repeating: 0, count: hasher.buckets)
        for doc in counted { for b in doc.buckets { df[Int(b)] += 1 } }
        var candidates = (0..<hasher.buckets).filter { df[$0] >= minDocumentFrequency }
        candidates.sort { df[$0] != df[$1] ? df[$0] > df[$1] : $0 < $1 }
        let kept = candidates.prefix(maxFeatures).sorted()
        let n = Float(counted.count)
        let idf = kept.map { log((1 + n) / (1 + Float(df[$0]))) + 1 }
        return TFIDFVocabulary(hasher: hasher, featureBuckets: kept.map { Int32($0) }, idf: idf)
    }

    /// The unit-length TF-IDF vector of `text`.
    public func vector(_ text: String) -> SparseVector { weigh(hasher.counts(of: text)) }

    /// The share of the counted n-gram occurrences that fall on a feature column (1 for a text made
    /// only of n-grams seen in training, near the share of kept buckets for text of another
    /// language or random characters; 0 for an empty count).
    public func coverage(_ counted: (buckets: [Int32], counts: [Float])) -> Double {
        var known: Float = 0, total: Float = 0
        for (b, tf) in zip(counted.buckets, counted.counts) {
            total += tf
            if columnOfBucket[Int(b)] >= 0 { known += tf }
        }
        return total > 0 ? Double(known / total) : 0
    }

    /// The unit-length TF-IDF vector of already counted buckets.
    public func weigh(_ counted: (buckets: [Int32], counts: [Float])) -> SparseVector {
        var pairs: [(Int32, Float)] = []
        pairs.reserveCapacity(counted.buckets.count)
        for (b, tf) in zip(counted.buckets, counted.counts) {
            let c = columnOfBucket[Int(b)]
            if c >= 0 { pairs.append((c, (1 + log(tf)) * idf[Int(c)])) }
        }
        pairs.sort { $0.0 < $1.0 }
        let norm = pairs.reduce(Float(0)) { $0 + $1.1 * $1.1 }.squareRoot()
        let scale = norm > 0 ? 1 / norm : 0
        return SparseVector(indices: pairs.map(\.0), values: pairs.map { $0.1 * scale })
    }
}
