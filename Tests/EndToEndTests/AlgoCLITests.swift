import Foundation
import Testing
import KGCore

/// `govbrain algo` as a user runs it.
@Suite(.serialized) struct AlgoCLITests {
    @Test func runsAlgorithmsInEveryFormat() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try GovBrainBinary.run(["demo", "build", "--scale", "tiny", "--no-vectors"], in: dir).status == 0)
        let json = try GovBrainBinary.run(["algo", "pageRank", "--config", #"{"nodeLabels": ["Region"], "relationshipTypes": ["PART_OF"], "orientation": "REVERSE"}"#,
                                           "--format", "json"], in: dir)
        #expect(json.status == 0, "\(json.stderr)")
        let doc = try JSONParser.parse(json.stdout)
        #expect(doc["rows"]?.arrayValue?.count == 126)
        let csv = try GovBrainBinary.run(["algo", "kcore", "--config", #"{"nodeLabels": ["Region"]}"#, "--format", "csv"], in: dir)
        #expect(csv.status == 0 && csv.stdout.hasPrefix("node,coreValue\n"))
        let table = try GovBrainBinary.run(["algo", "louvain", "--config", #"{"nodeLabels": ["Region"]}"#], in: dir)
        #expect(table.status == 0 && table.stdout.contains("communityId"))
        let bad = try GovBrainBinary.run(["algo", "pageRank", "--config", #"{"tolerance": -1}"#], in: dir)
        #expect(bad.status != 0 && bad.stderr.contains("tolerance"))
        let unknown = try GovBrainBinary.run(["algo", "pagerankk"], in: dir)
        #expect(unknown.status != 0 && unknown.stderr.contains("known: "))
        let notJSON = try GovBrainBinary.run(["algo", "wcc", "--config", "{nope"], in: dir)
        #expect(notJSON.status != 0 && notJSON.stderr.contains("--config"))
    }

    @Test func runsOnAnEdgeListFile() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Two triangles joined by one edge, a comment and a blank line.
        try "# two triangles\n0 1\n1 2\n2 0\n\n2 3\n3 4\n4 5\n5 3\n".write(to: dir.appendingPathComponent("g.tsv"), atomically: true, encoding: .utf8)
        let pr = try GovBrainBinary.run(["algo", "pageRank", "--edges", "g.tsv", "--out", "pr.tsv"], in: dir)
        #expect(pr.status == 0, "\(pr.stderr)")
        let line = try JSONParser.parse(pr.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(line["nodes"] == .int(6) && line["arcs"] == .int(7) && line["run_seconds"] != nil)
        let ranks = try String(contentsOf: dir.appendingPathComponent("pr.tsv"), encoding: .utf8).split(separator: "\n")
        #expect(ranks.count == 6)
        let total = ranks.compactMap { Double($0.split(separator: "\t")[1]) }.reduce(0, +)
        #expect(abs(total - 1) < 1e-6)
        let louvain = try JSONParser.parse(try GovBrainBinary.run(["algo", "louvain", "--edges", "g.tsv"], in: dir).stdout)
        #expect(louvain["distinct"] == .int(2))
        guard case .double(let q)? = louvain["modularity"] else { Issue.record("no modularity"); return }
        #expect(q > 0.35)
        try "0 1\n1 x\n".write(to: dir.appendingPathComponent("bad.tsv"), atomically: true, encoding: .utf8)
        let bad = try GovBrainBinary.run(["algo", "wcc", "--edges", "bad.tsv"], in: dir)
        #expect(bad.status != 0 && bad.stderr.contains("bad.tsv:2"))
    }
}
