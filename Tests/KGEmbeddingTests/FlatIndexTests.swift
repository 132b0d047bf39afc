import Foundation
import Testing
@testable import KGEmbedding

/// Exact search must equal a naive Swift reference, for every metric, batch and thread count.
@Suite struct FlatIndexTests {
    static func random(_ n: Int, _ d: Int, seed: UInt64) -> VectorMatrix {
        var state = seed
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int32(truncatingIfNeeded: state >> 32)) / Float(Int32.max)
        }
        return VectorMatrix(dimension: d, values: (0..<n * d).map { _ in next() }, ids: (0..<Int64(n)).map { $0 * 10 + 7 })
    }

    static func naive(_ base: VectorMatrix, _ q: [Float], k: Int, metric: VectorMetric) -> [Int64] {
        var b = base
        var query = q
        if metric == .cosine {
            b.normalizeRows()
            let n = query.reduce(0) { $0 + $1 * $1 }.squareRoot()
            query = query.map { $0 / n }
        }
        let scored = (0..<b.count).map { i -> (Int64, Float) in
            let row = b.row(i)
            let s: Float
            switch metric {
            case .l2: s = -zip(row, query).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            default: s = zip(row, query).reduce(0) { $0 + $1.0 * $1.1 }
            }
            return (b.ids[i], s)
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(k).map(\.0)
    }

    @Test(arguments: VectorMetric.allCases)
    func equalsTheNaiveReference(metric: VectorMetric) throws {
        let base = Self.random(3000, 24, seed: 1), queries = Self.random(17, 24, seed: 2)
        for (threads, block, queryBlock) in [(1, 4096, 1024), (2, 500, 4), (3, 128, 1)] {
            let index = try FlatIndex(base: base, configuration: .init(metric: metric, blockRows: block, queryBlockRows: queryBlock, threads: threads))
            let hits = try index.search(queries, k: 10)
            for i in 0..<queries.count {
                #expect(hits[i].map(\.id) == Self.naive(base, queries.row(i), k: 10, metric: metric), "metric \(metric) threads \(threads) query \(i)")
            }
            // One query at a time takes the matrix-vector path.
            let one = try index.search(VectorMatrix(dimension: 24, values: queries.row(3)), k: 10)
            #expect(one[0].map(\.id) == Self.naive(base, queries.row(3), k: 10, metric: metric))
        }
    }

    @Test func scoresAreTheMetricsValues() throws {
        let base = VectorMatrix(dimension: 2, values: [1, 0, 0, 2, 3, 4])
        let q = VectorMatrix(dimension: 2, values: [1, 1])
        let ip = try FlatIndex(base: base, configuration: .init(metric: .ip)).search(q, k: 3)[0]
        #expect(ip.map(\.id) == [2, 1, 0] && ip.map(\.score) == [7, 2, 1])
        let l2 = try FlatIndex(base: base, configuration: .init(metric: .l2)).search(q, k: 3)[0]
        #expect(l2.map(\.id) == [0, 1, 2] && l2.map(\.score) == [-1, -2, -13])
    }

    @Test func fvecsAndIvecsRoundTrip() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let m = Self.random(5, 3, seed: 9)
        try VectorFiles.writeFvecs(m, to: dir.appendingPathComponent("a.fvecs").path)
        let back = try VectorFiles.readFvecs(dir.appendingPathComponent("a.fvecs").path)
        #expect(back.values == m.values && back.dimension == 3)
        try VectorFiles.writeIvecs([[1, 2], [3]], to: dir.appendingPathComponent("r.ivecs").path)
        #expect(try VectorFiles.readIvecs(dir.appendingPathComponent("r.ivecs").path) == [[1, 2], [3]])
        try Data([1, 2, 3]).write(to: dir.appendingPathComponent("bad.fvecs"))
        #expect(throws: EmbeddingError.self) { _ = try VectorFiles.readFvecs(dir.appendingPathComponent("bad.fvecs").path) }
    }
}
