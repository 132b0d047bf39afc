import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import KGCore

/// The operations commands through the built binary: keys, audit, backup and restore,
/// `serve --print-config`, `stats --integrity`; on an SQLite file and, when the test server is set
/// (`GOVBRAIN_TEST_POSTGRES_URL`), on a PostgreSQL schema (`CLIBackend`).
@Suite(.serialized) struct ServiceCLITests {
    /// Imports two regions into the store `db`.
    func store(in dir: URL, db: String = "g.sqlite") throws {
        try "adcode:ID(Region),name,level,:LABEL\n450000,广西壮族自治区,province,Region;Province\n450100,南宁市,city,Region;City\n"
            .write(to: dir.appendingPathComponent("regions.csv"), atomically: true, encoding: .utf8)
        let r = try GovBrainBinary.run(["import", "--db", db, "regions.csv"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test(arguments: CLIBackend.all) func keysAreShownOnceAndListedWithoutTheSecret(_ backend: CLIBackend) throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let site = CLIStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        let db = try site.db("g.sqlite")
        try store(in: dir, db: db)
        let created = try GovBrainBinary.run(["keys", "create", "--db", db, "--role", "hotline", "--name", "desk-1"], in: dir)
        #expect(created.status == 0, "\(created.stderr)")
        let key = try #require(created.stdout.split(separator: "\n").last.map(String.init))
        #expect(key.hasPrefix("gbk_"))
        let id = String(key.split(separator: "_")[1])
        let list = try GovBrainBinary.run(["keys", "list", "--db", db, "--format", "json"], in: dir)
        let keys = try JSONParser.parse(list.stdout)
        #expect(keys.arrayValue?.first?["id"] == .string(id) && keys.arrayValue?.first?["role"] == .string("hotline"))
        // The secret is everything after `gbk_<id>_` (base64url: it may itself contain "_").
        #expect(!list.stdout.contains(String(key.dropFirst("gbk_".count + id.count + 1))))
        let revoked = try GovBrainBinary.run(["keys", "revoke", "--db", db, "--id", id], in: dir)
        #expect(revoked.status == 0 && revoked.stdout.contains("revoked"))
        let bad = try GovBrainBinary.run(["keys", "create", "--db", db, "--role", "root", "--name", "x"], in: dir)
        #expect(bad.status != 0 && bad.stderr.contains("unknown role \"root\""))
        let audit = try GovBrainBinary.run(["audit", "--db", db, "--since", "2h"], in: dir)
        #expect(audit.status == 0 && audit.stdout.contains("0 entries"))
        let badSince = try GovBrainBinary.run(["audit", "--db", db, "--since", "yesterday"], in: dir)
        #expect(badSince.status != 0 && badSince.stderr.contains("--since yesterday"))
    }

    @Test(arguments: CLIBackend.all) func backupRestoreAndIntegrity(_ backend: CLIBackend) throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let site = CLIStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        let db = try site.db("g.sqlite")
        try store(in: dir, db: db)
        let backup = try GovBrainBinary.run(["backup", "--db", db, "--out", "copy.sqlite"], in: dir)
        #expect(backup.status == 0 && backup.stdout.contains("backed up"), "\(backup.stderr)")
        let again = try GovBrainBinary.run(["backup", "--db", db, "--out", "copy.sqlite"], in: dir)
        #expect(again.status != 0 && again.stderr.contains("already exists"))
        let check = try GovBrainBinary.run(["stats", "--db", "copy.sqlite", "--integrity"], in: dir)
        #expect(check.status == 0 && check.stdout.hasPrefix("integrity: ok"))
        _ = try GovBrainBinary.run(["query", "--db", db, "MATCH (r:Region {adcode: '450100'}) DETACH DELETE r"], in: dir)
        let restore = try GovBrainBinary.run(["restore", "--db", db, "--from", "copy.sqlite"], in: dir)
        #expect(restore.status == 0, "\(restore.stderr)")
        let stats = try JSONParser.parse(try GovBrainBinary.run(["stats", "--db", db, "--format", "json"], in: dir).stdout)
        #expect(stats["labels"]?["Region"] == .int(2))
    }

    @Test func serveExplainsItsConfiguration() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try #"{"maxRows": 500}"#.write(to: dir.appendingPathComponent("cfg.json"), atomically: true, encoding: .utf8)
        let r = try GovBrainBinary.run(["serve", "--config", "cfg.json", "--port", "9999", "--set", "rateLimitPerSecond=5", "--print-config"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONParser.parse(r.stdout)
        #expect(doc["port"]?["value"] == .int(9999) && doc["port"]?["source"] == .string("flag"))
        #expect(doc["maxRows"]?["value"] == .int(500) && doc["maxRows"]?["source"]?.stringValue?.hasPrefix("file") == true)
        #expect(doc["rateLimitPerSecond"]?["value"] == .double(5))
        let bad = try GovBrainBinary.run(["serve", "--set", "nope=1", "--print-config"], in: dir)
        #expect(bad.status != 0 && bad.stderr.contains("--set takes KEY=VALUE"))
    }

    @Test(arguments: CLIBackend.all) func sigtermLetsTheRequestInFlightFinish(_ backend: CLIBackend) async throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let site = CLIStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        let db = try site.db("g.sqlite")
        try store(in: dir, db: db)
        let key = try #require(try GovBrainBinary.run(["keys", "create", "--db", db, "--role", "admin", "--name", "t"], in: dir)
            .stdout.split(separator: "\n").last.map(String.init))
        let server = Process()
        server.executableURL = URL(fileURLWithPath: GovBrainBinary.path)
        server.arguments = ["serve", "--port", "0", "--set", "logLevel=error", "--set", "queryTimeoutSeconds=600"]
        server.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        env["GOVBRAIN_HOME"] = GovBrainBinary.packageRoot.path
        env["GOVBRAIN_DB"] = db   // not on the command line, where ps shows a URL's password
        server.environment = env
        let out = Pipe()
        server.standardOutput = out
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        var printed = ""
        while !printed.contains("at http://"), server.isRunning {
            printed += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        }
        let port = try #require(printed.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) })
        // A query that takes a while (no timeout: CI machines are slow under parallel tests), SIGTERM while it runs: it must still get its answer.
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/query")!, timeoutInterval: 300)
        request.httpMethod = "POST"
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        request.httpBody = Data(#"{"query": "UNWIND range(1, 2000000) AS x WITH x WHERE x % 7 = 0 RETURN count(*) AS n"}"#.utf8)
        let inFlight = Task { () throws -> (Int, String) in
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        }
        // Wait until the server reports the query running (its metrics), then SIGTERM.
        var metrics = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/metrics")!, timeoutInterval: 60)
        metrics.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        for _ in 0..<1200 {
            let (data, _) = try await URLSession.shared.data(for: metrics)
            let running = String(decoding: data, as: UTF8.self).split(separator: "\n")
                .first { $0.hasPrefix(#"govbrain_expensive_requests_current{state="running"}"#) }
                .flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
            if running >= 1 { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        kill(server.processIdentifier, SIGTERM)
        let (status, body) = try await inFlight.value
        #expect(status == 200, "\(body)")
        #expect(body.contains("285714"))
        server.waitUntilExit()
        #expect(server.terminationStatus == 0)
        // The answered request is in the audit log (flushed at shutdown).
        let audit = try GovBrainBinary.run(["audit", "--db", db, "--format", "json"], in: dir)
        #expect(audit.stdout.contains(#""route":"/v1/query""#) && audit.stdout.contains(#""status":200"#), "\(audit.stdout)")
    }
}
