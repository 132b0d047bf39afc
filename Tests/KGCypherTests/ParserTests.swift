import Testing
@testable import KGCypher

@Suite struct ParserTests {
    @Test func parsesAMatchReturn() throws {
        let s = try Parser.parse("MATCH (a:A {name: 'x'})-[r:T*1..3]->(b) WHERE a.x > 1 RETURN a, count(*) AS c ORDER BY c DESC LIMIT 3")
        #expect(s.query.parts.count == 1)
        #expect(s.query.parts[0].clauses.count == 2)
    }
}
