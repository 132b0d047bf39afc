import Foundation
import GovBrainTestSupport
import KGCore
import KGEngine
import Testing

/// A reading query's rows are rendered from batched reads on PostgreSQL (`RowPrefetcher`: 500
/// rows at a time, their nodes' labels and properties read a few statements per batch): the
/// text and the wire documents are the same as row by row, on every backend, across batches.
struct BatchedResultTests {
    static let rows = 1_100   // three batches, the last one partial

    static func graph(_ backend: TestBackend) throws -> (KnowledgeGraph, TestStoreSite) {
        let site = try TestStoreSite(backend)
        let kg = try KnowledgeGraph.open(path: try site.location(), options: .init(createIfMissing: true, schemaModeForNew: .off))
        try kg.query("UNWIND range(0, \(rows - 1)) AS i CREATE (a:P {n: i})-[:NEXT {k: i}]->(b:Q:R {n: i, s: '第' + toString(i)})") { _, _ in }
        return (kg, site)
    }

    @Test(arguments: TestBackend.all)
    func nodesRelationshipsAndPathsRenderAsRowByRow(_ backend: TestBackend) throws {
        let (kg, site) = try Self.graph(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let (_, rows) = try kg.queryText("MATCH p = (a:P)-[r:NEXT]->(b:Q) RETURN a, r, b, p, [a] AS l, {x: b} AS m ORDER BY a.n")
        let expected = (0..<Self.rows).map { i -> [String] in
            let a = "(:P {n: \(i)})", r = "[:NEXT {k: \(i)}]", b = "(:Q:R {n: \(i), s: '第\(i)'})"
            return [a, r, b, "<\(a)-\(r)->\(b)>", "[\(a)]", "{x: \(b)}"]
        }
        #expect(rows.count == Self.rows)
        #expect(rows == expected)
        let doc = try kg.queryDocument("MATCH (a:P)-[r:NEXT]->(b:Q) WHERE a.n >= 999 RETURN b ORDER BY a.n")
        let text = JSONWriter.string(doc)
        #expect(text.contains("第999") && text.contains("第1099") && !text.contains("第998"))
    }

    /// An algorithm's result rows (one per node) render the same nodes as a plain match.
    @Test(arguments: TestBackend.all)
    func algorithmRowsRenderTheirNodes(_ backend: TestBackend) throws {
        let (kg, site) = try Self.graph(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let (_, ranked) = try kg.queryText("CALL kg.algo.degree({}) YIELD node, score RETURN node, score")
        let (_, matched) = try kg.queryText("MATCH (n) RETURN n, CASE WHEN n:P THEN '1.0' ELSE '0.0' END ORDER BY id(n)")
        #expect(ranked.count == 2 * Self.rows && ranked == matched)
    }
}
