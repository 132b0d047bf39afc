import KGCore
@testable import KGEmbedding
import Testing

/// `TopK` keeps the k best by score and, among equal scores, by lower index, whatever order the
/// candidates arrive in (exact searches scan a `Set` of allowed ids, whose order changes from one
/// process to the next; equal scores are common: identical texts embed identically).
struct TopKTiesTests {
    @Test(arguments: [1, 3, 10, 50])
    func keepsTheSameEntriesInEveryArrivalOrder(k: Int) {
        var rng = SplitMix64(seed: UInt64(k))
        // 200 candidates over 7 distinct scores: ties at every cut.
        let candidates = (0..<200).map { (index: Int32($0), score: Float(rng.next() % 7)) }
        let expected = candidates.sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
            .prefix(k).map { $0.index }
        for _ in 0..<20 {
            var shuffled = candidates
            for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            var top = TopK(k: k)
            for c in shuffled { top.insert(c.score, c.index) }
            #expect(top.sorted().map { $0.index } == Array(expected))
        }
    }

    @Test func zeroKeepsNothing() {
        var top = TopK(k: 0)
        top.insert(1, 1)
        #expect(top.sorted().isEmpty)
    }
}
