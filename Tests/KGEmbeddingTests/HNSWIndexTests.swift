import Foundation
import Testing
@testable import KGEmbedding

/// The graph index against exact search: recall, updates, deletes, filters, persistence.
@Suite struct HNSWIndexTests {
    /// Clustered data (what graph indexes are for): 40 centres in 16 dimensions plus noise.
    static func clustered(_ n: Int, seed: UInt64, idBase: Int64 = 0) -> VectorMatrix {
        let centres = FlatIndexTests.random(40, 16, seed: 99)
        let noise = FlatIndexTests.random(n, 16, seed: seed)
        var values: [Float] = []
        values.reserveCapacity(n * 16)
        for i in 0..<n {
            let c = centres.row(i % 40), e = noise.row(i)
            for j in 0..<16 { values.append(c[j] + 0.3 * e[j]) }
        }
        var m = VectorMatrix(dimension: 16, values: values, ids: (0..<Int64(n)).map { idBase + $0 })
        m.normalizeRows()
        return m
    }

    static func recall(_ found: [[FlatIndex.Hit]], _ truth: [[FlatIndex.Hit]]) -> Double {
        var hit = 0, total = 0
        for (f, t) in zip(found, truth) {
            let want = Set(t.map(\.id))
            hit += f.filter { want.contains($0.id) }.count
            total += t.count
        }
        return Double(hit) / Double(max(1, total))
    }

    @Test(arguments: VectorMetric.allCases)
    func recallIsHighAgainstExactSearch(metric: VectorMetric) throws {
        let base = Self.clustered(4000, seed: 3), queries = Self.clustered(50, seed: 4, idBase: 100_000)
        let index = try HNSWIndex(dimension: 16, configuration: .init(metric: metric, m: 12, efConstruction: 100, threads: 2))
        try index.add(base)
        let exact = try FlatIndex(base: base, configuration: .init(metric: metric)).search(queries, k: 10)
        let approx = try index.search(queries, k: 10, ef: 100)
        #expect(Self.recall(approx, exact) >= 0.95, "metric \(metric)")
        // Scores are the metric's own values, nearest first.
        for hits in approx { #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score }) }
        let low = try index.search(queries, k: 10, ef: 10)
        #expect(Self.recall(low, exact) <= Self.recall(approx, exact))
    }

    @Test func incrementalInsertsUpdatesAndDeletes() throws {
        let index = try HNSWIndex(dimension: 16, configuration: .init(metric: .cosine, threads: 2))
        let first = Self.clustered(1500, seed: 5)
        try index.add(first)
        let more = Self.clustered(500, seed: 6, idBase: 1500)
        for i in 0..<more.count { try index.add(more.row(i), id: more.ids[i]) }
        #expect(index.liveCount == 2000)
        // A vector is its own nearest neighbour.
        let probe = more.row(123)
        #expect(try index.search(probe, k: 1, ef: 64).first?.id == 1623)
        // Delete: never returned again.
        #expect(index.remove(1623))
        #expect(!index.remove(1623))
        #expect(try index.search(probe, k: 10, ef: 64).allSatisfy { $0.id != 1623 })
        #expect(index.liveCount == 1999 && !index.contains(1623))
        // Update: the id now answers for its new vector.
        try index.add(first.row(0), id: 1624)
        let hits = try index.search(first.row(0), k: 2, ef: 64).map(\.id)
        #expect(Set(hits) == [0, 1624])
        #expect(index.liveCount == 1999)
        #expect(throws: EmbeddingError.self) { try index.add([1, 2], id: 9) }
    }

    @Test func filteredSearchReturnsOnlyAllowedIDs() throws {
        let base = Self.clustered(3000, seed: 7)
        let index = try HNSWIndex(dimension: 16, configuration: .init(metric: .ip, threads: 2))
        try index.add(base)
        let q = base.row(10)
        // Large filter (graph walk) and small filter (exact scan) both respect it and find the best allowed.
        for allowed in [Set((0..<3000).filter { $0 % 2 == 1 }.map(Int64.init)), Set([5, 900, 1700, 2999].map(Int64.init))] {
            let hits = try index.search(q, k: 3, ef: 64, filter: VectorFilter(allowed: allowed))
            #expect(!hits.isEmpty && hits.allSatisfy { allowed.contains($0.id) })
            let sub = VectorMatrix(dimension: 16, values: allowed.sorted().flatMap { base.row(Int($0)) }, ids: allowed.sorted())
            let truth = try FlatIndex(base: sub, configuration: .init(metric: .ip)).search(VectorMatrix(dimension: 16, values: q), k: 1)[0]
            #expect(hits.first?.id == truth.first?.id)
        }
    }

    /// A compiled filter's exact scan reads its position list; it must give exactly the plain
    /// filter's hits, also for elements added, replaced or removed after it was compiled.
    @Test(arguments: VectorMetric.allCases)
    func compiledFiltersScanLikePlainOnes(metric: VectorMetric) throws {
        let base = Self.clustered(3000, seed: 11)
        let index = try HNSWIndex(dimension: 16, configuration: .init(metric: metric, threads: 2))
        try index.add(base)
        var allowed = Set((0..<3000).filter { $0 % 61 == 0 }.map(Int64.init))
        allowed.formUnion([100_001, 100_002, 100_003])   // ids that come later
        let plain = VectorFilter(allowed: allowed), compiled = index.compiled(plain)
        #expect(index.scansExactly(allowed: allowed.count, ef: 64))
        let queries = Self.clustered(20, seed: 12, idBase: 200_000)
        func same(_ stage: String) throws {
            for r in 0..<queries.count {
                let a = try index.search(queries.row(r), k: 7, ef: 64, filter: plain)
                let b = try index.search(queries.row(r), k: 7, ef: 64, filter: compiled)
                #expect(a.map(\.id) == b.map(\.id) && a.map(\.score) == b.map(\.score), "\(stage), query \(r)")
                #expect(a.count == 7 && a.allSatisfy { allowed.contains($0.id) })
            }
        }
        try same("as compiled")
        // After: two allowed ids added, one allowed id replaced by a new vector, one removed.
        let extra = Self.clustered(3, seed: 13, idBase: 100_001)
        try index.add(extra.row(0), id: 100_001)
        try index.add(extra.row(1), id: 100_002)
        try index.add(queries.row(0), id: 61)
        #expect(index.remove(122))
        try same("after changes")
        let first = try index.search(queries.row(0), k: 1, ef: 64, filter: compiled)
        #expect(first.first?.id == 61)   // the replaced vector is the query itself
        #expect(try index.search(queries.row(0), k: 100, ef: 64, filter: compiled).allSatisfy { $0.id != 122 })
    }

    @Test func filtersChooseTheCheaperOfScanAndWalk() throws {
        let index = try HNSWIndex(dimension: 16, configuration: .init(metric: .ip, m: 16, threads: 1))
        try index.add(Self.clustered(3000, seed: 9))
        // Break-even at √(ef · 2m · count) / 2 = √(64 · 32 · 3000) / 2 ≈ 1239 allowed; never a walk below 2 % + 64.
        #expect(index.scansExactly(allowed: 1200, ef: 64))
        #expect(!index.scansExactly(allowed: 1300, ef: 64))
        #expect(!index.scansExactly(allowed: 200, ef: 1))
        #expect(index.scansExactly(allowed: 120, ef: 1))
        // A larger ef makes the walk dearer, so the scan covers larger filters.
        #expect(index.scansExactly(allowed: 1300, ef: 128))
    }

    @Test func persistsAndReloads() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("h-\(UUID().uuidString).hnsw").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let index = try HNSWIndex(dimension: 16, configuration: .init(metric: .l2, m: 8, threads: 2))
        try index.add(Self.clustered(2000, seed: 8))
        index.remove(17)
        try index.write(to: path)
        let back = try HNSWIndex.read(from: path)
        #expect(back.count == 2000 && back.liveCount == 1999 && back.configuration.m == 8 && back.configuration.metric == .l2)
        let queries = Self.clustered(20, seed: 9, idBase: 50_000)
        let a = try index.search(queries, k: 5, ef: 50), b = try back.search(queries, k: 5, ef: 50)
        #expect(a.map { $0.map(\.id) } == b.map { $0.map(\.id) })
        try back.add(queries)
        #expect(back.liveCount == 2019)
        try Data("GBHNSW01 but short".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: EmbeddingError.self) { _ = try HNSWIndex.read(from: path) }
    }
}
