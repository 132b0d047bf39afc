import Foundation
import KGCore
import KGStore
import Testing

/// `govbrain demo build`, `backup` and `restore` with `--db postgresql://…` through the built binary, against the test
/// server (`GOVBRAIN_TEST_POSTGRES_URL`; skipped without one): the demo built into a schema is the demo built into a
/// file, a PostgreSQL store's backup file holds the same graph, and restoring it into a schema or a file gives it back
/// byte for byte. Bad targets fail at once with the host and port, never the password.
@Suite(.enabled(if: PostgresTestServerURL.text != nil, "set GOVBRAIN_TEST_POSTGRES_URL (bash Tools/postgres-dev.sh start)"))
struct PostgresBackupCLITests {
    /// A fresh schema of the test server: its `--db` value and its URL (to drop it afterwards).
    private func scratchStore() throws -> (db: String, url: PostgresURL) {
        let text = try #require(PostgresTestServerURL.text)
        var url = try PostgresURL(parsing: text)
        url.schema = "e2e_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        return (text + (text.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(url.schema)", url)
    }

    /// The JSON Lines export of the store at `db`.
    private func export(_ db: String, in dir: URL, _ name: String) throws -> String {
        let r = try GovBrainBinary.run(["export", "--db", db, "--format", "jsonl", "--out", name], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
    }

    /// `text` with every `$datetime` at or after `since` (the wall-clock times a build writes:
    /// `scoredAt`, `createdAt` of alerts) replaced by a mark, so two builds compare.
    static func maskingBuildTimes(_ text: String, since: Date) -> String {
        let formatter = ISO8601DateFormatter()
        let marker = #"{"$datetime":""#
        // Line by line: a search over the whole 14 MB export per value would be quadratic.
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.contains(marker) else { return String(line) }
            var out = "", rest = line
            while let start = rest.range(of: marker) {
                out += rest[..<start.upperBound]
                rest = rest[start.upperBound...]
                guard let end = rest.firstIndex(of: "\"") else { break }
                let value = String(rest[..<end])
                out += formatter.date(from: value).map { $0 >= since } == true ? "BUILD" : value
                rest = rest[end...]
            }
            return out + rest
        }.joined(separator: "\n")
    }

    /// A JSON Lines export line without its property values: type, id, labels or endpoints, and
    /// the property keys in order.
    static func skeleton(_ line: Substring) -> String {
        guard let start = line.range(of: #","properties":{"#) else { return String(line) }
        let keys = line[start.upperBound...].matches(of: /"([A-Za-z_][A-Za-z0-9_]*)":/).map { String($0.output.1) }
        return String(line[..<start.lowerBound]) + " " + keys.joined(separator: ",")
    }

    /// Which properties differ between pairs of export lines: how many times per labels and key,
    /// with one pair of values each (for the failure message).
    static func differingProperties(_ pairs: [(Substring, Substring)]) -> String {
        var counts: [String: (Int, String)] = [:]
        for (a, b) in pairs {
            guard let x = try? JSONSerialization.jsonObject(with: Data(a.utf8)) as? [String: Any],
                  let y = try? JSONSerialization.jsonObject(with: Data(b.utf8)) as? [String: Any] else { continue }
            let px = x["properties"] as? [String: Any] ?? [:], py = y["properties"] as? [String: Any] ?? [:]
            let kind = (x["labels"] as? [String])?.joined(separator: ":") ?? (x["label"] as? String ?? "?")
            for key in Set(px.keys).union(py.keys) {
                let u = px[key].map { "\($0)" } ?? "nil", v = py[key].map { "\($0)" } ?? "nil"
                guard u != v else { continue }
                let name = kind + "." + key
                counts[name] = ((counts[name]?.0 ?? 0) + 1, counts[name]?.1 ?? "\(u.prefix(80)) / \(v.prefix(80))")
            }
        }
        return counts.sorted { $0.value.0 > $1.value.0 }.prefix(8).map { "\($0.key) × \($0.value.0) (\($0.value.1))" }.joined(separator: "; ")
    }

    @Test func demoBuildBackupAndRestoreGiveTheSameGraph() throws {
        let (db, url) = try scratchStore()
        let (other, otherURL) = try scratchStore()
        defer { try? GraphStore.dropPostgresStore(url); try? GraphStore.dropPostgresStore(otherURL) }
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // An hour's margin: a virtual machine's clock may be stepped back while the test runs, and
        // the generated data's own times end in 2025.
        let since = Date(timeIntervalSince1970: floor(Date().timeIntervalSince1970) - 3_600)
        for location in ["g.sqlite", db] {
            let built = try GovBrainBinary.run(["demo", "build", "--scale", "tiny", "--no-vectors", "--db", location], in: dir)
            #expect(built.status == 0 && built.stdout.hasPrefix("built 14"), "\(built.stderr)")
            #expect(!built.stdout.contains(url.password?.revealed ?? "\u{0}"))
        }
        let onFile = try export("g.sqlite", in: dir, "file.jsonl")
        let onServer = try export(db, in: dir, "server.jsonl")
        #expect(onFile.count > 1_000_000)
        // Two builds a minute apart: every element with the same labels, endpoints and property
        // keys, and the properties equal except where they follow the clock (build times, and
        // states that depend on "now", e.g. a live work order passing its deadline between the
        // builds). At most 1 % of lines may differ that way; the copies below are byte-identical.
        let fileLines = Self.maskingBuildTimes(onFile, since: since).split(separator: "\n")
        let serverLines = Self.maskingBuildTimes(onServer, since: since).split(separator: "\n")
        #expect(fileLines.map(Self.skeleton) == serverLines.map(Self.skeleton))
        let differing = zip(fileLines, serverLines).filter { $0.0 != $0.1 }
        #expect(differing.count * 100 <= fileLines.count,
                "\(differing.count) of \(fileLines.count) lines differ: \(Self.differingProperties(differing))")
        // A store is replaced only when asked.
        let again = try GovBrainBinary.run(["demo", "build", "--scale", "tiny", "--no-vectors", "--db", db], in: dir)
        #expect(again.status != 0 && again.stderr.contains("already holds a GovBrain store; pass --force"), "\(again.stderr)")
        // Backup of the schema into a file; the file restored into another schema and into a file.
        let backup = try GovBrainBinary.run(["backup", "--db", db, "--out", "b.sqlite"], in: dir)
        #expect(backup.status == 0 && backup.stdout.contains("to b.sqlite:"), "\(backup.stderr)")
        #expect(try export("b.sqlite", in: dir, "backup.jsonl") == onServer)
        let check = try GovBrainBinary.run(["stats", "--db", "b.sqlite", "--integrity"], in: dir)
        #expect(check.stdout.hasPrefix("integrity: ok"), "\(check.stdout)")
        for target in [other, "restored.sqlite"] {
            let restore = try GovBrainBinary.run(["restore", "--db", target, "--from", "b.sqlite"], in: dir)
            #expect(restore.status == 0 && restore.stdout.hasPrefix("restored"), "\(restore.stderr)")
            #expect(try export(target, in: dir, "restored.jsonl") == onServer)
        }
        let restoredCheck = try GovBrainBinary.run(["stats", "--db", other, "--integrity"], in: dir)
        #expect(restoredCheck.stdout.hasPrefix("integrity: ok"), "\(restoredCheck.stdout)")
        // Restored over a store that changed since: the backup's graph again.
        _ = try GovBrainBinary.run(["query", "--db", other, "MATCH (r:Region {adcode: '450100'}) DETACH DELETE r"], in: dir)
        #expect(try GovBrainBinary.run(["restore", "--db", other, "--from", "b.sqlite"], in: dir).status == 0)
        #expect(try export(other, in: dir, "restored.jsonl") == onServer)
    }

    /// `restore` replaces the store in one transaction: killed with SIGKILL while its `COPY` runs
    /// (the old tables already dropped inside that transaction), it leaves the schema's old store,
    /// whole and consistent, and the next restore goes through.
    @Test func aKilledRestoreLeavesTheSchemaAsItWas() throws {
        let (db, url) = try scratchStore()
        defer { try? GraphStore.dropPostgresStore(url) }
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "id:ID(N),k:int,:LABEL\nold,7,Old\n".write(to: dir.appendingPathComponent("old.csv"), atomically: true, encoding: .utf8)
        #expect(try GovBrainBinary.run(["import", "--db", "old.sqlite", "--schema", "off", "old.csv"], in: dir).status == 0)
        let old = try GovBrainBinary.run(["restore", "--db", db, "--from", "old.sqlite"], in: dir)
        #expect(old.status == 0, "\(old.stderr)")
        // A backup whose restore takes seconds: 200,000 nodes (≈ 4 s into PostgreSQL, debug build).
        let rows = (0..<200_000).map { "n\($0),\($0),Big" }.joined(separator: "\n")
        try ("id:ID(N),k:int,:LABEL\n" + rows + "\n").write(to: dir.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
        #expect(try GovBrainBinary.run(["import", "--db", "big.sqlite", "--schema", "off", "big.csv"], in: dir).status == 0)
        // The restore under an application name of its own, killed once the server shows its COPY.
        let probe = "restore_kill_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        let restore = Process()
        restore.executableURL = URL(fileURLWithPath: GovBrainBinary.path)
        restore.arguments = ["restore", "--db", db + "&application_name=\(probe)", "--from", "big.sqlite"]
        restore.currentDirectoryURL = dir
        restore.environment = ProcessInfo.processInfo.environment.merging(["GOVBRAIN_HOME": GovBrainBinary.packageRoot.path]) { $1 }
        restore.standardOutput = FileHandle.nullDevice
        restore.standardError = FileHandle.nullDevice
        let watcher = try PostgresStoreConnection.connect(url)
        try restore.run()
        var killedDuringCopy = false
        let deadline = Date().addingTimeInterval(120)
        while restore.isRunning && Date() < deadline {
            let copying = try watcher.scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND xact_start IS NOT NULL AND query LIKE 'COPY %'",
                                             [.text(String(probe))])
            if copying == .int(1) {
                kill(restore.processIdentifier, SIGKILL)
                killedDuringCopy = true
                break
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        restore.waitUntilExit()
        #expect(killedDuringCopy && restore.terminationReason == .uncaughtSignal, "the restore ended before its COPY was seen")
        // The old store, as it was: one node, consistent.
        let stats = try GovBrainBinary.run(["stats", "--db", db, "--integrity"], in: dir)
        #expect(stats.stdout.hasPrefix("integrity: ok") && stats.stdout.contains("nodes: 1\n"), "\(stats.stdout) \(stats.stderr)")
        let query = try GovBrainBinary.run(["query", "--db", db, "--format", "json", "MATCH (n) RETURN labels(n) AS l, n.k AS k"], in: dir)
        #expect(query.stdout.contains(#""rows":[[["Old"],7]]"#), "\(query.stdout) \(query.stderr)")
        // Nothing of the killed transaction holds the store: a restore now goes through.
        let again = try GovBrainBinary.run(["restore", "--db", db, "--from", "old.sqlite"], in: dir)
        #expect(again.status == 0 && again.stdout.hasPrefix("restored"), "\(again.stderr)")
    }

    @Test func badTargetsFailAtOnceWithoutThePassword() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "id:ID(N)\nn1\n".write(to: dir.appendingPathComponent("n.csv"), atomically: true, encoding: .utf8)
        #expect(try GovBrainBinary.run(["import", "--db", "g.sqlite", "--schema", "off", "n.csv"], in: dir).status == 0)
        #expect(try GovBrainBinary.run(["backup", "--db", "g.sqlite", "--out", "b.sqlite"], in: dir).status == 0)
        let unreachable = "postgresql://gb:s3cretpw@127.0.0.1:1/govbrain?connect_timeout=3"
        let started = Date()
        for args in [["demo", "build", "--scale", "tiny", "--no-vectors", "--db", unreachable],
                     ["backup", "--db", unreachable, "--out", "x.sqlite"],
                     ["restore", "--db", unreachable, "--from", "b.sqlite"]] {
            let r = try GovBrainBinary.run(args, in: dir)
            #expect(r.status != 0 && r.stderr.contains("127.0.0.1:1") && r.stderr.contains("DatabaseUnreachable"), "\(args[0]): \(r.stderr)")
            #expect(!r.stderr.contains("s3cretpw") && !r.stdout.contains("s3cretpw"))
        }
        #expect(Date().timeIntervalSince(started) < 30, "the demo build must fail before it builds anything")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.sqlite").path))
        let toURL = try GovBrainBinary.run(["backup", "--db", "g.sqlite", "--out", unreachable], in: dir)
        #expect(toURL.status != 0 && toURL.stderr.contains("--out takes a new backup file") && !toURL.stderr.contains("s3cretpw"))
        let (db, url) = try scratchStore()
        defer { try? GraphStore.dropPostgresStore(url) }
        let missing = try GovBrainBinary.run(["restore", "--db", db, "--from", "nothing.sqlite"], in: dir)
        #expect(missing.status != 0 && missing.stderr.contains("no backup at nothing.sqlite"))
        let empty = try GovBrainBinary.run(["backup", "--db", db, "--out", "y.sqlite"], in: dir)
        #expect(empty.status != 0 && empty.stderr.contains("holds no GovBrain store"), "\(empty.stderr)")
    }
}
