import Foundation
import Testing
import KGCore

/// `govbrain hotline …` and the urgency model's commands as a user runs them, with the project's
/// promoted routing and urgency models.
@Suite(.serialized) struct HotlineCLITests {
    @Test func acceptsShowsListsAndMovesAWorkOrder() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try GovBrainBinary.run(["demo", "build", "--scale", "tiny", "--no-vectors"], in: dir).status == 0)
        let created = try GovBrainBinary.run(["hotline", "create", "--text", "我是青秀区的，我们小区停水两天了，什么时候恢复供水？", "--caller-phone", "13812345678",
                                              "--format", "json"], in: dir)
        #expect(created.status == 0, "\(created.stderr)")
        let order = try JSONParser.parse(created.stdout)
        let id = try #require(order["id"]?.stringValue)
        #expect(order["routing"]?["intent"] == .string("water_outage") && !created.stdout.contains("13812345678"))
        let shown = try GovBrainBinary.run(["hotline", "show", id], in: dir)
        #expect(shown.status == 0 && shown.stdout.contains(id) && shown.stdout.contains("next:"))
        let listed = try GovBrainBinary.run(["hotline", "list", "--region", "450100", "--format", "json"], in: dir)
        #expect(listed.status == 0)
        let page = try JSONParser.parse(listed.stdout)
        #expect((page["orders"]?.arrayValue ?? []).contains { $0["id"] == .string(id) })
        if order["status"] == .string("pending_review") {
            #expect(try GovBrainBinary.run(["hotline", "event", id, "--type", "dispatch", "--by", "agent"], in: dir).status == 0)
        }
        let refused = try GovBrainBinary.run(["hotline", "event", id, "--type", "close", "--by", "agent"], in: dir)
        #expect(refused.status != 0 && refused.stderr.contains("allowed: sign"))
        let signed = try GovBrainBinary.run(["hotline", "event", id, "--type", "sign", "--by", "office", "--format", "json"], in: dir)
        #expect(signed.status == 0)
        #expect(try JSONParser.parse(signed.stdout)["status"] == .string("signed"))
        // An agent's re-routing is a correction the routing model can learn from.
        let rerouted = try GovBrainBinary.run(["hotline", "event", id, "--type", "reassign", "--by", "agent", "--intent", "property_mgmt"], in: dir)
        #expect(rerouted.status == 0, "\(rerouted.stderr)")
        let data = dir.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        for (split, n) in [("train", 300), ("dev", 100), ("test", 100)] {
            let rows = try String(contentsOf: GovBrainBinary.packageRoot.appendingPathComponent("Datasets/hotline/\(split).jsonl"), encoding: .utf8)
                .split(separator: "\n").prefix(n)
            try (rows.joined(separator: "\n") + "\n").write(to: data.appendingPathComponent("\(split).jsonl"), atomically: true, encoding: .utf8)
        }
        let train = try GovBrainBinary.run(["model", "train", "routing", "--data", "data", "--models", "models", "--max-features", "1000",
                                            "--handwritten", "none", "--taxonomy", "none", "--lexicon", "none", "--clause-dropout", "0",
                                            "--corrections", "--format", "json"], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        #expect(try JSONParser.parse(train.stdout)["corrections"] == .int(1))
        let overdue = try GovBrainBinary.run(["hotline", "overdue", "--within", "P30D", "--format", "json"], in: dir)
        #expect(overdue.status == 0, "\(overdue.stderr)")
        #expect((try JSONParser.parse(overdue.stdout)["orders"]?.arrayValue ?? []).contains { $0["id"] == .string(id) })
        let missing = try GovBrainBinary.run(["hotline", "show", "WO999999999"], in: dir)
        #expect(missing.status != 0 && missing.stderr.contains("NotFound"))
        #expect(try GovBrainBinary.run(["hotline", "event", id, "--type", "fly", "--by", "x"], in: dir).status != 0)
    }

    @Test func evaluatesTheUrgencyModelBesideTheKeywordRule() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let labelled = """
        {"text": "厨房着火了，烟好大，快来人", "urgency": "urgent"}
        {"text": "整栋楼停水一天了还没来水", "urgency": "priority"}
        {"text": "想问一下公积金怎么提取", "urgency": "normal"}
        """
        try labelled.write(to: dir.appendingPathComponent("u.jsonl"), atomically: true, encoding: .utf8)
        let eval = try GovBrainBinary.run(["model", "eval", "urgency", "--data", "u.jsonl", "--format", "json"], in: dir)
        #expect(eval.status == 0, "\(eval.stderr)")
        let doc = try JSONParser.parse(eval.stdout)
        #expect(doc["modelItems"] == .int(3) && doc["keywordsItems"] == .int(3) && doc["modelUrgentRecall"] == .double(1))
        let corpus = try GovBrainBinary.run(["datagen", "urgency", "--count", "200", "--out", "corpus"], in: dir)
        #expect(corpus.status == 0 && corpus.stdout.contains("train: 160"), "\(corpus.stderr)")
        #expect(try GovBrainBinary.run(["datagen", "urgency", "--count", "5", "--out", "x"], in: dir).status != 0)
    }
}
