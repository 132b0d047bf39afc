import Foundation
import KGCore
import Testing
@testable import KGCypher

/// The bounds that keep one query from crashing or exhausting the process: nesting in the
/// parser, nesting of built values, the memory budget, deadlines inside expressions, lazy
/// variable-length expansion, and the row cap counted in values.
@Suite struct ResourceLimitTests {
    func code(_ query: String, options: QueryOptions = QueryOptions(), graph: InMemoryGraph = InMemoryGraph()) -> String? {
        do {
            _ = try CypherEngine().execute(query, graph: graph, options: options)
            return nil
        } catch let e as CypherError {
            return e.code.rawValue
        } catch {
            return "\(error)"
        }
    }

    @Test func deepNestingIsASyntaxErrorAtEveryRecursion() {
        for (open, close) in [("(", ")"), ("[", "]"), ("{a:", "}"), ("NOT ", ""), ("-", ""), ("+", ""), ("[x IN ", " | x]")] {
            let query = "RETURN " + String(repeating: open, count: 5000) + "1" + String(repeating: close, count: 5000)
            #expect(code(query) == "NestingTooDeep", "\(open)")
        }
        #expect(code("RETURN " + Array(repeating: "1", count: 5000).joined(separator: " + ")) == "NestingTooDeep")
        #expect(code("RETURN " + Array(repeating: "x", count: 5000).joined(separator: " < ")) == "NestingTooDeep")
        #expect(code("MATCH " + Array(repeating: "()", count: 5000).joined(separator: "--") + " RETURN 1") == "QueryTooLarge")
        #expect(code(Array(repeating: "WITH 1 AS a", count: 5000).joined(separator: " ") + " RETURN a") == "QueryTooLarge")
        #expect(code(Array(repeating: "RETURN 1 AS a", count: 5000).joined(separator: " UNION ")) == "QueryTooLarge")
        // Subqueries inside expressions count their depth towards the expression's.
        // Each level is 24 deep and nests only 4 levels of recursion: 15 of them are 360 deep.
        var exists = "true"
        for _ in 0..<15 { exists = "EXISTS { MATCH (m) WHERE size([" + exists + "])" + String(repeating: " + 0", count: 20) + " > 0 }" }
        #expect(code("MATCH (n) WHERE " + exists + " RETURN n") == "NestingTooDeep")
        // What is allowed still runs.
        #expect(code("RETURN " + String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100)) == nil)
        #expect(code("RETURN " + Array(repeating: "1", count: 200).joined(separator: " + ")) == nil)
    }

    @Test func nestedAlternativesDoNotBacktrackExponentially() {
        // Each level is first tried as a list comprehension, which fails at ", 2": without the
        // memo of failed attempts this takes 2^60 steps.
        let query = "RETURN " + String(repeating: "[a IN ", count: 60) + "1, 2" + String(repeating: "], 2", count: 60)
        let started = Date()
        _ = code(query)
        #expect(Date().timeIntervalSince(started) < 10)
        let patterns = "RETURN " + String(repeating: "(a {x: ", count: 60) + "1" + String(repeating: "})", count: 60)
        let again = Date()
        _ = code(patterns)
        #expect(Date().timeIntervalSince(again) < 10)
    }

    @Test func builtValuesCannotNestWithoutBound() {
        #expect(code("RETURN reduce(a = [], x IN range(1, 1000) | [a]) AS v") == "NestingTooDeep")
        #expect(code("RETURN reduce(a = {}, x IN range(1, 1000) | {k: a}) AS v") == "NestingTooDeep")
        #expect(code("RETURN reduce(a = [], x IN range(1, 150) | [a]) AS v") == nil)
    }

    @Test func theMemoryBudgetEndsAQueryBeforeItAllocates() {
        let budget = QueryOptions(memoryBudgetBytes: 64 << 20)
        #expect(code("RETURN size(range(1, 50000000)) AS n", options: budget) == "MemoryLimitExceeded")
        #expect(code("RETURN size(reduce(s = 'x', i IN range(1, 40) | s + s)) AS n", options: budget) == "MemoryLimitExceeded")
        #expect(code("RETURN size(reduce(l = [1], i IN range(1, 40) | l + l)) AS n", options: budget) == "MemoryLimitExceeded")
        #expect(code("UNWIND range(1, 2000000) AS x RETURN size(collect(x)) AS n", options: budget) == "MemoryLimitExceeded")
        #expect(code("UNWIND range(1, 2000000) AS x RETURN x ORDER BY x DESC LIMIT 1", options: budget) == "MemoryLimitExceeded")
        #expect(code("RETURN size([x IN range(1, 1000) | range(1, 20000)]) AS n", options: budget) == "MemoryLimitExceeded")
        #expect(code("RETURN size(range(1, 100000)) AS n", options: budget) == nil)
        // Without a budget one value is still bounded.
        #expect(code("RETURN size(range(1, 200000000)) AS n") == "NumberOutOfRange")
    }

    @Test func deadlinesAreCheckedInsideExpressions() {
        let started = Date()
        let c = code("WITH range(1, 20000) AS r RETURN size([x IN r | size([y IN r WHERE y % 3 = 0])]) AS n",
                     options: QueryOptions(timeoutSeconds: 0.5))
        #expect(c == "QueryTimeout")
        #expect(Date().timeIntervalSince(started) < 10)
        for query in ["RETURN reduce(s = 0, x IN range(1, 100000000) | s + x) AS n",
                      "RETURN any(x IN range(1, 100000000) WHERE x < 0) AS n"] {
            #expect(code(query, options: QueryOptions(timeoutSeconds: 0.5)) == "QueryTimeout", "\(query)")
        }
    }

    @Test func variableLengthPathsStreamInConstantMemory() throws {
        // A complete graph on 9 nodes has billions of trails; counting them must time out, not
        // fill memory, and the first rows must come at once.
        let g = InMemoryGraph()
        _ = try CypherEngine().execute("UNWIND range(1, 9) AS i CREATE (:K {i: i})", graph: g)
        _ = try CypherEngine().execute("MATCH (a:K), (b:K) WHERE a.i < b.i CREATE (a)-[:E]->(b)", graph: g)
        let budget = QueryOptions(timeoutSeconds: 1, memoryBudgetBytes: 64 << 20)
        #expect(code("MATCH p = (a:K)-[*]-(b) RETURN count(p) AS n", options: budget, graph: g) == "QueryTimeout")
        let first = try CypherEngine().execute("MATCH p = (a:K {i: 1})-[*]-(b) RETURN length(p) AS n LIMIT 3", graph: g, options: budget)
        #expect(first.rows.count == 3)
        // The same paths, in the same order, as before the expansion was made lazy.
        let small = try CypherEngine().execute("MATCH (a:K {i: 1})-[r:E*1..2]->(b) RETURN b.i AS i, size(r) AS n", graph: g)
        #expect(small.rows.count == 8 + 28)
    }

    @Test func regularExpressionsThatBacktrackExponentiallyAreRefused() {
        for pattern in ["(a+)+", "(a*)*b", "(a|aa)*", "((ab)*c)+", "(x+x+)+y", "(a)\\\\1", "(?:a+){2,}"] {
            #expect(code("RETURN 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' =~ '\(pattern)' AS m") == "InvalidArgumentValue", "\(pattern)")
        }
        for pattern in ["a+b*", "(ab){2,5}", "(a+)?", "[(+)]+", "\\\\(a+\\\\)+", "南宁.*", "(foo|bar)", "(a+)b(c*)"] {
            #expect(code("RETURN 'aab' =~ '\(pattern)' AS m") == nil, "\(pattern)")
        }
    }

    @Test func theRowCapCountsReturnedValues() {
        let capped = QueryOptions(maxRows: 100)
        #expect(code("UNWIND range(1, 1000) AS x RETURN collect(x) AS all", options: capped) == "RowLimitExceeded")
        #expect(code("RETURN [x IN range(1, 1000) | {v: x}] AS all", options: capped) == "RowLimitExceeded")
        #expect(code("UNWIND range(1, 1000) AS x RETURN count(x) AS n", options: capped) == nil)
        #expect(code("UNWIND range(1, 100) AS x RETURN x", options: capped) == nil)
    }
}
