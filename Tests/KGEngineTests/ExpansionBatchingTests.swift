import Foundation
import GovBrainTestSupport
import KGCore
import KGEngine
import Testing

/// Expansions on PostgreSQL read the relationships of a batch of input rows (or of the next
/// nodes of a variable-length search) with one statement (`BatchedFlatMapStream`,
/// `StoreTransaction.prefetchAdjacency`): the rows, and their order, are those of SQLite's
/// per-node reads. Every query here has no ORDER BY, so the order is compared too.
struct ExpansionBatchingTests {
    /// A hub (`:Hub`, N 1) with 1,199 outgoing R to every other N (more than two batches of
    /// 500), S from every third N back to it, parallel S to every 50th; a chain of S between
    /// the N (i → i·7 mod 1200 + 1); R self-loops on every 100th.
    static let setup = [
        "UNWIND range(1, 1200) AS i CREATE (:N {i: i})",
        "CREATE INDEX FOR (n:N) ON (n.i)",
        "MATCH (h:N {i: 1}) SET h:Hub",
        "MATCH (h:Hub), (n:N) WHERE n.i > 1 CREATE (h)-[:R {w: n.i % 7}]->(n)",
        "MATCH (h:Hub), (n:N) WHERE n.i % 3 = 0 CREATE (n)-[:S]->(h)",
        "MATCH (h:Hub), (n:N) WHERE n.i % 50 = 0 CREATE (h)-[:S]->(n)",
        "UNWIND range(2, 1200) AS k MATCH (a:N {i: k}), (b:N {i: (k * 7) % 1200 + 1}) CREATE (a)-[:S]->(b)",
        "MATCH (n:N) WHERE n.i % 100 = 0 CREATE (n)-[:R]->(n)",
    ]

    static let queries = [
        "MATCH (h:Hub)-[r]-(b) RETURN id(r), type(r), id(b)",
        "MATCH (h:Hub)--(b)--(c) RETURN id(b), id(c)",
        "MATCH (h:Hub)<-[:S]-(b)-[:S]->(c) RETURN b.i, c.i",
        "MATCH p = (h:Hub)-[*1..3]->(c) WHERE c.i < 8 RETURN p",
        "MATCH (h:Hub)-[rs*2]-(c) RETURN [r IN rs | id(r)], id(c) LIMIT 700",
        "MATCH (h:Hub)-[rs:S*1..3]-(c) RETURN [r IN rs | id(r)], c.i",
        "MATCH (a:N) WHERE a.i % 9 = 0 MATCH (a)-[:S]->(b)-[:R|S]-(c) WHERE b.i > 1 RETURN a.i, b.i, c.i",
        "MATCH (a:N)-[:S]->() RETURN a.i, count(*)",
        "MATCH (a:N) WHERE a.i < 60 OPTIONAL MATCH (a)-[r:R]-(b) WHERE b.i < 5 RETURN a.i, id(r), b.i",
        "MATCH (h:Hub), (c:N {i: 777}) MATCH p = shortestPath((h)-[:S*]-(c)) RETURN p",
        "MATCH (h:Hub)-[*1..2]->(c) RETURN DISTINCT c.i",
        "MATCH (h:Hub)-[:R]->(b)-[:S]->(c) RETURN b.i, c.i LIMIT 10",
    ]

    /// Each backend's rows as text, the setup and the queries run on a new store.
    static func rows(_ backend: TestBackend, _ queries: [String]) throws -> [[[String]]] {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let kg = try KnowledgeGraph.open(path: try site.location(), options: .init(createIfMissing: true, schemaModeForNew: .off))
        for statement in setup { try kg.query(statement) { _, _ in } }
        return try queries.map { try kg.queryText($0).rows }
    }

    @Test func readingExpansionsGiveSQLiteRowsInSQLiteOrder() throws {
        let reference = try Self.rows(.sqlite, Self.queries)
        #expect(reference[0].count == 1_199 + 24 + 401 && reference[1].count > 4_000 && reference[9].count == 1)
        #expect(reference[11].count == 10 && reference[10].count == 1_200)
        for backend in TestBackend.all where backend != .sqlite {
            let got = try Self.rows(backend, Self.queries)
            for (k, query) in Self.queries.enumerated() {
                #expect(got[k].count == reference[k].count, "\(backend): \(query)")
                #expect(got[k] == reference[k], "\(backend): \(query)")
            }
        }
    }

    /// Writing queries expand row by row (their input is not read ahead); the expansions see the
    /// query's own writes alike on both backends.
    @Test func writingQueriesSeeTheirOwnRelationships() throws {
        let queries = [
            "MATCH (h:Hub)-[:R]->(b) WHERE b.i < 20 CREATE (b)-[:T {i: b.i}]->(h) WITH h MATCH (h)<-[t:T]-(x) RETURN id(t), x.i",
            "MATCH (h:Hub) CREATE (h)-[:T]->(:X {k: 1}) WITH h MATCH (h)-[:T]-(x) RETURN x.i, x.k",
            "MATCH (h:Hub)-[r:R]->(b) WHERE b.i % 2 = 0 DELETE r WITH count(*) AS gone MATCH (h:Hub)-[r:R]->() RETURN gone, count(r)",
        ]
        let reference = try Self.rows(.sqlite, queries)
        #expect(reference[2] == [["600", "599"]])
        for backend in TestBackend.all where backend != .sqlite {
            #expect(try Self.rows(backend, queries) == reference, "\(backend)")
        }
    }
}
