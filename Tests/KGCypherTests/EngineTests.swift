import KGCore
import Testing
@testable import KGCypher

@Suite struct EngineTests {
    let engine = CypherEngine()

    private func run(_ q: String, _ g: InMemoryGraph, _ params: [String: Value] = [:]) throws -> QueryResult {
        try g.run { try engine.execute(q, parameters: params, graph: $0) }
    }

    @Test func readsWithAggregationAndOrdering() throws {
        let g = try CypherTestSupport.referenceGraph()
        let r = try run("MATCH (e:Enterprise)-[:LOCATED_IN]->(:County)-[:PART_OF]->(c:City) RETURN c.name AS city, count(*) AS n, sum(e.capital) AS total ORDER BY city", g)
        #expect(r.columns == ["city", "n", "total"])
        #expect(CypherTestSupport.rendered(r, graph: g, ordered: true) == ["'南宁市' | 2 | 2600.5"])
    }

    @Test func variableLengthAndShortestPath() throws {
        let g = try CypherTestSupport.referenceGraph()
        let r = try run("MATCH (a {name: '南宁甲公司'})-[:SHAREHOLDER_OF*1..2]->(x) RETURN x.name ORDER BY x.name", g)
        #expect(r.rows.map { $0[0] } == [.string("南宁乙公司"), .string("柳州丙公司")])
        let s = try run("MATCH (a {name: '青秀区'}), (b {name: '柳州市'}) MATCH p = shortestPath((a)-[*]-(b)) RETURN length(p)", g)
        #expect(s.rows == [[.int(3)]])
    }

    /// DISTINCT aggregates keep nodes by id and other values by equivalence: a node is the same
    /// node only, 1 and 1.0 are one value, nulls are skipped.
    @Test func distinctAggregatesOverNodesAndOtherValues() throws {
        let g = try CypherTestSupport.referenceGraph()
        let r = try run("""
            MATCH (a {name: '南宁甲公司'}), (b {name: '南宁乙公司'})
            UNWIND [a, b, a, 1, 1.0, 'a', null, b, [a], [a], 2] AS x
            RETURN count(DISTINCT x) AS c, size(collect(DISTINCT x)) AS s
            """, g)
        #expect(r.rows == [[.int(6), .int(6)]])
    }

    @Test func writesCountObservableChanges() throws {
        let g = InMemoryGraph()
        let r = try run("CREATE (:A {x: 1}), (:A {x: 2, y: 'b'})", g)
        #expect(r.statistics.nodesCreated == 2 && r.statistics.propertiesSet == 3 && r.statistics.labelsAdded == 1)
        let s = try run("MATCH (n:A) SET n.x = 1, n:B REMOVE n.y", g)
        #expect(s.statistics.propertiesSet == 1 && s.statistics.propertiesRemoved == 2 && s.statistics.labelsAdded == 1)
        let m = try run("MERGE (a:A {x: 1}) ON MATCH SET a.seen = true RETURN count(*)", g)
        #expect(m.rows == [[.int(2)]])
        let d = try run("MATCH (n) DETACH DELETE n", g)
        #expect(d.statistics.nodesDeleted == 2 && d.statistics.labelsRemoved == 2)
    }

    @Test func aFailedQueryChangesNothing() throws {
        let g = try CypherTestSupport.referenceGraph()
        let before = try g.nodeCount(label: nil)
        #expect(throws: CypherError.self) {
            _ = try run("CREATE (:X) WITH 1 AS one MATCH (r:Region) DELETE r", g)
        }
        #expect(try g.nodeCount(label: nil) == before)
        #expect(try g.nodeCount(label: "X") == 0)
    }

    @Test func parametersAndMissingParameters() throws {
        let g = try CypherTestSupport.referenceGraph()
        let r = try run("MATCH (r:Region) WHERE r.adcode = $code RETURN r.name", g, ["code": .int(450103)])
        #expect(r.rows == [[.string("青秀区")]])
        #expect {
            _ = try run("RETURN $nope", g)
        } throws: { ($0 as? CypherError)?.code.rawValue == "MissingParameter" }
    }

    @Test func proceduresAndRegistry() throws {
        let g = try CypherTestSupport.referenceGraph()
        let r = try run("CALL db.labels() YIELD label RETURN collect(label) AS labels", g)
        #expect(CypherTestSupport.rendered(r, graph: g, ordered: true) == ["['City', 'County', 'Enterprise', 'Office', 'Province', 'Region']"])
        let registry = ProcedureRegistry()
        registry.register(ProcedureSignature(name: "kg.test.double", inputs: [.init(name: "x", type: "INTEGER")],
                                             outputs: [.init(name: "y", type: "INTEGER")])) { ctx in
            [[.int((ctx.arguments[0].intValue ?? 0) * 2)]]
        }
        let custom = CypherEngine(procedures: registry)
        let d = try custom.execute("UNWIND [1, 2] AS x CALL kg.test.double(x) YIELD y RETURN sum(y)", graph: g)
        #expect(d.rows == [[.int(6)]])
    }

    @Test func readOnlyRefusesWrites() throws {
        let g = InMemoryGraph()
        #expect {
            _ = try engine.execute("CREATE ()", graph: g, options: QueryOptions(readOnly: true))
        } throws: { ($0 as? CypherError)?.code.rawValue == "WriteNotAllowed" }
    }

    @Test func profileCountsRowsPerOperator() throws {
        let g = try CypherTestSupport.referenceGraph()
        let r = try engine.execute("PROFILE MATCH (e:Enterprise) WHERE e.capital > 50 RETURN e.name", graph: g)
        let plan = try #require(r.plan)
        var rows: [String: Int] = [:]
        func walk(_ p: PlanDescription) { rows[p.operatorName] = p.rows; p.children.forEach(walk) }
        walk(plan)
        #expect(rows["NodeByLabelScan"] == 3)
        #expect(rows["Filter"] == 2)
        #expect(rows["ProduceResults"] == 2)
    }

    @Test func rowCapAndTimeout() throws {
        let g = InMemoryGraph()
        #expect {
            _ = try engine.execute("UNWIND range(1, 100) AS x RETURN x", graph: g, options: QueryOptions(maxRows: 10))
        } throws: { ($0 as? CypherError)?.code.rawValue == "RowLimitExceeded" }
        #expect {
            _ = try engine.execute("UNWIND range(1, 3000) AS a UNWIND range(1, 3000) AS b RETURN count(*)", graph: g,
                                   options: QueryOptions(timeoutSeconds: 0.05))
        } throws: { ($0 as? CypherError)?.code.rawValue == "QueryTimeout" }
    }
}
