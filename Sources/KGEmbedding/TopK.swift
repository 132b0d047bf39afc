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

    mutating func insert(_ score: Float, _ index: Int32) {
        if scores.count < k {
            scores.append(score); indices.append(index)
            var i = scores.count - 1
            while i > 0 {
                let p = (i - 1) / 2
                if scores[p] <= scores[i] { break }
                scores.swapAt(p, i); indices.swapAt(p, i)
                i = p
            }
        } else if score > scores[0] {
            scores[0] = score; indices[0] = index
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < k && scores[l] < scores[m] { m = l }
                if r < k && scores[r] < scores[m] { m = r }
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
