import Foundation
import Testing
import KGCore

/// `govbrain query` and `govbrain shell` as users and the TCK runner call them, on an SQLite file
/// and, when the test server is set (`GOVBRAIN_TEST_POSTGRES_URL`), on a PostgreSQL schema.
@Suite(.serialized) struct QueryCLITests {
    @Test(arguments: CLIBackend.all) func jsonContractOnANewDatabase(_ backend: CLIBackend) throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let site = CLIStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        let db = try site.db("t.db")
        // A database path that does not exist is created empty.
        let create = try GovBrainBinary.run(["query", "--db", db, "--format", "json",
                                             "CREATE (a:A {name: 'x', n: 1.5})-[:R {w: 2}]->(:B) RETURN a"], in: dir)
        #expect(create.status == 0, "\(create.stderr)")
        let doc = try JSONParser.parse(create.stdout)
        #expect(doc["columns"] == .array([.string("a")]))
        #expect(doc["stats"]?["nodesCreated"] == .int(2))
        #expect(doc["stats"]?["propertiesSet"] == .int(3))
        #expect(create.stdout.contains(#"{"$float":"1.5"}"#))
        try #"{"w": 2}"#.write(to: dir.appendingPathComponent("p.json"), atomically: true, encoding: .utf8)
        try "MATCH p = (:A)-[r:R {w: $w}]->() RETURN p, r.w AS w\n".write(to: dir.appendingPathComponent("q.cypher"), atomically: true, encoding: .utf8)
        let read = try GovBrainBinary.run(["query", "--db", db, "--params", "p.json", "--file", "q.cypher", "--format", "json"], in: dir)
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.contains(#""$path""#) && read.stdout.contains(#""w":2"#) || read.stdout.contains(#"2]]"#))
    }

    @Test(arguments: CLIBackend.all) func errorsAreDocumentsWithNonZeroExit(_ backend: CLIBackend) throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let site = CLIStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        let db = try site.db("t.db")
        let r = try GovBrainBinary.run(["query", "--db", db, "--format", "json", "MATCH (n)\nRETURN m"], in: dir)
        #expect(r.status != 0)
        let doc = try JSONParser.parse(r.stdout)
        #expect(doc["error"]?["type"] == .string("SyntaxError"))
        #expect(doc["error"]?["code"] == .string("UndefinedVariable"))
        #expect(doc["error"]?["phase"] == .string("compile"))
        #expect(doc["error"]?["line"] == .int(2) && doc["error"]?["column"] == .int(8))
        #expect(r.stderr.contains("RETURN m\n       ^"))
        // A failing write leaves the graph unchanged.
        _ = try GovBrainBinary.run(["query", "--db", db, "CREATE (:K)-[:R]->(:K)"], in: dir)
        let fail = try GovBrainBinary.run(["query", "--db", db, "--format", "json", "CREATE (:New) WITH 1 AS x MATCH (k:K) DELETE k"], in: dir)
        #expect(fail.status != 0 && fail.stdout.contains("DeleteConnectedNode"))
        let count = try GovBrainBinary.run(["query", "--db", db, "--format", "csv", "MATCH (n) RETURN count(n) AS n"], in: dir)
        #expect(count.stdout == "n\n2\n")
    }

    @Test(arguments: CLIBackend.all) func tableCsvExplainAndShellOnTheDemoDatabase(_ backend: CLIBackend) throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let site = CLIStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        // The default database on SQLite (no --db at all); a schema on PostgreSQL.
        let db = backend == .sqlite ? [] : ["--db", try site.db("demo")]
        let built = try GovBrainBinary.run(["demo", "build", "--scale", "tiny", "--no-vectors"] + db, in: dir)
        #expect(built.status == 0, "\(built.stderr)")
        let table = try GovBrainBinary.run(["query"] + db + ["MATCH (c:City) WHERE c.name = '南宁市' RETURN c.name AS 城市, c.adcode"], in: dir)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("| 城市   | c.adcode |"), "\(table.stdout)")
        #expect(table.stdout.contains("| 南宁市 | 450100   |"))
        let explain = try GovBrainBinary.run(["query"] + db + ["EXPLAIN MATCH (o:Office)-[:LOCATED_IN]->(r:County) RETURN count(*)"], in: dir)
        #expect(explain.stdout.contains("Expand(All)") && explain.stdout.contains("est="))
        let shell = try GovBrainBinary.run(["shell", "--history", "h.txt"] + db, in: dir,
                                           stdin: "MATCH (r:Region)\nRETURN count(*) AS n;\n:explain MATCH (n:City) RETURN n\nRETURN nope;\n")
        #expect(shell.stdout.contains("| 126 |"), "\(shell.stdout)")
        #expect(shell.stdout.contains("NodeByLabelScan (n:City)"))
        #expect(shell.stdout.contains("UndefinedVariable"))
        #expect(shell.status != 0, "a piped session with a failed statement exits non-zero")
    }
}
