import Foundation
import KGCore
import GovBrainTestSupport
import KGStore
import Testing

/// Issue 28's bad input through the built binary: an unreachable server (named with its port,
/// within the connect timeout), a wrong password (never shown), a store of a newer format (refused
/// with what to do). The first needs no PostgreSQL; the others use the test server.
@Suite struct PostgresBadInputCLITests {
    @Test func unreachableServersAreNamedWithinTheConnectTimeout() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let listener = try SilentListener()
        defer { listener.close() }
        let refusedPort = try SilentListener.unusedPort()
        for (port, timeout, reason) in [(refusedPort, 2, "connection refused"), (listener.port, 2, "no answer within the connect timeout of 2 s")] {
            let db = "postgresql://gov:Unseen-Pw-77@127.0.0.1:\(port)/g?connect_timeout=\(timeout)"
            for args in [["query", "--db", db, "RETURN 1"], ["stats", "--db", db]] {
                let started = Date()
                let result = try GovBrainBinary.run(args, in: dir)
                let elapsed = Date().timeIntervalSince(started)
                #expect(result.status != 0)
                #expect(result.stderr.contains("DatabaseUnreachable") && result.stderr.contains("127.0.0.1:\(port): \(reason)"), "\(result.stderr)")
                #expect(!(result.stdout + result.stderr).contains("Unseen-Pw-77"))
                // The process's own start aside, no longer than the timeout (a silent server) or at once (refused).
                #expect(elapsed < Double(timeout) + 2, "\(args[0]) took \(elapsed) s")
            }
        }
        // serve gives up as well, before listening, and says why.
        let started = Date()
        let serve = try GovBrainBinary.run(["serve", "--port", "0"], in: dir,
                                           environment: ["GOVBRAIN_DB": "postgresql://gov:Unseen-Pw-77@127.0.0.1:\(listener.port)/g?connect_timeout=1"])
        #expect(serve.status != 0 && serve.stderr.contains("127.0.0.1:\(listener.port): no answer within the connect timeout of 1 s"), "\(serve.stderr)")
        #expect(!(serve.stdout + serve.stderr).contains("Unseen-Pw-77"))
        #expect(Date().timeIntervalSince(started) < 8)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test(.enabled(if: PostgresTestServerURL.text != nil, "set GOVBRAIN_TEST_POSTGRES_URL (bash Tools/postgres-dev.sh start)"))
    func aWrongPasswordIsRefusedWithoutShowingIt() throws {
        var url = try PostgresURL(parsing: try #require(PostgresTestServerURL.text))
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wrong = "Wrong-Pw-\(UUID().uuidString.prefix(8))"
        url.password = PostgresPassword(wrong)
        let db = "postgresql://\(url.user):\(wrong)@" + url.endpoints.map { "\($0.host):\($0.port)" }.joined(separator: ",") + "/\(url.database)"
        for args in [["query", "--db", db, "RETURN 1"], ["keys", "list", "--db", db], ["audit", "--db", db]] {
            let result = try GovBrainBinary.run(args, in: dir)
            #expect(result.status != 0)
            #expect(result.stderr.contains("DatabaseAuthenticationFailed") && result.stderr.contains("refused user '\(url.user)'"), "\(args[0]): \(result.stderr)")
            #expect(!(result.stdout + result.stderr).contains(wrong), "\(args[0]) showed the password")
        }
        let serve = try GovBrainBinary.run(["serve", "--port", "0"], in: dir, environment: ["GOVBRAIN_DB": db])
        #expect(serve.status != 0 && serve.stderr.contains("DatabaseAuthenticationFailed"), "\(serve.stderr)")
        #expect(!(serve.stdout + serve.stderr).contains(wrong))
        // Nothing was left behind that could hold it (no audit file, no sidecar folder).
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test(.enabled(if: PostgresTestServerURL.text != nil, "set GOVBRAIN_TEST_POSTGRES_URL (bash Tools/postgres-dev.sh start)"))
    func aStoreOfANewerFormatIsRefusedWithWhatToDo() throws {
        let text = try #require(PostgresTestServerURL.text)
        var url = try PostgresURL(parsing: text)
        url.schema = "e2e_newer_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        defer { try? GraphStore.dropPostgresStore(url) }
        let db = text + (text.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(url.schema)"
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try GovBrainBinary.run(["query", "--db", db, "CREATE (:Kept)"], in: dir).status == 0)
        let connection = try PostgresStoreConnection.connect(url)
        try connection.execute("UPDATE meta SET value = '99' WHERE key = 'format_version'")
        for args in [["query", "--db", db, "MATCH (n) RETURN count(n)"], ["stats", "--db", db], ["export", "--db", db, "--format", "jsonl", "--out", "x.jsonl"]] {
            let result = try GovBrainBinary.run(args, in: dir)
            #expect(result.status != 0)
            #expect(result.stderr.contains("NewerStoreFormat") && result.stderr.contains("store format 99") && result.stderr.contains("Upgrade govbrain"),
                    "\(args[0]): \(result.stderr)")
        }
        #expect(try connection.scalar("SELECT value FROM meta WHERE key = 'format_version'") == .text("99"))
    }
}
