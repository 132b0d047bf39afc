import Testing
@testable import KGStore

/// `PrefetchBatch`: which ids a prefetch reads, and in which chunks.
struct PrefetchBatchTests {
    /// Collects the chunks of a batch as arrays.
    static func chunks(_ batch: PrefetchBatch<Int64>) -> [[Int64]] {
        var out: [[Int64]] = []
        batch.forEachChunk { out.append(Array($0)) }
        return out
    }

    @Test func keepsMissingIdsOnceInFirstSeenOrder() {
        let cached: Set<Int64> = [4, 9]
        let batch = PrefetchBatch<Int64>([7, 4, 3, 7, 9, 1, 3, 8], size: 3) { !cached.contains($0) }
        #expect(batch.ids == [7, 3, 1, 8])
        #expect(Self.chunks(batch) == [[7, 3, 1], [8]])
    }

    @Test func chunksCoverEveryIdWithNoneLargerThanTheSize() {
        for count in [0, 1, 499, 500, 501, 1_000, 1_234] {
            let ids = (0..<Int64(count)).map { $0 * 3 }
            let chunks = Self.chunks(PrefetchBatch(ids, size: 500) { _ in true })
            #expect(chunks.flatMap { $0 } == ids)
            #expect(chunks.count == (count + 499) / 500)
            #expect(chunks.allSatisfy { !$0.isEmpty && $0.count <= 500 })
        }
    }

    @Test func nothingMissingReadsNothing() {
        let batch = PrefetchBatch<Int64>([1, 2, 2], size: 10) { _ in false }
        #expect(batch.isEmpty && Self.chunks(batch).isEmpty)
    }

    @Test func aThrowingChunkStopsTheRest() {
        struct Stop: Error {}
        var seen: [[Int64]] = []
        let batch = PrefetchBatch<Int64>(Array(1...5), size: 2) { _ in true }
        #expect(throws: Stop.self) {
            try batch.forEachChunk { chunk in
                seen.append(Array(chunk))
                if seen.count == 2 { throw Stop() }
            }
        }
        #expect(seen == [[1, 2], [3, 4]])
    }
}
