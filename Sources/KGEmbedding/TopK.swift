/// Keeps the k best (highest-scoring) candidates seen so far in a bounded min-heap: O(n log k)
/// selection, never a full sort of all scores.
struct TopK {
    let k: Int
    private(set) var scores: [Float] = []
    private(set) var indices: [Int32] = []

    init(k: Int) {
        self.k = k
        scores.reserveCapacity(k)
        indices.reserveCapacity(k)
    }

    /// The score a candidate must beat to enter (−∞ until k are held).
    var threshold: Float { scores.count < k ? -.infinity : scores[0] }

    /// Whether the entry at heap slot `a` ranks below the one at `b`: a lower score, or an equal
    /// score and a higher index. The heap keeps its worst entry at the root under this order, so
    /// which k are kept does not depend on the order candidates arrive in (a scan over a `Set`).
    @inline(__always)
    private func worse(_ a: Int, _ b: Int) -> Bool {
        scores[a] != scores[b] ? scores[a] < scores[b] : indices[a] > indices[b]
    }

    /// Offers a candidate: kept when fewer than k are held or it ranks above the worst held
    /// (a higher score, or the same score and a lower index).
    mutating func insert(_ score: Float, _ index: Int32) {
        if scores.count < k {
            scores.append(score); indices.append(index)
            var i = scores.count - 1
            while i > 0 {
                let p = (i - 1) / 2
                if !worse(i, p) { break }
                scores.swapAt(p, i); indices.swapAt(p, i)
                i = p
            }
        } else if k > 0, score > scores[0] || (score == scores[0] && index < indices[0]) {
            scores[0] = score; indices[0] = index
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < k && worse(l, m) { m = l }
                if r < k && worse(r, m) { m = r }
                if m == i { break }
                scores.swapAt(m, i); indices.swapAt(m, i)
                i = m
            }
        }
    }

    /// Best first (ties: lower index first).
    func sorted() -> [(index: Int32, score: Float)] {
        zip(indices, scores).map { ($0, $1) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }
}
