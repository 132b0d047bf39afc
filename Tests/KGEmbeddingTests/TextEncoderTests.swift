import CLinearAlgebra
import Foundation
import GovBrainTestSupport
import KGML
import Testing
@testable import KGEmbedding

/// Normalisation, hashing, randomised SVD against LAPACK's exact SVD, and the trained encoder.
@Suite struct TextEncoderTests {
    @Test func normalisesWidthScriptDigitsAndPunctuation() {
        #expect(TextNormalizer.normalize("ＡＢＣ１２３，噪音！") == "abc0 噪音")
        #expect(TextNormalizer.normalize("國務院辦公廳關於") == "国务院办公厅关于")
        #expect(TextNormalizer.normalize("电话13012345678") == "电话0")
        #expect(TextNormalizer.normalize("  ") == "")
        // n-grams never cross a break: "a，b" has no bigram.
        let h = NGramHasher(minN: 2, maxN: 2, buckets: 1 << 10)
        #expect(h.buckets(of: "甲，乙").isEmpty && h.buckets(of: "甲乙").count == 1)
        #expect(h.buckets(of: "甲乙") == h.buckets(of: "甲乙"))
    }

    @Test func randomizedSVDMatchesExactSingularValues() throws {
        // A 60 × 40 sparse matrix of rank ≤ 40; the top 5 singular values against sgesdd on the dense copy.
        var rng = GaussianRandom(seed: 3)
        var rows: [SparseVector] = []
        var dense = [Float](repeating: 0, count: 60 * 40)
        for r in 0..<60 {
            var v = SparseVector()
            for c in 0..<40 where rng.nextUniform() < 0.3 {
                let x = rng.next()
                v.indices.append(Int32(c)); v.values.append(x)
                dense[r * 40 + c] = x
            }
            rows.append(v)
        }
        let result = try RandomizedSVD.compute(SparseMatrix(rows: rows, columnCount: 40), rank: 5, oversample: 10, powerIterations: 4)
        var s = [Float](repeating: 0, count: 40), u = [Float](repeating: 0, count: 60 * 40), vt = [Float](repeating: 0, count: 40 * 40)
        #expect(LAPACKE_sgesdd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "S")), 60, 40, &dense, 40, &s, &u, 40, &vt, 40) == 0)
        for i in 0..<5 { #expect(abs(result.singularValues[i] - s[i]) / s[i] < 0.01, "σ\(i): \(result.singularValues[i]) vs \(s[i])") }
        // Right singular vectors are orthonormal columns.
        for a in 0..<5 {
            for b in 0..<5 {
                let dot = (0..<40).reduce(Float(0)) { $0 + result.rightVectors[$1 * 5 + a] * result.rightVectors[$1 * 5 + b] }
                #expect(abs(dot - (a == b ? 1 : 0)) < 1e-3)
            }
        }
    }

    @Test func encoderGroupsTextsOfOneIntentAndRoundTrips() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("te-\(UUID().uuidString).bin").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let encoder = try SmallTextEncoder.train(to: path, dimension: 64)
        let v = encoder.encode("楼下的烧烤店油烟太大了")
        #expect(v.count == 64)
        #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
        #expect(encoder.encode("").allSatisfy { $0 == 0 })
        let back = try TextEncoder.read(from: path)
        #expect(back.encode("楼下的烧烤店油烟太大了") == v)
        #expect(back.configuration == encoder.configuration)
        // Retrieval on held-out texts of the same corpus beats chance (1/53) by far.
        let corpus = try SmallTextEncoder.corpus(1000)
        let result = try RetrievalEvaluation.run(encoder: encoder, corpus: Array(corpus.prefix(800)), queries: Array(corpus.suffix(200)), k: 5)
        #expect(result.sparsePrecision > 0.3 && result.densePrecision > 0.1, "\(result)")
        try Data("GBTXTENC".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: EmbeddingError.self) { _ = try TextEncoder.read(from: path) }
    }

    @Test func fastRPSeparatesCommunitiesAndIsSeeded() throws {
        // Two 30-node cliques joined by one edge.
        var edges: [(Int32, Int32)] = []
        for block in 0..<2 {
            for a in 0..<30 { for b in (a + 1)..<30 { edges.append((Int32(block * 30 + a), Int32(block * 30 + b))) } }
        }
        edges.append((0, 30))
        let graph = FastRP.Graph.undirected(nodeCount: 60, edges: edges)
        #expect(graph.offsets[60] == 2 * edges.count)
        let config = FastRP.Configuration(dimension: 64, iterationWeights: [0, 1, 1], seed: 5, threads: 2)
        let e = try FastRP.embed(graph, configuration: config)
        func cos(_ a: Int, _ b: Int) -> Float {
            var d: Float = 0, na: Float = 0, nb: Float = 0
            for j in 0..<64 { d += e[a * 64 + j] * e[b * 64 + j]; na += e[a * 64 + j] * e[a * 64 + j]; nb += e[b * 64 + j] * e[b * 64 + j] }
            return d / (na * nb).squareRoot()
        }
        #expect(cos(5, 6) > 0.9 && cos(35, 36) > 0.9)
        #expect(cos(5, 36) < cos(5, 6) - 0.3)
        #expect(try FastRP.embed(graph, configuration: config) == e)
        #expect(throws: EmbeddingError.self) { _ = try FastRP.embed(graph, configuration: .init(dimension: 0)) }
    }
}
