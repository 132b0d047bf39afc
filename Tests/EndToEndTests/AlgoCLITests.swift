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
}
