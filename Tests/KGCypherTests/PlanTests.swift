import Foundation
import Testing
@testable import KGCypher

/// EXPLAIN output compared with golden files in `Golden/` (set GOVBRAIN_UPDATE_GOLDEN=1 to
/// rewrite them after an intended planner change).
@Suite struct PlanTests {
    static let cases: [(String, String)] = [
        ("label_scan_filter", "MATCH (e:Enterprise) WHERE e.capital > 50 RETURN e.name"),
        ("expand_pushdown", "MATCH (c:City)<-[:PART_OF]-(r)<-[:LOCATED_IN]-(o:Office) WHERE c.adcode = 450100 RETURN o.name"),
        ("aggregation_top", "MATCH (e:Enterprise)-[:LOCATED_IN]->(r) RETURN r.name AS region, count(*) AS n ORDER BY n DESC LIMIT 3"),
        ("optional_varlength", "MATCH (e:Enterprise) OPTIONAL MATCH p = (e)-[:SHAREHOLDER_OF*1..3]->(x) RETURN e.name, count(p)"),
        ("varlength_distinct_pruning", "MATCH (e:Enterprise {name: '南宁甲公司'})-[:SHAREHOLDER_OF*1..3]->(x:Enterprise) RETURN count(DISTINCT x) AS n"),
        ("varlength_distinct_rows", "MATCH (e:Enterprise {name: '南宁甲公司'})-[:SHAREHOLDER_OF*1..3]->(x:Enterprise) RETURN DISTINCT x.name AS n"),
        ("varlength_count_no_pruning", "MATCH (e:Enterprise {name: '南宁甲公司'})-[:SHAREHOLDER_OF*1..3]->(x:Enterprise) RETURN count(x) AS n"),
        ("node_by_id_seek", "MATCH (o:Office)-[:LOCATED_IN]->(r) WHERE id(r) IN [3, 4] RETURN o.name"),
        ("create_merge", "MATCH (r:Region {adcode: 450103}) MERGE (o:Office {code: 'x'})-[:LOCATED_IN]->(r) RETURN o"),
    ]

    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test(arguments: cases.map(\.0))
    func explainMatchesGolden(name: String) throws {
        let query = Self.cases.first { $0.0 == name }!.1
        let g = try CypherTestSupport.referenceGraph()
        let result = try CypherEngine().execute("EXPLAIN " + query, graph: g)
        let text = try #require(result.plan).text() + "\n"
        let url = Self.goldenDirectory.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["GOVBRAIN_UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(text == golden, "plan of \(name) changed:\n\(text)")
        #expect(result.rows.isEmpty, "EXPLAIN does not run the query")
    }
}
