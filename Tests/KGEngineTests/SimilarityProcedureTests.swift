import Foundation
import GovBrainTestSupport
import KGCore
import KGEngine
import GovDemo
import KGStore
import Testing
import KGDatagen

/// The similarity procedures over the tiny demo database with its vector indexes.
@Suite(.serialized) struct SimilarityProcedureTests {
    /// A copy of the tiny demo database with its vector indexes, made once for the suite.
    static let database: Result<(KnowledgeGraph, URL), Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("demo.sqlite").path
        try TinyVectorDemo.copy(to: db)
        #expect(try TinyVectorDemo.vectorIndexNames() == ["text", "graph"])
        return (try KnowledgeGraph.open(path: db), dir)
    }

    func rows(_ kg: KnowledgeGraph, _ q: String, _ p: [String: Value] = [:]) throws -> [[Value]] {
        var out: [[Value]] = []
        try kg.query(q, parameters: p) { row, _ in out.append(row) }
        return out
    }

    @Test func similarTextFindsWorkOrdersOfTheSameKind() throws {
        let (kg, _) = try Self.database.get()
        let hits = try rows(kg, "CALL kg.similar.text('小区楼下烧烤店油烟太大，晚上还很吵', 5, 'WorkOrder') YIELD node, score RETURN node.text, score")
        #expect(hits.count == 5)
        let texts = hits.compactMap { if case .string(let s) = $0[0] { return s } else { return nil } }
        #expect(texts.filter { $0.contains("烧烤") || $0.contains("油烟") }.count >= 3, "\(texts)")
        let scores = hits.compactMap { if case .double(let d) = $0[1] { return d } else { return nil } }
        #expect(scores == scores.sorted(by: >))
        // Label filter: only policies.
        let policies = try rows(kg, "CALL kg.similar.text('创业担保贷款贴息', 3, 'Policy') YIELD node RETURN labels(node)")
        #expect(policies.count == 3 && policies.allSatisfy { $0[0] == .list([.string("Policy")]) })
        // The optional label may be left out; the vector procedure takes a text or a vector.
        #expect(try rows(kg, "CALL kg.similar.text('噪音扰民', 2) YIELD node RETURN node").count == 2)
        let viaVector = try rows(kg, "CALL kg.embed.text('噪音扰民') YIELD vector CALL db.index.vector.queryNodes('text', 2, vector) YIELD node RETURN id(node)")
        let viaText = try rows(kg, "CALL db.index.vector.queryNodes('text', 2, '噪音扰民') YIELD node RETURN id(node)")
        #expect(viaVector == viaText && viaText.count == 2)
    }

    @Test func similarNodeKeepsTheLabelAndExcludesItself() throws {
        let (kg, _) = try Self.database.get()
        let hits = try rows(kg, "MATCH (e:Enterprise) WITH e ORDER BY id(e) LIMIT 1 CALL kg.similar.node(e, 4) YIELD node, score RETURN id(e), id(node), labels(node), score")
        #expect(hits.count == 4)
        #expect(hits.allSatisfy { $0[0] != $0[1] && $0[2] == .list([.string("Enterprise")]) })
    }

    @Test func propertyIndexesAndErrors() throws {
        let (_, dir) = try Self.database.get()
        let store = try GraphStore.open(at: dir.appendingPathComponent("free.sqlite").path,
                                        options: .init(createIfMissing: true, schemaModeForNew: .off))
        let kg = KnowledgeGraph(store: store, schema: try KnowledgeGraph.loadSchema())
        try kg.query("UNWIND range(1, 30) AS i CREATE (:Probe {i: i, v: [toFloat(i), 1.0, 0.0]})") { _, _ in }
        try kg.query("CALL db.index.vector.createNodeIndex('probe', 'Probe', 'v', 3, 'euclidean')") { _, _ in }
        let near = try rows(kg, "CALL db.index.vector.queryNodes('probe', 3, [10.2, 1.0, 0.0]) YIELD node RETURN node.i")
        #expect(near == [[.int(10)], [.int(11)], [.int(9)]])
        let listed = try rows(kg, "CALL kg.vector.indexes() YIELD name RETURN name")
        #expect(listed == [[.string("probe")]])
        for (q, code) in [("CALL db.index.vector.queryNodes('nope', 3, [1.0])", "VectorIndexUnavailable"),
                          ("CALL db.index.vector.queryNodes('probe', 3, [1.0])", "VectorIndexUnavailable"),
                          ("CALL kg.similar.text('x', 0)", "InvalidArgumentValue"),
                          ("CALL kg.similar.text('x')", "InvalidNumberOfArguments"),
                          ("CALL kg.similar.node('a', 3)", "InvalidArgumentValue")] {
            #expect { try kg.query(q) { _, _ in } } throws: { "\($0)".contains(code) }
        }
    }
}
