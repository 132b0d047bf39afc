import Foundation
import GovBrainTestSupport
import KGCore
import KGEngine
import KGStore
import Testing

/// Cypher on SQLite with its expansions served from the store's adjacency (`CSRAdjacency`)
/// gives the rows of the index reads, in the same order (no query here has ORDER BY): the
/// queries of `ExpansionBatchingTests` (a hub, cycles, parallel relationships, self-loops, type
/// filters, both directions, variable-length and shortest paths) and a few more; a writing
/// query sees its own relationships; a later process reads the file `govbrain import` leaves.
struct CSRExpansionTests {
    static let queries = ExpansionBatchingTests.queries + [
        "MATCH (h:Hub)-[:S]->()-[:S]->(x:N) RETURN count(DISTINCT x)",
        "MATCH (h:Hub)-[*1..3]->(x) RETURN count(DISTINCT x)",
        "MATCH (h:Hub)<-[*1..3]-(x) RETURN x.i",
        "MATCH (h:Hub)-[r]->() RETURN count(r)",
        "MATCH (a:N)-[r:R]-(a) RETURN a.i, id(r)",
        "MATCH (a:N) WHERE a.i < 40 RETURN a.i, size([(a)-[:S]-(b) | b.i]) AS k",
    ]

    /// The graph of `ExpansionBatchingTests` in a new SQLite store.
    static func open(_ site: TestStoreSite) throws -> KnowledgeGraph {
        let kg = try KnowledgeGraph.open(path: try site.location(), options: .init(createIfMissing: true, schemaModeForNew: .off))
        for statement in ExpansionBatchingTests.setup { try kg.query(statement) { _, _ in } }
        return kg
    }

    @Test func servedExpansionsGiveTheIndexReadsRowsInOrder() throws {
        let site = try TestStoreSite(.sqlite)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let kg = try Self.open(site)
        #expect(kg.adjacencyStamp == nil)
        let reference = try Self.queries.map { try kg.queryText($0).rows }
        #expect(reference[0].count == 1_199 + 24 + 401 && reference[12].count == 1 && reference[12][0] != ["0"])
        try kg.refreshAdjacency()
        #expect(kg.adjacencyStamp != nil)
        for (k, query) in Self.queries.enumerated() {
            #expect(try kg.queryText(query).rows == reference[k], "\(query)")
        }
        // The same from a store opened later (the file).
        let later = try KnowledgeGraph.open(path: try site.location(), options: .init())
        for (k, query) in Self.queries.enumerated() {
            #expect(try later.queryText(query).rows == reference[k], "file: \(query)")
        }
    }

    /// Writing queries read SQLite once they have written, and the next state is not the adjacency's.
    @Test func writingQueriesSeeTheirOwnRelationships() throws {
        let queries = [
            "MATCH (h:Hub)-[:R]->(b) WHERE b.i < 20 CREATE (b)-[:T {i: b.i}]->(h) WITH h MATCH (h)<-[t:T]-(x) RETURN id(t), x.i",
            "MATCH (h:Hub) CREATE (h)-[:T]->(:X {k: 1}) WITH h MATCH (h)-[:T]-(x) RETURN x.i, x.k",
            "MATCH (h:Hub)-[r:R]->(b) WHERE b.i % 2 = 0 DELETE r WITH count(*) AS gone MATCH (h:Hub)-[r:R]->() RETURN gone, count(r)",
            "MATCH (h:Hub)-[r]-() RETURN type(r), count(*)",
        ]
        let site = try TestStoreSite(.sqlite)
        defer { withExtendedLifetime(site) {} }
        let plain = try Self.open(site)
        let reference = try queries.map { try plain.queryText($0).rows }
        #expect(reference[2] == [["600", "599"]])

        let other = try TestStoreSite(.sqlite)
        defer { withExtendedLifetime(other) {} }
        let kg = try Self.open(other)
        var got: [[[String]]] = []
        for query in queries {
            // Each query starts at a state the adjacency holds.
            try kg.refreshAdjacency(writeFile: false)
            got.append(try kg.queryText(query).rows)
        }
        #expect(got == reference)
    }
}
