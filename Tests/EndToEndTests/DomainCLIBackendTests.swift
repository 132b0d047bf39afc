import Foundation
import KGStore
import Testing

/// The domain commands (routing, work orders, risk, credit, supervision, efficacy, policies,
/// recommendation) on a PostgreSQL store through the built binary (issue 28: every command that
/// takes `--db` takes a URL): the tiny demo built into a file and into a schema answers every
/// read-only command byte for byte alike, and the commands that write (a work order through its
/// loop, an alert acknowledged and resolved, a model trained on the graph) work on both.
/// PostgreSQL runs when `GOVBRAIN_TEST_POSTGRES_URL` names a server.
@Suite(.serialized, .enabled(if: PostgresTestServerURL.text != nil, "set GOVBRAIN_TEST_POSTGRES_URL (bash Tools/postgres-dev.sh start)"))
struct DomainCLIBackendTests {
    /// Runs `args` with `--db db` in `dir` and returns its standard output; fails the test with
    /// the command's error output when it does not succeed.
    private func run(_ args: [String], db: String, in dir: URL) throws -> String {
        let r = try GovBrainBinary.run(args + ["--db", db], in: dir)
        #expect(r.status == 0, "govbrain \(args.joined(separator: " ")): \(r.stderr)")
        return r.stdout
    }

    /// The read-only commands whose answers depend only on the graph (no wall clock). `risk alerts`
    /// lists newest first by the time each alert was raised during the build, so its lines are
    /// compared as a set.
    private static let readOnly: [[String]] = [
        ["route", "--text", "南宁市青秀区金湖路的路灯坏了好几天了", "--format", "json"],
        ["risk", "alerts", "--limit", "1000"],
        ["supervision", "claims"],
        ["efficacy", "report", "--period", "2024-Q4"],
        ["policies", "search", "小微企业 房租 减免"],
    ]

    @Test func theDemoAnswersAlikeOnBothBackendsAndItsLoopsRunOnPostgreSQL() throws {
        let dir = try GovBrainBinary.tempDir()
        let site = CLIStoreSite(.postgres)
        defer { try? FileManager.default.removeItem(at: dir); withExtendedLifetime(site) {} }
        let file = "demo.sqlite", schema = try site.db("domains")
        for db in [file, schema] {
            let built = try GovBrainBinary.run(["demo", "build", "--db", db, "--scale", "tiny", "--no-vectors"], in: dir)
            try #require(built.status == 0, "\(built.stderr)")
        }
        for args in Self.readOnly {
            let sorted: (String) -> String = args[0] == "risk" ? { $0.split(separator: "\n").sorted().joined(separator: "\n") } : { $0 }
            let onFile = sorted(try run(args, db: file, in: dir)), onSchema = sorted(try run(args, db: schema, in: dir))
            #expect(!onFile.isEmpty)
            #expect(onSchema == onFile, "govbrain \(args.joined(separator: " ")) differs between SQLite and PostgreSQL")
        }
        let uscc = try run(["query", "MATCH (e:Enterprise) RETURN e.uscc AS u ORDER BY u LIMIT 1", "--format", "csv"], db: file, in: dir)
            .split(separator: "\n").last.map(String.init) ?? ""
        #expect(try run(["recommend", "--uscc", uscc], db: schema, in: dir) == run(["recommend", "--uscc", uscc], db: file, in: dir))

        // A work order through its loop, on the schema.
        let created = try run(["hotline", "create", "--text", "良庆区那马镇的自来水停了两天，一直没人来修"], db: schema, in: dir)
        let order = try #require(created.split(separator: " ").first.map(String.init))
        #expect(created.contains("dispatched"), "\(created)")
        let signed = try run(["hotline", "event", order, "--type", "sign", "--by", "office"], db: schema, in: dir)
        #expect(signed.contains("signed"), "\(signed)")
        #expect(try run(["hotline", "show", order], db: schema, in: dir).contains("sign"))

        // An alert acknowledged and resolved, then the feedback counts it.
        let alerts = try run(["risk", "alerts", "--limit", "1"], db: schema, in: dir)
        let alert = try #require(alerts.split(separator: "\n").dropFirst().first?.split(separator: " ").first.map(String.init))
        _ = try run(["risk", "ack", alert, "--by", "inspector-07"], db: schema, in: dir)
        _ = try run(["risk", "resolve", alert, "--by", "inspector-07", "--outcome", "confirmed"], db: schema, in: dir)
        #expect(try run(["risk", "feedback"], db: schema, in: dir).contains("1 resolved"))

        // A model trained on the graph in the schema; its card shows the URL without the password.
        let models = dir.appendingPathComponent("models").path
        _ = try run(["model", "train", "credit", "--graph", "--models", models], db: schema, in: dir)
        let card = try String(contentsOfFile: models + "/enterprise-credit/v1/MODEL.md", encoding: .utf8)
        #expect(card.contains("postgresql://"))
        let password = try PostgresURL(parsing: try #require(PostgresTestServerURL.text)).password?.revealed
        #expect(password.map { !card.contains($0) } ?? true)
    }
}
