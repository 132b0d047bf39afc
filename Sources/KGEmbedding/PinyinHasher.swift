/// Syllable n-grams of a text's Chinese characters, hashed into buckets: each reading of each
/// character (unigrams) and each pair of readings of neighbouring characters (bigrams), so that
/// 煤气 and a transcription's 梅气 (both mei qi) share their features, and 漏电 (lou dian) meets
/// 露电 through 露's second reading. Characters without a reading break the sequence.
public struct PinyinHasher: Sendable {
    public let table: PinyinTable
    /// Buckets (a power of two).
    public let buckets: Int

    public init(table: PinyinTable, buckets: Int = 1 << 18) {
        precondition(buckets > 0 && buckets & (buckets - 1) == 0)
        self.table = table
        self.buckets = buckets
    }

    /// Bucket → occurrences in `text`, sorted by bucket.
    public func counts(of text: String) -> (buckets: [Int32], counts: [Float]) {
        var out: [Int32] = []
        let mask = UInt64(buckets - 1)
        func hash(_ parts: UInt64...) -> Int32 {
            var h: UInt64 = 0x9e37_79b9_7f4a_7c15 ^ UInt64(parts.count)
            for p in parts { h ^= p; h = h &* 0x0000_0100_0000_01B3; h ^= h >> 31 }
            h ^= h >> 29; h = h &* 0xBF58_476D_1CE4_E5B9; h ^= h >> 32
            return Int32(truncatingIfNeeded: h & mask)
        }
        var previous: [UInt16] = []
        for raw in text.unicodeScalars {
            let current = table.readings(of: TextNormalizer.fold(raw))
            for r in current { out.append(hash(UInt64(r))) }
            for a in previous { for b in current { out.append(hash(UInt64(a), UInt64(b))) } }
            previous = current
        }
        return NGramHasher.tally(out)
    }
}
