import Foundation
import KGCore
import KGStore
import Testing

/// `govbrain query` and `govbrain stats` with `--db postgresql://…` end to end, through the built binary, against the test
/// server (`GOVBRAIN_TEST_POSTGRES_URL`; skipped without one). Each test uses a schema of its own.
@Suite(.enabled(if: PostgresTestServerURL.text != nil, "set GOVBRAIN_TEST_POSTGRES_URL (bash Tools/postgres-dev.sh start)"))
struct PostgresQueryCLITests {

    /// The same statements on an SQLite file and on PostgreSQL give the same JSON (the timing aside).
    @Test func queryRunsOnPostgresAsOnSQLite() throws {
        let text = try #require(PostgresTestServerURL.text)
        var url = try PostgresURL(parsing: text)
        url.schema = "e2e_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        defer { try? GraphStore.dropPostgresStore(url) }
        let db = text + (text.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(url.schema)"
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let statements = [
            "CREATE (a:City {name: '南宁', n: 3, ok: true})-[:NEXT {w: 1.5}]->(b:City {name: '柳州', n: 4, tags: ['x', 'y']}) RETURN a.name, b.name",
            "MATCH (a:City)-[r:NEXT]->(b) RETURN a.name AS a, r.w AS w, b.n AS n, b.tags AS tags, labels(a) AS l",
            "MATCH (c:City) SET c.seen = c.n * 2 RETURN c.name AS name, c.seen AS seen ORDER BY name",
            "MATCH (c:City {name: '柳州'}) DETACH DELETE c",
            "MATCH (c:City) OPTIONAL MATCH (c)-[r]->() RETURN count(c) AS cities, count(r) AS rels, sum(c.n) AS total",
        ]
        for statement in statements {
            let sqlite = try GovBrainBinary.run(["query", "--db", "g.sqlite", "--format", "json", statement], in: dir)
            let postgres = try GovBrainBinary.run(["query", "--db", db, "--format", "json", statement], in: dir)
            #expect(sqlite.status == 0 && postgres.status == 0, "\(statement): \(postgres.stderr)")
            #expect(Self.withoutTiming(postgres.stdout) == Self.withoutTiming(sqlite.stdout), "\(statement)")
            #expect(!postgres.stdout.isEmpty && !postgres.stderr.contains(url.password?.revealed ?? "\u{0}"))
        }
        // stats reads the same counts (the size on disk aside) and passes the integrity check.
        let sqliteStats = try GovBrainBinary.run(["stats", "--db", "g.sqlite", "--format", "json"], in: dir)
        let postgresStats = try GovBrainBinary.run(["stats", "--db", db, "--format", "json", "--integrity"], in: dir)
        #expect(postgresStats.status == 0, "\(postgresStats.stderr)")
        #expect(postgresStats.stdout.hasPrefix("integrity: ok\n"), "\(postgresStats.stdout)")
        let withoutSize = { (s: String) in s.replacingOccurrences(of: #""fileBytes":[0-9]+"#, with: "", options: .regularExpression) }
        #expect(withoutSize(String(postgresStats.stdout.dropFirst("integrity: ok\n".count))) == withoutSize(sqliteStats.stdout))
        #expect(postgresStats.stdout.contains(#""nodes":1,"relationships":0"#), "\(postgresStats.stdout)")
        // Nothing was written to the working folder for the PostgreSQL store.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix("g.sqlite") }.isEmpty)
    }

    /// A domain command on an empty schema says that it holds no store and how to make one, never
    /// the password; a
    /// malformed schema option is named; nothing is written to the working folder.
    @Test func domainCommandsOnAnEmptySchemaAndABadSchemaOption() throws {
        let text = try #require(PostgresTestServerURL.text)
        let url = try PostgresURL(parsing: text)
        let dir = try GovBrainBinary.tempDir()
        let site = CLIStoreSite(.postgres)
        defer { try? FileManager.default.removeItem(at: dir); withExtendedLifetime(site) {} }
        let missing = try GovBrainBinary.run(["recommend", "--db", try site.db("empty"), "--uscc", "91450100MA5L6XX21P"], in: dir)
        #expect(missing.status != 0 && missing.stderr.contains("holds no GovBrain store"), "\(missing.stderr)")
        #expect(!missing.stderr.contains(url.password?.revealed ?? "\u{0}"))
        let bad = try GovBrainBinary.run(["query", "--db", text + (text.contains("?") ? "&" : "?") + "options=-csearch_path%3DNo", "RETURN 1"], in: dir)
        #expect(bad.status != 0 && bad.stderr.contains("the schema 'No' in options"), "\(bad.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    /// The JSON document without its `elapsedMs` member.
    static func withoutTiming(_ json: String) -> String {
        json.replacingOccurrences(of: #","elapsedMs":[0-9.]+"#, with: "", options: .regularExpression)
    }
}

/// The test server's URL as given (`GOVBRAIN_TEST_POSTGRES_URL`), or nil.
enum PostgresTestServerURL {
    static let text = ProcessInfo.processInfo.environment["GOVBRAIN_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
}
