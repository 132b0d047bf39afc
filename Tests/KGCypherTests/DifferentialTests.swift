import Foundation
import GovBrainTestSupport
import KGCore
import KGEngine
import Testing
@testable import KGCypher

/// The same queries on the in-memory reference graph and on the store (SQLite, and PostgreSQL when
/// a test server is set: `TestBackend.all`), with and without the optimizer: all must agree.
@Suite struct DifferentialTests {
    static let queries: [(String, Bool)] = [
        ("MATCH (n) RETURN n", false),
        ("MATCH (n:Region) RETURN n.name, n.adcode", false),
        ("MATCH (n:Region {adcode: 450103}) RETURN n.name", false),
        ("MATCH (a)-[r]->(b) RETURN type(r), a.name, b.name", false),
        ("MATCH (a)<-[r:PART_OF]-(b) RETURN a.name, collect(b.name)", false),
        ("MATCH (a)-[:PART_OF]-(b) RETURN a.name, b.name", false),
        ("MATCH (a:County)-[:PART_OF*]->(b) RETURN a.name, b.name", false),
        ("MATCH p = (a:Enterprise)-[:SHAREHOLDER_OF*2]->(b) RETURN p", false),
        ("MATCH (e:Enterprise)-[:LOCATED_IN]->(r)-[:PART_OF*0..]->(c:City) RETURN c.name, count(e) AS n ORDER BY n DESC, c.name", true),
        ("MATCH (e:Enterprise) WHERE e.capital > 50 AND e.scale IN ['small', 'medium'] RETURN e.name ORDER BY e.capital DESC LIMIT 1", true),
        ("MATCH (e:Enterprise) RETURN e.scale, avg(e.capital), min(e.capital), max(e.name)", false),
        ("MATCH (e:Enterprise) OPTIONAL MATCH (e)-[:SHAREHOLDER_OF]->(x {scale: 'micro'}) RETURN e.name, x.name", false),
        ("MATCH (a), (b) WHERE a.adcode = b.adcode + 1 RETURN a.name, b.name", false),
        ("MATCH (r:Region) WITH r ORDER BY r.adcode SKIP 1 LIMIT 2 RETURN r.name", true),
        ("MATCH (r:Region) RETURN DISTINCT labels(r) AS l", false),
        ("MATCH (o:Office)-[:LOCATED_IN]->(r) WHERE exists { (r)-[:PART_OF]->(:City) } RETURN o.name", false),
        ("MATCH (r:Region) RETURN r.name, [(r)<-[:PART_OF]-(c) | c.name] AS children", false),
        ("MATCH (a {name: '青秀区'}), (b {name: '柳州市'}) MATCH p = shortestPath((a)-[*]-(b)) RETURN [n IN nodes(p) | n.name]", false),
        ("MATCH (e:Enterprise) UNWIND coalesce(e.tags, ['none']) AS t RETURN t, count(*)", false),
        ("MATCH (r:Region) RETURN r.name AS name UNION MATCH (o:Office) RETURN o.name AS name", false),
        ("MATCH (e:Enterprise)-[s:SHAREHOLDER_OF]->(f) WHERE s.ratio >= 0.3 RETURN e.name, f.name, s.ratio", false),
        ("MATCH (n) WHERE n:City OR n:County RETURN count(*)", false),
        // Distinct end nodes of variable-length patterns (the pruning expansion when optimized).
        ("MATCH (a:Enterprise)-[:SHAREHOLDER_OF*1..3]->(x) RETURN a.name, count(DISTINCT x) AS n", false),
        ("MATCH (a)-[*1..2]-(b) RETURN a.name, count(DISTINCT b), min(b.name), max(b.name)", false),
        ("MATCH (c:County)-[:PART_OF*0..]->(r) RETURN DISTINCT r.name", false),
        ("MATCH (a:Enterprise)-[:SHAREHOLDER_OF*]->(x)-[:LOCATED_IN]->(r) RETURN DISTINCT a.name, r.name", false),
        ("MATCH (a:Enterprise)-[s:SHAREHOLDER_OF]->()-[:SHAREHOLDER_OF*1..2]->(x) RETURN a.name, count(DISTINCT x)", false),
        ("MATCH (a:Enterprise)-[:SHAREHOLDER_OF*1..3]->(x) RETURN a.name, count(x) AS paths", false),
        // Degree counts (DegreeCount when optimized).
        ("MATCH (a)-[r]->() RETURN a.name, count(r)", false),
        ("MATCH (a:Enterprise)-[:SHAREHOLDER_OF]-() RETURN count(*)", false),
        ("MATCH (a)<-[r:PART_OF|LOCATED_IN]-() RETURN a.name, count(r), count(*) AS c", false),
        ("MATCH (a)-[r]->() RETURN type(r), count(*)", false),
        // Look-ups by id (NodeByIdSeek when optimized), the id bound by an earlier clause.
        ("MATCH (a:Region {adcode: 450103}) WITH id(a) AS i MATCH (n) WHERE id(n) = i RETURN n.name", false),
        ("MATCH (a:Region {adcode: 450103}) WITH id(a) AS i MATCH (o:Office)-[:LOCATED_IN]->(n) WHERE toFloat(i) = id(n) RETURN o.name", false),
        ("MATCH (a:Enterprise) WITH collect(id(a)) AS ids MATCH (n:Enterprise) WHERE id(n) IN ids + [ids[0], null, 'x', 0.5] RETURN n.name", false),
        ("MATCH (a:City) WITH collect(elementId(a)) AS ids MATCH (n) WHERE elementId(n) IN ids RETURN n.name", false),
        ("MATCH (a:City) WITH a MATCH (n:County) WHERE id(n) = id(a) RETURN count(*)", false),
    ]

    private func runInMemory(optimize: Bool) throws -> [[String]] {
        let g = try CypherTestSupport.referenceGraph()
        let engine = CypherEngine()
        return try Self.queries.map { q, ordered in
            let r = try engine.execute(q, graph: g, options: QueryOptions(optimize: optimize))
            return CypherTestSupport.rendered(r, graph: g, ordered: ordered)
        }
    }

    private func runOnStore(optimize: Bool, backend: TestBackend) throws -> [[String]] {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let kg = try KnowledgeGraph.open(path: try site.location(), options: .init(createIfMissing: true, schemaModeForNew: .off))
        try kg.query(CypherTestSupport.setup) { _, _ in }
        return try Self.queries.map { q, ordered in
            var rows: [String] = []
            try kg.query(q, options: QueryOptions(optimize: optimize)) { values, graph in
                rows.append(values.map { CypherLiteral.render($0, graph: graph) }.joined(separator: " | "))
            }
            return ordered ? rows : rows.sorted()
        }
    }

    /// The graph the pruning tests walk: cycles, parallel relationships, a self-loop, a second
    /// type, nodes reachable only by going back over a relationship.
    static func walkGraph() throws -> (InMemoryGraph, CypherEngine) {
        let g = InMemoryGraph()
        let engine = CypherEngine()
        _ = try engine.execute("""
            CREATE (a:N {id: 1}), (b:N {id: 2}), (c:N {id: 3}), (d:N {id: 4}), (e:M {id: 5}), (f:N {id: 6})
            CREATE (a)-[:T]->(b), (a)-[:T]->(b), (b)-[:T]->(c), (c)-[:T]->(a), (c)-[:T]->(d), (d)-[:T]->(d),
                   (d)-[:U]->(e), (e)-[:T]->(f), (f)-[:T]->(b), (b)-[:U]->(f)
            """, graph: g)
        return (g, engine)
    }

    /// The pruning expansion against path enumeration on a graph made to tell them apart:
    /// cycles, parallel relationships, a self-loop, a second type, nodes reachable only by
    /// going back over a relationship (which paths may not do).
    @Test func pruningExpansionFindsTheEndNodesOfPaths() throws {
        let (g, engine) = try Self.walkGraph()
        // (query, whether the optimizer prunes it)
        let queries = [
            ("MATCH (s:N)-[:T*1..2]->(x) RETURN s.id, count(DISTINCT x) AS n, min(x.id), max(x.id)", true),
            ("MATCH (s:N)-[:T*0..3]->(x:N) RETURN s.id, collect(DISTINCT x.id) AS ids", true),
            ("MATCH (s)-[*1..4]->(x) RETURN DISTINCT s.id, x.id", true),
            ("MATCH (s)<-[:T|U*]-(x) RETURN s.id, count(DISTINCT x)", true),
            // The [:U] relationship must differ from those of the variable-length part: kept.
            ("MATCH (s {id: 1})-[:T*1..3]->(x)-[:U]->(y) RETURN count(DISTINCT y), count(DISTINCT x)", false),
            // Undirected: a path may not go back over its last relationship, a walk may.
            ("MATCH (s)-[*1..2]-(x) RETURN s.id, count(DISTINCT x)", false),
            ("MATCH (s:N)-[:T*2..3]->(x) RETURN s.id, count(DISTINCT x)", false),
            ("MATCH (s:N)-[:T*1..3]->(x) RETURN s.id, count(x)", false),
        ]
        for (q, pruned) in queries {
            let on = try engine.execute(q, graph: g, options: QueryOptions(optimize: true))
            let off = try engine.execute(q, graph: g, options: QueryOptions(optimize: false))
            let normalise = { (rows: [String]) in rows.map { String($0.split(separator: "|").map { part in
                // collect(DISTINCT …) lists may come in another order; compare them as sets.
                let t = part.trimmingCharacters(in: .whitespaces)
                return t.hasPrefix("[") ? String(t.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.sorted().joined(separator: ",")) : t
            }.joined(separator: "|")) }.sorted() }
            #expect(normalise(CypherTestSupport.rendered(on, graph: g, ordered: false)) == normalise(CypherTestSupport.rendered(off, graph: g, ordered: false)), "\(q)")
            let plan = try #require(try engine.execute("EXPLAIN " + q, graph: g).plan).text()
            #expect(plan.contains("VarLengthExpand(Pruning)") == pruned, "\(q)\n\(plan)")
        }
    }

    /// `count(DISTINCT x)` of a pruning expansion's ends, fused with its label test into one
    /// `DistinctReachCount`, against path enumeration (optimizer off): cycles, parallel
    /// relationships, a self-loop, 0 hops, several start rows, none, a relationship bound
    /// elsewhere in the pattern.
    @Test func reachCountsMatchPathEnumeration() throws {
        let (g, engine) = try Self.walkGraph()
        let queries = [
            "MATCH (s {id: 1})-[:T*1..3]->(x) RETURN count(DISTINCT x) AS n",
            "MATCH (s:M)-[:T*1..3]->(x:N) RETURN count(DISTINCT x) AS n",
            "MATCH (s:M)-[*0..3]->(x:N) RETURN count(DISTINCT x) AS n, count(DISTINCT x) AS m",
            "MATCH (s:N)-[:T|U*]->(x:N) RETURN count(DISTINCT x)",
            "MATCH (s)<-[:T*1..2]-(x) RETURN count(DISTINCT x)",
            "MATCH (s:Nothing)-[*1..2]->(x) RETURN count(DISTINCT x)",
            "MATCH (s:M)-[:T*1..]->(x:N) RETURN count(DISTINCT x)",
            "MATCH (s {id: 2})-[r:U]->()-[:T*1..3]->(x) RETURN count(DISTINCT x)",
            "MATCH (s {id: 5})-[*1..4]->(x) WITH count(DISTINCT x) AS n RETURN n * 10",
        ]
        for q in queries {
            let on = try engine.execute(q, graph: g, options: QueryOptions(optimize: true))
            let off = try engine.execute(q, graph: g, options: QueryOptions(optimize: false))
            #expect(on.rows == off.rows && on.columns == off.columns, "\(q): \(on.rows) vs \(off.rows)")
            let plan = try #require(try engine.execute("EXPLAIN " + q, graph: g).plan).text()
            #expect(plan.contains("DistinctReachCount"), "\(q)\n\(plan)")
        }
        // Not fused: grouping keys, another aggregate, a filter on something else.
        for q in ["MATCH (s:N)-[:T*1..2]->(x) RETURN s.id, count(DISTINCT x)",
                  "MATCH (s {id: 1})-[:T*1..2]->(x) RETURN count(DISTINCT x), min(x.id)",
                  "MATCH (s {id: 1})-[:T*1..2]->(x) WHERE x.id > 2 RETURN count(DISTINCT x)"] {
            let plan = try #require(try engine.execute("EXPLAIN " + q, graph: g).plan).text()
            #expect(!plan.contains("DistinctReachCount"), "\(q)\n\(plan)")
            let on = try engine.execute(q, graph: g, options: QueryOptions(optimize: true))
            let off = try engine.execute(q, graph: g, options: QueryOptions(optimize: false))
            #expect(Set(on.rows.map { "\($0)" }) == Set(off.rows.map { "\($0)" }), "\(q)")
        }
    }

    /// Degree counts against counting expanded rows, with a self-loop and parallel
    /// relationships, in memory and on the store (whose counts come from its indexes).
    @Test(arguments: TestBackend.all)
    func degreeCountsMatchExpansion(_ backend: TestBackend) throws {
        let setup = """
            CREATE (a:N {id: 1}), (b:N {id: 2}), (c:N {id: 3}), (d:M {id: 4})
            CREATE (a)-[:T]->(b), (a)-[:T]->(b), (b)-[:U]->(c), (c)-[:T]->(a), (c)-[:T]->(c), (d)-[:U]->(d)
            """
        let queries = [
            ("MATCH (s)-[r]-() RETURN s.id, count(r)", true),
            ("MATCH (s)-[r:T]->() RETURN s.id, count(*) AS n", true),
            ("MATCH (s:N)<-[r:T|U]-() RETURN count(r)", true),
            ("MATCH (s {id: 4})-[r]-() RETURN count(r), count(*)", true),
            ("MATCH (s)-[r:X]-() RETURN count(r)", true),
            ("MATCH (s)-[r]-() RETURN type(r), count(*)", false),
            ("MATCH (s)-[r]-(x:N) RETURN s.id, count(r)", false),
        ]
        let g = InMemoryGraph()
        let engine = CypherEngine()
        _ = try engine.execute(setup, graph: g)
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let kg = try KnowledgeGraph.open(path: try site.location(), options: .init(createIfMissing: true, schemaModeForNew: .off))
        try kg.query(setup) { _, _ in }
        for (q, rewritten) in queries {
            let off = CypherTestSupport.rendered(try engine.execute(q, graph: g, options: QueryOptions(optimize: false)), graph: g, ordered: false)
            let on = CypherTestSupport.rendered(try engine.execute(q, graph: g), graph: g, ordered: false)
            #expect(on == off, "\(q)")
            var stored: [String] = []
            try kg.query(q) { values, graph in stored.append(values.map { CypherLiteral.render($0, graph: graph) }.joined(separator: " | ")) }
            #expect(stored.sorted() == off, "store: \(q)")
            let plan = try #require(try engine.execute("EXPLAIN " + q, graph: g).plan).text()
            #expect(plan.contains("DegreeCount") == rewritten, "\(q)\n\(plan)")
        }
    }

    /// Label tests on the store with label writes in the same query and in the next one.
    @Test func manyLabelTestsFollowLabelWrites() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gb-labels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let kg = try KnowledgeGraph.open(path: dir.appendingPathComponent("g.sqlite").path, options: .init(createIfMissing: true, schemaModeForNew: .off))
        func count(_ q: String) throws -> Int64 {
            var out: Int64 = -1
            try kg.query(q) { values, _ in if case .int(let n) = values[0] { out = n } }
            return out
        }
        let n = 6_000
        #expect(try count("UNWIND range(1, \(n)) AS i CREATE (x:Y {i: i}) WITH x WHERE x.i % 2 = 0 SET x:X RETURN count(*)") == Int64(n / 2))
        #expect(try count("MATCH (x) WHERE x:X RETURN count(*)") == Int64(n / 2))
        #expect(try count("MATCH (x) WHERE x:X AND x:Y RETURN count(*)") == Int64(n / 2))
        // Checks, then a label removed, then checks again in one query.
        #expect(try count("MATCH (x) WHERE x:X WITH count(*) AS before MATCH (y:X) WHERE y.i <= 100 REMOVE y:X WITH count(*) AS removed MATCH (z) WHERE z:X RETURN count(z)") == Int64(n / 2 - 50))
        #expect(try count("MATCH (x) WHERE x:Y AND NOT x:X RETURN count(*)") == Int64(n / 2 + 50))
    }

    @Test func optimizerOnAndOffAgreeOnBothGraphs() throws {
        let reference = try runInMemory(optimize: false)
        var variants = [("memory+optimizer", try runInMemory(optimize: true))]
        for backend in TestBackend.all {
            variants.append(("\(backend)", try runOnStore(optimize: false, backend: backend)))
            variants.append(("\(backend)+optimizer", try runOnStore(optimize: true, backend: backend)))
        }
        for (name, results) in variants {
            for (k, q) in Self.queries.enumerated() {
                #expect(results[k] == reference[k], "\(name) differs on: \(q.0)")
            }
        }
        // The reference answers are not trivially empty.
        #expect(reference.filter(\.isEmpty).isEmpty)
    }
}
