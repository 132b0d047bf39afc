import Foundation
import KGCore
import Testing
@testable import KGCypher

/// Seeded random inputs through the lexer, parser and semantic analysis: errors are fine,
/// crashes are not. GOVBRAIN_FUZZ_ITERATIONS sets the count (1,000,000 for the full run in
/// the README; the default keeps the suite fast).
@Suite struct FuzzTests {
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let fragments = ["MATCH", "OPTIONAL", "WHERE", "RETURN", "WITH", "UNWIND", "AS", "CREATE", "MERGE", "ON", "SET", "DELETE",
                            "DETACH", "REMOVE", "CALL", "YIELD", "UNION", "ALL", "ORDER", "BY", "SKIP", "LIMIT", "DISTINCT", "CASE",
                            "WHEN", "THEN", "ELSE", "END", "AND", "OR", "XOR", "NOT", "IN", "IS", "NULL", "STARTS", "ENDS", "CONTAINS",
                            "EXISTS", "count", "(", ")", "[", "]", "{", "}", "-", "->", "<-", "--", ":", ",", ".", "..", "*", "|",
                            "=", "<>", "<", ">", "+", "/", "%", "^", "=~", "+=", "n", "m", "r", "p", "x", "$p", "1", "-1", "2.5",
                            "0x1F", "'s'", "\"t\"", "`q`", "true", "null", "中文", "size", "head", "range", "shortestPath", "any", "reduce"]

    static let seeds = ["MATCH (n:A {x: 1})-[r:T*1..2]->(m) WHERE n.y > 2 RETURN n, count(*) AS c ORDER BY c LIMIT 3",
                        "UNWIND [1, 2, 3] AS x WITH x WHERE x % 2 = 1 RETURN collect(x)",
                        "MERGE (a:A {k: 1}) ON CREATE SET a.t = 1 ON MATCH SET a += {u: 2} RETURN a",
                        "MATCH p = shortestPath((a)-[*]-(b)) RETURN [n IN nodes(p) WHERE n.x > 1 | n.x]"]

    static var iterations: Int { Int(ProcessInfo.processInfo.environment["GOVBRAIN_FUZZ_ITERATIONS"] ?? "") ?? 20_000 }

    @Test func randomInputsNeverCrashTheFrontEnd() throws {
        var rng = SplitMix(state: 20261127)
        let analyzer = SemanticAnalyzer(procedures: ProcedureRegistry())
        var parsed = 0
        for i in 0..<Self.iterations {
            var text: String
            switch i % 3 {
            case 0:
                text = (0..<Int.random(in: 1...14, using: &rng)).map { _ in Self.fragments.randomElement(using: &rng)! }.joined(separator: " ")
            case 1:
                var chars = Array(Self.seeds.randomElement(using: &rng)!)
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let k = Int.random(in: 0..<chars.count, using: &rng)
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: chars.remove(at: k)
                    case 1: chars.insert(Array("()[]{}'\"`:$*.-<>|,0a \\\u{0}é中").randomElement(using: &rng)!, at: k)
                    default: chars.swapAt(k, Int.random(in: 0..<chars.count, using: &rng))
                    }
                    if chars.isEmpty { chars = ["x"] }
                }
                text = String(chars)
            default:
                let bytes = (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                text = String(decoding: bytes, as: UTF8.self)
            }
            do {
                let s = try Parser.parse(text)
                parsed += 1
                _ = try? analyzer.check(s.query)
            } catch is CypherError {
                continue
            }
        }
        #expect(parsed > 0, "some inputs should parse")
    }
}
