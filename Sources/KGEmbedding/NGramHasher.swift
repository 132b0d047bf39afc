/// Character n-grams of normalised text, hashed into a fixed number of buckets (FNV-1a over the
/// scalars, with n mixed in, so a unigram and a trigram never share a hash by construction).
public struct NGramHasher: Sendable {
    public let minN: Int
    public let maxN: Int
    /// Buckets (a power of two).
    public let buckets: Int

    public init(minN: Int = 1, maxN: Int = 3, buckets: Int = 1 << 20) {
        precondition(minN >= 1 && maxN >= minN && buckets > 0 && buckets & (buckets - 1) == 0)
        self.minN = minN; self.maxN = maxN; self.buckets = buckets
    }

    /// The bucket of every n-gram occurrence in `text` (unsorted, with repeats).
    public func buckets(of text: String) -> [Int32] {
        var out: [Int32] = []
        let mask = UInt64(buckets - 1)
        for seg in TextNormalizer.segments(text) {
            let count = seg.count
            for n in minN...maxN where n <= count {
                for start in 0...(count - n) {
                    var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(n)
                    for k in start..<(start + n) {
                        h ^= UInt64(seg[k].value)
                        h = h &* 0x0000_0100_0000_01B3
                    }
                    // Final mix so low bits depend on every input.
                    h ^= h >> 29; h = h &* 0xBF58_476D_1CE4_E5B9; h ^= h >> 32
                    out.append(Int32(truncatingIfNeeded: h & mask))
                }
            }
        }
        return out
    }

    /// Bucket → occurrences in `text`, sorted by bucket.
    public func counts(of text: String) -> (buckets: [Int32], counts: [Float]) { Self.tally(buckets(of: text)) }

    /// Bucket → occurrences of a list of bucket occurrences, sorted by bucket.
    static func tally(_ occurrences: [Int32]) -> (buckets: [Int32], counts: [Float]) {
        let b = occurrences.sorted()
        var keys: [Int32] = [], counts: [Float] = []
        var i = 0
        while i < b.count {
            var j = i + 1
            while j < b.count && b[j] == b[i] { j += 1 }
            keys.append(b[i]); counts.append(Float(j - i))
            i = j
        }
        return (keys, counts)
    }
}
