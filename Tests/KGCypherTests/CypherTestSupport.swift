import Foundation
import KGCore
@testable import KGCypher

/// Helpers shared by the Cypher tests: a small reference graph, running queries and rendering
/// their rows order-independently.
enum CypherTestSupport {
    /// The setup query of the reference graph used by the differential and plan tests: regions,
    /// offices and enterprises with a small ownership chain.
    static let setup = """
    CREATE (gx:Region:Province {name: '广西壮族自治区', adcode: 450000, population: 50.1}),
           (nn:Region:City {name: '南宁市', adcode: 450100, population: 8.9}),
           (lz:Region:City {name: '柳州市', adcode: 450200, population: 4.2}),
           (qx:Region:County {name: '青秀区', adcode: 450103}),
           (xx:Region:County {name: '兴宁区', adcode: 450102}),
           (nn)-[:PART_OF]->(gx), (lz)-[:PART_OF]->(gx), (qx)-[:PART_OF]->(nn), (xx)-[:PART_OF]->(nn),
           (o1:Office {name: '青秀区市场监督管理局', code: 'market-450103'})-[:LOCATED_IN]->(qx),
           (o2:Office {name: '南宁市市场监督管理局', code: 'market-450100'})-[:LOCATED_IN]->(nn),
           (e1:Enterprise {name: '南宁甲公司', capital: 100.0, scale: 'small', tags: ['高新', '科技']})-[:LOCATED_IN]->(qx),
           (e2:Enterprise {name: '南宁乙公司', capital: 2500.5, scale: 'medium'})-[:LOCATED_IN]->(xx),
           (e3:Enterprise {name: '柳州丙公司', capital: 30, scale: 'micro'})-[:LOCATED_IN]->(lz),
           (e1)-[:SHAREHOLDER_OF {ratio: 0.6}]->(e2), (e2)-[:SHAREHOLDER_OF {ratio: 0.3}]->(e3),
           (e3)-[:SHAREHOLDER_OF {ratio: 0.1}]->(e1)
    """

    static func referenceGraph() throws -> InMemoryGraph {
        let g = InMemoryGraph()
        _ = try CypherEngine().execute(setup, graph: g)
        return g
    }

    /// Rows rendered as Cypher literals; sorted unless the order matters.
    static func rendered(_ result: QueryResult, graph: GraphReadable, ordered: Bool) -> [String] {
        let rows = result.rows.map { row in row.map { CypherLiteral.render($0, graph: graph) }.joined(separator: " | ") }
        return ordered ? rows : rows.sorted()
    }
}
