import Testing
@testable import KGCypher
import KGCore

@Suite struct ParserTests {
    @Test func parsesClausesAndPatterns() throws {
        let s = try Parser.parse("MATCH p = (a:A {name: 'x'})-[r:T|U*1..3]->(b) WHERE a.x > 1 RETURN a, count(*) AS c ORDER BY c DESC SKIP 1 LIMIT 3")
        #expect(s.mode == .run)
        let clauses = s.query.parts[0].clauses
        #expect(clauses.count == 2)
        guard case .match(let optional, let pattern, let predicate) = clauses[0].kind else { Issue.record("not a MATCH"); return }
        #expect(!optional && predicate != nil)
        #expect(pattern[0].pathVariable == "p")
        #expect(pattern[0].steps[0].0.types == ["T", "U"])
        #expect(pattern[0].steps[0].0.length?.min == 1 && pattern[0].steps[0].0.length?.max == 3)
    }

    @Test func keepsTheTextOfUnaliasedColumns() throws {
        let s = try Parser.parse("RETURN count( * ), n.name,labels(n)")
        guard case .returnClause(let p) = s.query.parts[0].clauses[0].kind else { Issue.record("not RETURN"); return }
        #expect(p.items.map(\.name) == ["count( * )", "n.name", "labels(n)"])
    }

    @Test func explainAndProfilePrefixes() throws {
        #expect(try Parser.parse("EXPLAIN MATCH (n) RETURN n").mode == .explain)
        #expect(try Parser.parse("profile MATCH (n) RETURN n").mode == .profile)
    }

    @Test func literals() throws {
        for (text, expected) in [("RETURN -9223372036854775808", "-9223372036854775808"), ("RETURN 0x1F", "31"), ("RETURN 0o17", "15"),
                                 ("RETURN 1e3", "1000.0"), ("RETURN '\\u4E2D'", "'中'")] {
            let r = try CypherEngine().execute(text, graph: InMemoryGraph())
            #expect(CypherLiteral.render(r.rows[0][0]) == expected, "\(text)")
        }
    }

    @Test(arguments: [
        ("RETURN 9223372036854775808", "IntegerOverflow"),
        ("RETURN 0x", "InvalidNumberLiteral"),
        ("RETURN '\\uZZZZ'", "InvalidUnicodeLiteral"),
        ("MATCH (n RETURN n", "UnexpectedSyntax"),
        ("RETURN 1 —1", "InvalidUnicodeCharacter"),
    ])
    func syntaxErrors(text: String, code: String) throws {
        #expect {
            _ = try Parser.parse(text)
        } throws: { error in
            (error as? CypherError)?.code.rawValue == code
        }
    }

    @Test func errorsCarryLineColumnAndCaret() throws {
        do {
            _ = try CypherEngine().execute("MATCH (n)\nRETURN 中文, x", graph: InMemoryGraph())
            Issue.record("expected an error")
        } catch let e as CypherError {
            #expect(e.code.rawValue == "UndefinedVariable")
            #expect(e.location?.line == 2)
            #expect(e.location?.column == 8)
            #expect(e.caret == "RETURN 中文, x\n       ^")
        }
    }
}
