import Foundation
import Testing
import KGCore

@Suite(.serialized) struct CLITests {
    @Test func versionAndHelp() throws {
        let dir = try GovBrainBinary.tempDir()
        let v = try GovBrainBinary.run(["--version"], in: dir)
        #expect(v.status == 0 && v.stdout.hasPrefix("0."))
        for cmd in ["import", "export", "stats", "schema", "serve"] {
            let h = try GovBrainBinary.run([cmd, "--help"], in: dir)
            #expect(h.status == 0 && h.stdout.contains("govbrain \(cmd)"), "\(cmd) --help")
        }
    }

    @Test func demoBuildStatsAndSchema() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let build = try GovBrainBinary.run(["demo", "build", "--scale", "tiny", "--no-vectors"], in: dir)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".govbrain/demo.sqlite").path))
        let stats = try GovBrainBinary.run(["stats", "--format", "json"], in: dir)
        let json = try JSONParser.parse(stats.stdout)
        #expect(json["labels"]?["Region"] == .int(126))
        #expect(json["relationshipTypes"]?["PART_OF"] == .int(125))
        let schema = try JSONParser.parse(try GovBrainBinary.run(["schema", "--format", "json"], in: dir).stdout)
        #expect(schema["classes"]?.arrayValue?.contains { $0["name"] == .string("Enterprise") && $0["keys"] == .array([.string("uscc")]) } == true)
        let text = try GovBrainBinary.run(["schema"], in: dir).stdout
        #expect(text.contains("LOCATED_IN") && text.contains("统一社会信用代码"))
    }

    @Test func importErrorsExitNonZeroWithLocation() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "adcode:ID(Region),name,:LABEL\n450100,\"南宁市,Region\n".write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let r = try GovBrainBinary.run(["import", "--db", "g.sqlite", "bad.csv"], in: dir)
        #expect(r.status != 0)
        #expect(r.stderr.contains("bad.csv:2:2") && r.stderr.contains("UnterminatedQuote"), "\(r.stderr)")
        let missing = try GovBrainBinary.run(["stats", "--db", "nope.sqlite"], in: dir)
        #expect(missing.status != 0 && missing.stderr.contains("no database at nope.sqlite"))
        try "hello".write(to: dir.appendingPathComponent("text.sqlite"), atomically: true, encoding: .utf8)
        let notDB = try GovBrainBinary.run(["stats", "--db", "text.sqlite"], in: dir)
        #expect(notDB.status != 0 && notDB.stderr.contains("NotADatabase"))
    }

    /// Starts `govbrain import --db g.sqlite ARGS` in `dir` without waiting for it.
    private func startImport(_ arguments: [String], in dir: URL) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: GovBrainBinary.path)
        p.arguments = ["import", "--db", "g.sqlite"] + arguments
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// kill -9 in the middle of a large import leaves the database exactly as it was.
    @Test func killedImportLeavesTheDatabaseUnchanged() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "adcode:ID(Region),name,:LABEL\n450100,南宁市,Region\n".write(to: dir.appendingPathComponent("first.csv"), atomically: true, encoding: .utf8)
        #expect(try GovBrainBinary.run(["import", "--db", "g.sqlite", "--schema", "off", "first.csv"], in: dir).status == 0)
        let before = try GovBrainBinary.run(["stats", "--db", "g.sqlite", "--format", "json"], in: dir).stdout
        var csv = "src,dst\n"
        for i in 0..<600_000 { csv += "\(i),\(i + 1)\n" }
        try csv.write(to: dir.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
        let p = try startImport(["big.csv"], in: dir)
        // Let it get well into the transaction, then kill it without warning.
        Thread.sleep(forTimeInterval: 1.5)
        #expect(p.isRunning, "the import finished before it could be killed; make the input larger")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let after = try GovBrainBinary.run(["stats", "--db", "g.sqlite", "--format", "json"], in: dir).stdout
        #expect(after == before)
    }

    /// The same into an empty store, which loads in rollback-journal mode: the hot journal
    /// takes the file back to the empty store, which then works in WAL mode again.
    @Test func killedImportIntoAnEmptyStoreLeavesItEmpty() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try GovBrainBinary.run(["query", "--db", "g.sqlite", "RETURN 1"], in: dir).status == 0)
        let before = try GovBrainBinary.run(["stats", "--db", "g.sqlite", "--format", "json"], in: dir).stdout
        let n = 300_000
        var nodes = "id:ID(N),name\n"
        for i in 0..<n { nodes += "\(i),node \(i)\n" }
        var rels = ":START_ID(N),:END_ID(N),:TYPE,w:float\n"
        for i in 0..<(5 * n) { rels += "\(i % n),\((i &* 7_919) % n),R,\(Double(i % 1000) / 8)\n" }
        try nodes.write(to: dir.appendingPathComponent("nodes.csv"), atomically: true, encoding: .utf8)
        try rels.write(to: dir.appendingPathComponent("rels.csv"), atomically: true, encoding: .utf8)
        let p = try startImport(["--schema", "off", "nodes.csv", "rels.csv"], in: dir)
        // Kill it once the transaction has started writing (its journal exists).
        let journal = dir.appendingPathComponent("g.sqlite-journal").path
        let started = Date()
        while p.isRunning && !FileManager.default.fileExists(atPath: journal) && Date().timeIntervalSince(started) < 60 {
            Thread.sleep(forTimeInterval: 0.01)
        }
        Thread.sleep(forTimeInterval: 0.3)
        #expect(p.isRunning, "the import finished before it could be killed; make the input larger")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let after = try GovBrainBinary.run(["stats", "--db", "g.sqlite", "--format", "json"], in: dir).stdout
        #expect(after == before)
        try "id:ID(N)\n1\n".write(to: dir.appendingPathComponent("small.csv"), atomically: true, encoding: .utf8)
        #expect(try GovBrainBinary.run(["import", "--db", "g.sqlite", "--schema", "off", "small.csv"], in: dir).status == 0)
        let count = try GovBrainBinary.run(["query", "--db", "g.sqlite", "--format", "csv", "MATCH (n) RETURN count(n) AS c"], in: dir)
        #expect(count.stdout.contains("1"), "\(count.stdout)")
    }
}
