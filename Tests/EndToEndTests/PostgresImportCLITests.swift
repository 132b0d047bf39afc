import Foundation
import KGCore
import KGStore
import Testing

/// `govbrain import`, `govbrain export` and `govbrain algo` with `--db postgresql://…` through the built binary, against the test server
/// (`GOVBRAIN_TEST_POSTGRES_URL`; skipped without one): the same files give the same exports as on SQLite, and an import
/// killed in the middle of its `COPY` leaves the store as it was. Each test uses a schema of its own.
@Suite(.enabled(if: PostgresTestServerURL.text != nil, "set GOVBRAIN_TEST_POSTGRES_URL (bash Tools/postgres-dev.sh start)"))
struct PostgresImportCLITests {
    /// A fresh schema of the test server: its `--db` value and its URL (to drop it afterwards).
    private func scratchStore() throws -> (db: String, url: PostgresURL) {
        let text = try #require(PostgresTestServerURL.text)
        var url = try PostgresURL(parsing: text)
        url.schema = "e2e_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        return (text + (text.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(url.schema)", url)
    }

    @Test func importAndExportGiveWhatSQLiteGives() throws {
        let (db, url) = try scratchStore()
        defer { try? GraphStore.dropPostgresStore(url) }
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var nodes = "id:ID(P),name,note,score:float,born:date,:LABEL\n"
        for i in 0..<400 { nodes += "p\(i),\"名\(i)\ttab\",\"a\\\\b\nc \"\"q\"\"\",\(Double(i) / 4),19\(70 + i % 30)-01-0\(1 + i % 9),P\(i % 3 == 0 ? ";Q" : "")\n" }
        var rels = ":START_ID(P),:END_ID(P),:TYPE,w:int\n"
        for i in 0..<1_000 { rels += "p\(i % 400),p\(i * 7 % 400),R\(i % 2),\(i)\n" }
        try nodes.write(to: dir.appendingPathComponent("n.csv"), atomically: true, encoding: .utf8)
        try rels.write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        // A bad row goes to the rejects file on both backends alike.
        try "id:ID(P),name,:LABEL\np1,dup,P\np9000,new,P\n".write(to: dir.appendingPathComponent("more.csv"), atomically: true, encoding: .utf8)
        var exports: [String: [String]] = [:]
        for (name, location) in [("sqlite", "g.sqlite"), ("postgres", db)] {
            let load = try GovBrainBinary.run(["import", "--db", location, "--schema", "off", "n.csv", "r.csv"], in: dir)
            #expect(load.status == 0 && load.stdout.hasPrefix("imported 400 nodes and 1000 relationships"), "\(name): \(load.stderr)")
            let more = try GovBrainBinary.run(["import", "--db", location, "--skip-bad", "\(name).rejects", "more.csv"], in: dir)
            #expect(more.status == 0 && more.stdout.contains("rejected 1 row(s)"), "\(name): \(more.stdout) \(more.stderr)")
            for format in ["jsonl", "graphml", "csv"] {
                let out = "\(name)-out.\(format)"
                let export = try GovBrainBinary.run(["export", "--db", location, "--format", format, "--out", out], in: dir)
                #expect(export.status == 0 && export.stdout.hasPrefix("exported 401 nodes and 1000 relationships"), "\(name) \(format): \(export.stderr)")
                let path = dir.appendingPathComponent(out)
                let files = format == "csv" ? try FileManager.default.contentsOfDirectory(atPath: path.path).sorted().map { path.appendingPathComponent($0) } : [path]
                exports[name, default: []] += try files.map { try String(contentsOf: $0, encoding: .utf8) }
            }
            #expect(!load.stderr.contains(url.password?.revealed ?? "\u{0}"))
            // An algorithm over the imported graph (the CSR snapshot built from streamed scans).
            let rank = try GovBrainBinary.run(["algo", "pageRank", "--db", location, "--format", "json"], in: dir)
            #expect(rank.status == 0, "\(name): \(rank.stderr)")
            exports[name, default: []].append(PostgresQueryCLITests.withoutTiming(rank.stdout))
        }
        #expect(exports["postgres"] == exports["sqlite"] && exports["sqlite"]?.count ?? 0 >= 4)
        let rejects = try ["sqlite", "postgres"].map { try String(contentsOf: dir.appendingPathComponent("\($0).rejects"), encoding: .utf8) }
        #expect(rejects[0] == rejects[1] && rejects[0].contains("more.csv:2:1: DuplicateId"), "\(rejects)")
    }

    /// kill -9 while the relationships stream through `COPY`: the server rolls the import back.
    @Test func killedImportLeavesTheStoreUnchanged() throws {
        let (db, url) = try scratchStore()
        defer { try? GraphStore.dropPostgresStore(url) }
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "id:ID(N),name\nfirst,南宁\n".write(to: dir.appendingPathComponent("first.csv"), atomically: true, encoding: .utf8)
        #expect(try GovBrainBinary.run(["import", "--db", db, "--schema", "off", "first.csv"], in: dir).status == 0)
        // Everything `stats` shows but the size on disk (the rolled-back rows' pages stay until a vacuum).
        func stats() throws -> String {
            try GovBrainBinary.run(["stats", "--db", db, "--format", "json", "--integrity"], in: dir).stdout
                .replacingOccurrences(of: #""fileBytes":[0-9]+"#, with: "", options: .regularExpression)
        }
        let before = try stats()
        #expect(before.hasPrefix("integrity: ok") && before.contains(#""nodes":1,"relationships":0"#), "\(before)")
        let n = 100_000
        var nodes = "id:ID(N),name\n"
        for i in 0..<n { nodes += "\(i),node \(i)\n" }
        var rels = ":START_ID(N),:END_ID(N),:TYPE,w:float\n"
        for i in 0..<(6 * n) { rels += "\(i % n),\((i &* 7_919) % n),R,\(Double(i % 1000) / 8)\n" }
        try nodes.write(to: dir.appendingPathComponent("nodes.csv"), atomically: true, encoding: .utf8)
        try rels.write(to: dir.appendingPathComponent("rels.csv"), atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: GovBrainBinary.path)
        p.arguments = ["import", "--db", db, "nodes.csv", "rels.csv"]
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        // Kill it once its connection has started the relationships' COPY.
        let watcher = try PostgresStoreConnection.connect(url)
        let started = Date()
        func copying() throws -> Bool {
            try watcher.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY \"rels\"%'")?.int ?? 0 > 0
        }
        while p.isRunning, try !copying(), Date().timeIntervalSince(started) < 60 { Thread.sleep(forTimeInterval: 0.01) }
        Thread.sleep(forTimeInterval: 0.1)
        #expect(p.isRunning, "the import finished before it could be killed; make the input larger")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(try stats() == before)
        // The server let go of the writer lock: the next import goes through.
        try "id:ID(N)\nlast\n".write(to: dir.appendingPathComponent("small.csv"), atomically: true, encoding: .utf8)
        let small = try GovBrainBinary.run(["import", "--db", db, "small.csv"], in: dir)
        #expect(small.status == 0, "\(small.stderr)")
        let count = try GovBrainBinary.run(["query", "--db", db, "--format", "csv", "MATCH (n) RETURN count(n) AS c, max(id(n)) AS top"], in: dir)
        #expect(count.stdout.contains("2,1"), "\(count.stdout)")
    }
}
