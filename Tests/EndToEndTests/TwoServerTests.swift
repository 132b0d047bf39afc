import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KGCore
import KGStore
import Testing

/// Two `govbrain serve` processes over one PostgreSQL store (issue 28, step 4), through the built
/// binary, against the test server (`GOVBRAIN_TEST_POSTGRES_URL`; skipped without one): a key made
/// by the CLI works on both, a write through A moves B's graph version within a second, the audit
/// log is one (both servers' entries, `seq` in order, request hashes under one shared secret), and
/// both servers answer again after PostgreSQL ended their connections.
@Suite(.enabled(if: PostgresTestServerURL.text != nil, "set GOVBRAIN_TEST_POSTGRES_URL (bash Tools/postgres-dev.sh start)"))
struct TwoServerTests {
    /// One `govbrain serve` on `db`, with its own state folder and the shared audit secret file.
    final class Server {
        let process = Process()
        let port: Int
        let key: String

        init(db: String, key: String, directory: URL, name: String) throws {
            self.key = key
            process.executableURL = URL(fileURLWithPath: GovBrainBinary.path)
            process.arguments = ["serve", "--port", "0", "--set", "logLevel=error",
                                 "--audit-secret-file", directory.appendingPathComponent("audit-secret").path]
            process.currentDirectoryURL = directory
            var env = ProcessInfo.processInfo.environment
            env["GOVBRAIN_HOME"] = GovBrainBinary.packageRoot.path
            env["GOVBRAIN_DB"] = db   // not on the command line, where ps shows the password
            env["GOVBRAIN_STATE_DIR"] = directory.appendingPathComponent("state-" + name).path
            process.environment = env
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            var printed = ""
            while !printed.contains("at http://"), process.isRunning {
                printed += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
            }
            guard let port = printed.split(separator: ":").last.flatMap({ Int($0.prefix { $0.isNumber }) }) else {
                process.terminate()
                throw StoreError(code: .databaseUnreachable, message: "server \(name) did not start: \(printed)")
            }
            #expect(!printed.contains(PostgresTestServerURL.password), "the banner shows the password")
            self.port = port
        }

        deinit {
            if process.isRunning { process.terminate(); process.waitUntilExit() }
        }

        /// Sends a request with the admin key; returns the status and the body's text.
        func send(_ path: String, body: String? = nil) async throws -> (status: Int, text: String) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            request.httpMethod = body == nil ? "GET" : "POST"
            request.httpBody = body.map { Data($0.utf8) }
            request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        }

        /// `POST /v1/query`.
        func query(_ cypher: String) async throws -> (status: Int, text: String) {
            try await send("/v1/query", body: "{\"query\": " + JSONWriter.string(.string(cypher)) + "}")
        }

        /// The graph version this server's caches follow (`govbrain_graph_version` in /metrics).
        func graphVersion() async throws -> Int64? {
            let text = try await send("/metrics").text
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("govbrain_graph_version_current ") }) else { return nil }
            return Int64(Double(line.split(separator: " ").last ?? "") ?? -1)
        }
    }

    @Test func twoServersOverOneStore() async throws {
        let text = try #require(PostgresTestServerURL.text)
        var url = try PostgresURL(parsing: text)
        let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        url.schema = "e2e_two_" + suffix
        defer { try? GraphStore.dropPostgresStore(url) }
        let application = "gb_two_" + suffix
        let db = text + (text.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(url.schema)&application_name=\(application)"
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }

        let created = try GovBrainBinary.run(["query", "--db", db, "CREATE (:City {name: 'seed'})"], in: dir)
        #expect(created.status == 0, "\(created.stderr)")
        let secret = ["GOVBRAIN_AUDIT_SECRET_FILE": dir.appendingPathComponent("audit-secret").path]
        let made = try GovBrainBinary.run(["keys", "create", "--db", db, "--role", "admin", "--name", "two-servers"], in: dir, environment: secret)
        let key = try #require(made.stdout.split(separator: "\n").last.map(String.init), "\(made.stderr)")
        let a = try Server(db: db, key: key, directory: dir, name: "a")
        let b = try Server(db: db, key: key, directory: dir, name: "b")

        // The key made through the CLI works on both; the same request is logged by both.
        let count = "MATCH (c:City) RETURN count(c) AS n"
        #expect(try await a.query(count).text.contains("[[1]]"))
        #expect(try await b.query(count).text.contains("[[1]]"))
        #expect(try await b.send("/v1/stats").status == 200)
        // The store's size is measured on the server (pg_total_relation_size), not as a file.
        let size = try await b.send("/metrics").text.split(separator: "\n").first { $0.hasPrefix("govbrain_store_size_bytes ") }
        #expect((size?.split(separator: " ").last).flatMap { Double($0) }.map { $0 > 100_000 } == true, "\(size ?? "no size")")

        // A write through A: B reads it at once, and B's graph version (its caches' key) follows within a second.
        for i in 1...5 {
            let write = try await a.query("CREATE (:City {name: 'w\(i)'})")
            #expect(write.status == 200, "\(write.text)")
            let target = try #require(try await a.graphVersion())
            #expect(try await b.query(count).text.contains("[[\(i + 1)]]"))
            // A poll sent at time t that still finds B behind proves B was behind after t; a slow
            // answer (a loaded test machine) proves nothing, so the bound is on when the last
            // stale poll was sent, not on when the first current answer came back.
            let started = Date()
            var staleSentAt: TimeInterval? = nil
            var sent = Date()
            var seen = try await b.graphVersion() ?? -1
            while seen < target, Date().timeIntervalSince(started) < 10 {
                staleSentAt = sent.timeIntervalSince(started)
                try await Task.sleep(for: .milliseconds(10))
                sent = Date()
                seen = try await b.graphVersion() ?? -1
            }
            #expect(seen >= target, "write \(i): B at \(seen), A at \(target) after 10 s")
            #expect((staleSentAt ?? 0) < 1, "write \(i): B still behind A in a poll sent \(staleSentAt ?? 0) s after the write")
        }

        // PostgreSQL ends every connection of both servers: the next requests are answered,
        // at most one of them with a clear 503 first.
        let admin = try PostgresStoreConnection.connect(url)
        let ended = try admin.scalar("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?",
                                     [.text(application)])?.int ?? 0
        #expect(ended >= 4)
        try await Task.sleep(for: .milliseconds(200))
        for (name, server) in [("a", a), ("b", b)] {
            var answer = try await server.query("CREATE (:City {name: 'after-\(name)'})")
            if answer.status == 503 {
                #expect(answer.text.contains("DatabaseUnreachable"), "\(answer.text)")
                answer = try await server.query("CREATE (:City {name: 'after-\(name)'})")
            }
            #expect(answer.status == 200, "server \(name) after the reconnect: \(answer.text)")
        }
        #expect(try await b.query(count).text.contains("[[8]]"))

        // One audit log: both servers' entries (B alone was asked for /v1/stats), in `seq` order,
        // the same request hashed alike by both (one shared secret file).
        try await Task.sleep(for: .milliseconds(600))   // the audit writers flush every 200 ms
        let audit = try GovBrainBinary.run(["audit", "--db", db, "--format", "json"], in: dir, environment: secret)
        #expect(audit.status == 0, "\(audit.stderr)")
        let entries = audit.stdout.split(separator: "\n").compactMap { try? JSONParser.parse(bytes: Array($0.utf8)) }
        let seqs = entries.compactMap { $0["seq"]?.integerValue }
        #expect(seqs.count == entries.count && seqs.count >= 20 && zip(seqs, seqs.dropFirst()).allSatisfy { $0 < $1 })
        #expect(entries.contains { $0["route"]?.stringValue == "/v1/stats" })
        let countHashes = Set(entries.filter { $0["route"]?.stringValue == "/v1/query" && $0["rows"]?.integerValue == 1 }
            .compactMap { $0["requestHash"]?.stringValue })
        #expect(countHashes.count == 1, "the first count, through A and through B, hashed as \(countHashes)")
        // The secret is the one shared file: no server made one of its own.
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("state-a/pg").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("state-b/pg").path))
        withExtendedLifetime((a, b)) {}
    }
}

extension PostgresTestServerURL {
    /// The test server's password ("\u{0}" when it has none), which no output may show.
    static var password: String {
        text.flatMap { try? PostgresURL(parsing: $0) }?.password?.revealed ?? "\u{0}"
    }
}
