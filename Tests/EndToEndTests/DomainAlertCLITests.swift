import Foundation
import Testing
import KGCore

/// The alerts of a supervision domain from the command line, on a tiny demo database: raised at
/// build time by the shipped model and by training the domain's risk model, listed by domain,
/// handled, fed back per domain, kept by a second scoring pass, learned from by the next version
/// (`--with-outcomes`); the domain's credit card grades the sites; bad domains are refused.
@Suite(.serialized) struct DomainAlertCLITests {
    @Test func emergencyAlertsFromTrainingToFeedback() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let build = try GovBrainBinary.run(["demo", "build", "--db", "g.sqlite", "--scale", "tiny", "--no-vectors"], in: dir)
        try #require(build.status == 0, "\(build.stderr)")
        // The build raised the alerts of the shipped model (Models/emergency-risk) already.
        let shipped = try JSONParser.parse(try GovBrainBinary.run(["risk", "alerts", "--db", "g.sqlite", "--domain", "emergency", "--limit", "1", "--format", "json"], in: dir).stdout)
        let before = Int(shipped["total"]?.doubleValue ?? -1)
        #expect(before > 0 && build.stdout.contains("emergency sites with the promoted emergency-risk model: \(before) alerts"), "\(build.stdout)")
        let trained = try GovBrainBinary.run(["model", "train", "risk", "--graph", "--db", "g.sqlite", "--domain", "emergency", "--models", "models"], in: dir)
        try #require(trained.status == 0, "\(trained.stderr)")
        let scoring = try #require(try JSONParser.parse(trained.stdout)["scoring"])
        func count(_ key: String) -> Int { Int(scoring[key]?.doubleValue ?? -1) }
        // Raised by the new model: new alerts, and the shipped model's alerts of the same sites updated.
        let created = count("alertsCreated"), raised = created + count("alertsUpdated") + count("alertsKept")
        #expect(created >= 0 && raised > 0 && scoring["scored"] == .int(100), "\(scoring)")

        let listed = try GovBrainBinary.run(["risk", "alerts", "--db", "g.sqlite", "--domain", "emergency", "--limit", "500", "--format", "json"], in: dir)
        let page = try JSONParser.parse(listed.stdout)
        let alerts = page["alerts"]?.arrayValue ?? []
        #expect(page["total"] == .int(Int64(before + created)) && alerts.count == before + created)
        #expect(alerts.allSatisfy { $0["domain"] == .string("emergency") && $0["site"]?.stringValue?.hasPrefix("WS") == true })
        let market = try JSONParser.parse(try GovBrainBinary.run(["risk", "alerts", "--db", "g.sqlite", "--domain", "market", "--format", "json"], in: dir).stdout)
        #expect((market["total"]?.doubleValue ?? 0) > 0 && market["alerts"]?.arrayValue?.allSatisfy { $0["domain"] == .string("market") } == true)
        let text = try GovBrainBinary.run(["risk", "alerts", "--db", "g.sqlite", "--domain", "emergency", "--limit", "1"], in: dir)
        #expect(text.stdout.contains("emergency") && text.stdout.contains("安全生产监管对象"), "\(text.stdout)")

        // Handle an alert the new model raised: its site is scored above green now.
        let ours = try GovBrainBinary.run(["query", "--db", "g.sqlite", "--format", "json",
                                           "MATCH (a:RiskAlert {domain: 'emergency'})-[:ALERT_FOR]->(s:WorkSafetySite) WHERE s.riskLevel <> 'green' RETURN a.code ORDER BY a.code LIMIT 1"], in: dir)
        let id = try #require(try JSONParser.parse(ours.stdout)["rows"]?.arrayValue?.first?.arrayValue?.first?.stringValue, "\(ours.stdout) \(ours.stderr)")
        #expect(try GovBrainBinary.run(["risk", "ack", id, "--by", "值班员", "--db", "g.sqlite"], in: dir).status == 0)
        #expect(try GovBrainBinary.run(["risk", "resolve", id, "--outcome", "confirmed", "--by", "值班员", "--db", "g.sqlite"], in: dir).status == 0)
        let feedback = try JSONParser.parse(try GovBrainBinary.run(["risk", "feedback", "--db", "g.sqlite", "--domain", "emergency", "--format", "json"], in: dir).stdout)
        let versions = feedback["versions"]?.arrayValue ?? []
        #expect(versions.count == 1 && versions.first?["domain"] == .string("emergency") && versions.first?["alerts"] == .int(Int64(before + created)))
        #expect(versions.first?["outcomes"]?["confirmed"] == .int(1) && versions.first?["confirmedShare"]?.doubleValue == 1)

        // Scoring again with the promoted model updates the alerts it raised and keeps the handled one.
        let again = try GovBrainBinary.run(["risk", "score", "--db", "g.sqlite", "--domain", "emergency", "--models", "models"], in: dir)
        #expect(again.status == 0 && again.stdout.contains("alerts: 0 new, \(raised - 1) updated, 1 already"), "\(again.stdout) \(again.stderr)")
        // The outcome becomes a training row of the domain's next version (and nothing of the market model's).
        let learned = try GovBrainBinary.run(["model", "train", "risk", "--graph", "--with-outcomes", "--db", "g.sqlite", "--domain", "emergency", "--models", "models"], in: dir)
        #expect(learned.status == 0, "\(learned.stderr)")
        let card = try JSONParser.parse(learned.stdout)
        #expect(card["version"] == .string("v2") && card["supervisorOutcomes"]?["rows"] == .int(1) && card["supervisorOutcomes"]?["confirmed"] == .int(1),
                "\(learned.stdout.prefix(600))")
        #expect(try String(contentsOf: dir.appendingPathComponent("models/emergency-risk/v2/MODEL.md"), encoding: .utf8).contains("--with-outcomes"))
        let credit = try GovBrainBinary.run(["model", "train", "credit", "--graph", "--db", "g.sqlite", "--domain", "emergency", "--models", "models"], in: dir)
        #expect(credit.status == 0 && credit.stdout.contains("graded 100 WorkSafetySite sites"), "\(credit.stdout) \(credit.stderr)")

        // Bad input: an unknown domain, a domain without a trained model.
        for args in [["risk", "alerts", "--domain", "forestry"], ["risk", "feedback", "--domain", "Emergency"], ["risk", "score", "--domain", "forestry"]] {
            let bad = try GovBrainBinary.run(args + ["--db", "g.sqlite"], in: dir)
            #expect(bad.status != 0 && bad.stderr.contains("unknown supervision domain") && bad.stderr.contains("market, ecology, emergency, housing"), "\(args): \(bad.stderr)")
        }
        let untrained = try GovBrainBinary.run(["risk", "score", "--db", "g.sqlite", "--domain", "housing", "--models", "models"], in: dir)
        #expect(untrained.status != 0 && untrained.stderr.contains("model train risk --graph --db PATH --domain housing"), "\(untrained.stderr)")
    }
}
