import Foundation
import GovBrainTestSupport
import KGCore
import KGEngine
import Testing
@testable import KGCypher

/// The column operators (`NodeColumnScan`, `NodeColumnAggregation`, `NodeColumnTop`) against the
/// row-by-row plans, on the in-memory graph and on the store (where columns are stored,
/// reloaded, and dropped by writes).
@Suite struct ColumnarScanTests {
    /// 1,500 :P nodes with codes (g), many distinct floats (v) and integers (i), integers mixed
    /// with equal floats (m), strings mixed with lists (t), missing values; and :Q nodes with the
    /// same keys that a :P scan must not see.
    static let setup = """
        UNWIND range(0, 1499) AS k
        CREATE (:P {k: k,
                    g: CASE k % 4 WHEN 0 THEN 'a' WHEN 1 THEN 'b' WHEN 2 THEN 'c' ELSE null END,
                    v: CASE WHEN k % 11 = 0 THEN null ELSE toFloat((k * 7) % 1499) / 3.0 END,
                    i: (k * 13) % 1501,
                    m: CASE k % 3 WHEN 0 THEN 1 WHEN 1 THEN 1.0 ELSE 2 END,
                    t: CASE WHEN k % 5 = 0 THEN [k % 7, k % 3] ELSE toString(k % 17) END})
        WITH k WHERE k < 40
        CREATE (:Q {k: k, g: 'a', v: 1.5, i: k})
        """

    /// (query, whether the result order is defined, whether a column operator must plan it)
    static let queries: [(String, Bool, Bool)] = [
        ("MATCH (p:P) RETURN p.g AS g, count(*) AS c, count(p.v) AS cv, sum(p.i) AS s, avg(p.v) AS a, min(p.t) AS mn, max(p.t) AS mx", false, true),
        ("MATCH (p:P) RETURN p.g AS g, collect(p.k)[0..4] AS ks", false, true),
        ("MATCH (p:P) WHERE p.v > 100.5 AND p.g IN ['a', 'c'] RETURN p.g, count(*)", false, true),
        ("MATCH (p:P) WHERE p.g IS NULL RETURN count(*)", false, true),
        ("MATCH (p:P) WHERE p.g IS NOT NULL AND 200 >= p.i RETURN p.k ORDER BY p.k", true, true),
        ("MATCH (p:P) RETURN p.k, p.v ORDER BY p.v DESC, p.k LIMIT 7", true, true),
        ("MATCH (p:P) RETURN p.k AS k, p.v AS v ORDER BY v LIMIT 12", true, true),
        ("MATCH (p:P) WHERE p.i < 500 RETURN p.k AS k ORDER BY p.t, k LIMIT 5", true, true),
        ("MATCH (p:P) RETURN p.m, count(*)", false, true),
        ("MATCH (p:P {g: 'b'}) RETURN count(*), sum(p.v)", false, true),
        ("MATCH (p:P) WHERE p.t STARTS WITH '1' RETURN count(*)", false, true),
        ("MATCH (p:P) WHERE p.g = $g RETURN p.i, p.k ORDER BY p.i DESC LIMIT 3", true, true),
        ("MATCH (p:P) WHERE p.g = 'zzz' RETURN p.g, count(*)", false, true),
        ("MATCH (p:P) WHERE p.g = 'zzz' RETURN count(*), sum(p.i), avg(p.v)", false, true),
        ("MATCH (p:P) RETURN count(p), count(DISTINCT p.g), stDev(p.v), min(p.v), max(p.i)", false, true),
        ("MATCH (p:P) WHERE p.k IN [3, 5.0, null] RETURN p.k", false, true),
        ("MATCH (p:P) WHERE p.v >= 490 AND p.v < 495 AND p.k % 2 = 0 RETURN p.k, p.v", false, true),
        ("MATCH (p:P) RETURN p.g, p.m, count(*) AS c", false, true),
        ("MATCH (p:P) WHERE p.v < 1 RETURN p.k ORDER BY p.v DESC LIMIT 0", true, true),
        ("MATCH (p:P) WHERE p.i > 1400 RETURN p.g AS g ORDER BY g LIMIT 100", true, true),
        // Not for columns: a property compared with a property, a function of the node.
        ("MATCH (p:P) WHERE p.v <> p.v RETURN count(*)", false, false),
        ("MATCH (p:P) RETURN p.g, count(DISTINCT p)", false, false),
    ]

    static let parameters: [String: Value] = ["g": .string("c")]

    private static func normalised(_ rows: [String], ordered: Bool) -> [String] { ordered ? rows : rows.sorted() }

    @Test func columnPlansMatchRowPlansInMemory() throws {
        let g = InMemoryGraph()
        let engine = CypherEngine()
        _ = try engine.execute(Self.setup, graph: g)
        for (q, ordered, columnar) in Self.queries {
            let on = try engine.execute(q, parameters: Self.parameters, graph: g, options: QueryOptions(columnarMinimumNodes: 0))
            let off = try engine.execute(q, parameters: Self.parameters, graph: g, options: QueryOptions(optimize: false))
            #expect(CypherTestSupport.rendered(on, graph: g, ordered: ordered) == CypherTestSupport.rendered(off, graph: g, ordered: ordered), "\(q)")
            let plan = try #require(try engine.execute("EXPLAIN " + q, parameters: Self.parameters, graph: g,
                                                       options: QueryOptions(columnarMinimumNodes: 0)).plan).text()
            #expect(plan.contains("NodeColumn") == columnar, "\(q)\n\(plan)")
            // With the default threshold a small label keeps the row plan.
            let small = try #require(try engine.execute("EXPLAIN " + q, parameters: Self.parameters, graph: g).plan).text()
            #expect(!small.contains("NodeColumn"), "\(q)\n\(small)")
        }
    }

    /// With an index on the grouping key, aggregates and top-k start from the index seek: a
    /// narrow seek runs the row plan, a wide one the columns; both agree with the rows.
    @Test func indexSeeksUnderColumnOperators() throws {
        let g = InMemoryGraph()
        let engine = CypherEngine()
        _ = try engine.execute(Self.setup, graph: g)
        _ = try engine.execute("CREATE INDEX FOR (p:P) ON (p.g)", graph: g)
        let queries = [
            ("MATCH (p:P) WHERE p.g = 'a' RETURN p.k ORDER BY p.v DESC, p.k LIMIT 4", true),
            ("MATCH (p:P {g: 'b'}) RETURN count(*), sum(p.i), max(p.t)", false),
            ("MATCH (p:P) WHERE p.g = $g AND p.i > 700 RETURN p.m, count(*)", false),
        ]
        for (q, ordered) in queries {
            let off = CypherTestSupport.rendered(try engine.execute(q, parameters: Self.parameters, graph: g, options: QueryOptions(optimize: false)), graph: g, ordered: ordered)
            for minimum in [0, 400, 2_000] {
                let options = QueryOptions(columnarMinimumNodes: minimum)
                let on = try engine.execute(q, parameters: Self.parameters, graph: g, options: options)
                #expect(CypherTestSupport.rendered(on, graph: g, ordered: ordered) == off, "\(minimum): \(q)")
            }
            let plan = try #require(try engine.execute("EXPLAIN " + q, parameters: Self.parameters, graph: g,
                                                       options: QueryOptions(columnarMinimumNodes: 0)).plan).text()
            #expect(plan.contains("NodeColumn") && plan.contains("index on g"), "\(q)\n\(plan)")
        }
        // A filtered seek alone stays a seek.
        let plan = try #require(try engine.execute("EXPLAIN MATCH (p:P {g: 'a'}) WHERE p.i > 3 RETURN p.k", graph: g,
                                                   options: QueryOptions(columnarMinimumNodes: 0)).plan).text()
        #expect(plan.contains("NodeIndexSeek") && !plan.contains("NodeColumn"), "\(plan)")
    }

    /// An error the rows would raise is raised the same way (the column operator falls back).
    @Test func errorsAreTheRowPlansErrors() throws {
        let g = InMemoryGraph()
        let engine = CypherEngine()
        _ = try engine.execute(Self.setup, graph: g)
        let q = "MATCH (p:P) WHERE p.g IN 5 RETURN count(*)"
        #expect(throws: CypherError.self) { try engine.execute(q, graph: g, options: QueryOptions(columnarMinimumNodes: 0)) }
        #expect(throws: CypherError.self) { try engine.execute(q, graph: g, options: QueryOptions(optimize: false)) }
    }

    /// The test graph on `backend`; keep the site alive to the test's end (it removes the store).
    private func store(_ backend: TestBackend) throws -> (KnowledgeGraph, TestStoreSite) {
        let site = try TestStoreSite(backend)
        let kg = try KnowledgeGraph.open(path: try site.location(), options: .init(createIfMissing: true, schemaModeForNew: .off))
        try kg.query(Self.setup) { _, _ in }
        return (kg, site)
    }

    private func rows(_ kg: KnowledgeGraph, _ q: String, _ options: QueryOptions) throws -> [String] {
        var rows: [String] = []
        try kg.query(q, parameters: Self.parameters, options: options) { values, graph in
            rows.append(values.map { CypherLiteral.render($0, graph: graph) }.joined(separator: " | "))
        }
        return rows
    }

    /// On the store: the first run builds and stores the columns, the second reads them back.
    @Test(arguments: TestBackend.all)
    func columnPlansMatchRowPlansOnTheStore(_ backend: TestBackend) throws {
        let (kg, site) = try store(backend)
        defer { withExtendedLifetime(site) {} }
        for pass in 0..<2 {
            for (q, ordered, _) in Self.queries {
                let on = try rows(kg, q, QueryOptions(columnarMinimumNodes: 0))
                let off = try rows(kg, q, QueryOptions(optimize: false))
                #expect(Self.normalised(on, ordered: ordered) == Self.normalised(off, ordered: ordered), "pass \(pass): \(q)")
            }
        }
    }

    /// Masked reading (every role but admin): a sensitive key is never answered from a column,
    /// so grouping, filters and ordering see the masked value, as the row plan does.
    @Test(arguments: TestBackend.all)
    func maskedKeysStayMasked(_ backend: TestBackend) throws {
        let (kg, site) = try store(backend)
        defer { withExtendedLifetime(site) {} }
        try kg.query("UNWIND range(1, 60) AS k CREATE (:Person {k: k, phone: '1381234' + toString(5000 + k % 3)})") { _, _ in }
        let queries = [
            ("MATCH (p:Person) RETURN p.phone AS phone, count(*) AS c", false),
            ("MATCH (p:Person) WHERE p.phone = '13812345001' RETURN count(*)", false),
            ("MATCH (p:Person) RETURN p.k ORDER BY p.phone DESC, p.k LIMIT 3", true),
        ]
        for (q, ordered) in queries {
            var on: [String] = [], off: [String] = []
            try kg.query(q, options: QueryOptions(columnarMinimumNodes: 0), masked: true) { values, graph in
                on.append(values.map { CypherLiteral.render($0, graph: graph) }.joined(separator: " | "))
            }
            try kg.query(q, options: QueryOptions(optimize: false), masked: true) { values, graph in
                off.append(values.map { CypherLiteral.render($0, graph: graph) }.joined(separator: " | "))
            }
            #expect(Self.normalised(on, ordered: ordered) == Self.normalised(off, ordered: ordered), "\(q)")
            #expect(!on.joined().contains("13812345001"), "\(q): \(on)")
        }
    }

    /// Every kind of write between two column reads: the second read sees it.
    @Test(arguments: TestBackend.all)
    func writesReachTheColumns(_ backend: TestBackend) throws {
        let (kg, site) = try store(backend)
        defer { withExtendedLifetime(site) {} }
        let probes = [
            ("MATCH (p:P) RETURN p.g AS g, count(*) AS c, sum(p.i) AS s, max(p.v) AS v", false),
            ("MATCH (p:P) WHERE p.g = 'a' RETURN p.k ORDER BY p.v DESC, p.k LIMIT 5", true),
        ]
        let writes = [
            "MATCH (p:P) WHERE p.k < 10 SET p.g = 'z', p.v = 9999.5",
            "MATCH (p:P {k: 20}) SET p += {g: 'a', v: 10000.25}",
            "MATCH (p:P {k: 24}) REMOVE p.g",
            "CREATE (:P {k: 5000, g: 'a', v: 20000.0, i: 3})",
            "MATCH (q:Q) WHERE q.k < 3 SET q:P",
            "MATCH (p:P) WHERE p.k >= 40 AND p.k < 60 REMOVE p:P",
            "MATCH (p:P) WHERE p.k >= 100 AND p.k < 120 DETACH DELETE p",
            "MATCH (p:P {k: 5000}) SET p = {k: 5000, g: 'y', i: 1}",
        ]
        for write in writes {
            for (q, ordered) in probes { _ = try rows(kg, q, QueryOptions(columnarMinimumNodes: 0)); _ = ordered }
            try kg.query(write) { _, _ in }
            for (q, ordered) in probes {
                let on = try rows(kg, q, QueryOptions(columnarMinimumNodes: 0))
                let off = try rows(kg, q, QueryOptions(optimize: false))
                #expect(Self.normalised(on, ordered: ordered) == Self.normalised(off, ordered: ordered), "after \(write): \(q)")
            }
        }
    }
}
