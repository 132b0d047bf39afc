import Foundation
import Testing
import KGCore

/// `govbrain route` and `govbrain model …` as a user runs them, with the project's promoted
/// routing model.
@Suite(.serialized) struct RouteCLITests {
    @Test func routesOneTextAndAFile() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try GovBrainBinary.run(["demo", "build", "--scale", "tiny", "--no-vectors"], in: dir).status == 0)
        let one = try GovBrainBinary.run(["route", "--text", "我是横县的，工资拖了三个月不给", "--format", "json"], in: dir)
        #expect(one.status == 0, "\(one.stderr)")
        let doc = try JSONParser.parse(one.stdout)
        #expect(doc["intent"] == .string("wage_arrears"))
        #expect(doc["department"] == .string("hrss"))
        #expect(doc["adcode"] == .string("450181"))
        #expect(doc["office"]?["id"] == .string("hrss-450181"))
        #expect(doc["similarCases"] == .array([]))  // this database has no text index
        let text = try GovBrainBinary.run(["route", "--text", "环江这边停电一天了"], in: dir)
        #expect(text.status == 0 && text.stdout.contains("power_outage") && text.stdout.contains("451226"))

        let input = """
        {"id": "a", "text": "楼下烧烤店油烟太大，晚上开不了窗", "address": "南宁市青秀区"}
        not json
        {"id": 7, "text": ""}
        {"id": "d", "text": "我想问一下公积金怎么提取"}
        """
        try input.write(to: dir.appendingPathComponent("in.jsonl"), atomically: true, encoding: .utf8)
        let batch = try GovBrainBinary.run(["route", "--input", "in.jsonl", "--output", "out.jsonl"], in: dir)
        #expect(batch.status == 0, "\(batch.stderr)")
        let lines = try String(contentsOf: dir.appendingPathComponent("out.jsonl"), encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(lines.count == 4)
        #expect(lines[0]["id"] == .string("a") && lines[0]["intent"] == .string("cooking_fumes") && lines[0]["adcode"] == .string("450103"))
        #expect(lines[1]["error"]?["code"] == .string("MalformedJSON"))
        #expect(lines[2]["id"] == .int(7) && lines[2]["error"]?["code"] == .string("InvalidRoutingRequest"))
        #expect(lines[3]["id"] == .string("d") && lines[3]["intent"] == .string("provident_fund") && lines[3]["adcode"] == .null)
        for line in [lines[0], lines[3]] {
            for key in ["intent", "department", "adcode", "office", "confidence", "needsHuman", "alternatives", "similarCases", "answer"] {
                #expect(line[key] != nil, "\(key)")
            }
        }
        let both = try GovBrainBinary.run(["route", "--text", "x", "--input", "in.jsonl"], in: dir)
        #expect(both.status != 0)
    }

    @Test func listsShowsEvaluatesAndTrainsVersions() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = try GovBrainBinary.run(["model", "list", "routing"], in: dir)
        #expect(list.status == 0 && list.stdout.contains("* routing v"), "\(list.stderr)")
        let show = try GovBrainBinary.run(["model", "show", "routing", "--format", "json"], in: dir)
        #expect(show.status == 0)
        #expect(try JSONParser.parse(show.stdout)["testTop1"] != nil)

        // A labelled file of our own: evaluation prints accuracy, department and calibration.
        let labelled = """
        {"text": "工地半夜还在打桩，吵得睡不着", "intent": "noise_construction", "department": "housing"}
        {"text": "我是青秀的，停水两天了", "intent": "water_outage", "department": "watersupply", "regionAdcode": "450103"}
        """
        try labelled.write(to: dir.appendingPathComponent("mine.jsonl"), atomically: true, encoding: .utf8)
        let eval = try GovBrainBinary.run(["model", "eval", "routing", "--data", "mine.jsonl", "--format", "json"], in: dir)
        #expect(eval.status == 0, "\(eval.stderr)")
        let metrics = try JSONParser.parse(eval.stdout)
        #expect(metrics["top1"] == .double(1) && metrics["departmentAccuracy"] == .double(1) && metrics["adcodeExact"] == .double(1))

        // Training writes a new version into another models folder and promotes the first one.
        let data = dir.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let source = GovBrainBinary.packageRoot.appendingPathComponent("Datasets/hotline")
        for (split, n) in [("train", 1000), ("dev", 200), ("test", 200)] {
            let rows = try String(contentsOf: source.appendingPathComponent("\(split).jsonl"), encoding: .utf8).split(separator: "\n").prefix(n)
            try (rows.joined(separator: "\n") + "\n").write(to: data.appendingPathComponent("\(split).jsonl"), atomically: true, encoding: .utf8)
        }
        let train = try GovBrainBinary.run(["model", "train", "routing", "--data", "data", "--models", "models", "--max-features", "3000", "--format", "json"], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        let trained = try JSONParser.parse(train.stdout)
        #expect(trained["version"] == .string("v1") && (trained["testTop1"]?.doubleValue ?? 0) > 0.4)
        // The domain lexicon is used by default, and the hand-written complaints are scored.
        let card = try String(contentsOf: dir.appendingPathComponent("models/routing/v1/MODEL.md"), encoding: .utf8)
        #expect(card.contains("intent_lexicon.csv") && card.contains("hand-written intent top-1"))
        #expect(trained["handwrittenRecords"] == .int(106))
        for file in ["model.bin", "MODEL.md", "metrics.json"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("models/routing/v1/\(file)").path))
        }
        let promote = try GovBrainBinary.run(["model", "promote", "routing", "v9", "--models", "models"], in: dir)
        #expect(promote.status != 0 && promote.stderr.contains("v1"))
        let missing = try GovBrainBinary.run(["model", "train", "routing", "--data", "nowhere", "--models", "models"], in: dir)
        #expect(missing.status != 0 && missing.stderr.contains("nowhere"))
        // A bad lexicon or flag is refused before anything is written.
        try "id,terms_zh\ngas_leak,漏气\n".write(to: dir.appendingPathComponent("lexicon.csv"), atomically: true, encoding: .utf8)
        for (args, message) in [(["--lexicon", "lexicon.csv"], "gas_leak"), (["--lexicon", "absent.csv"], "absent.csv"),
                                (["--lexicon-substitution", "11"], "--lexicon-substitution"), (["--lexicon-repeats", "-1"], "--lexicon-repeats")] {
            let bad = try GovBrainBinary.run(["model", "train", "routing", "--data", "data", "--models", "models"] + args, in: dir)
            #expect(bad.status != 0 && bad.stderr.contains(message), "\(args): \(bad.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("models/routing/v2").path))

        // Calibration on the hand-written complaints sets the novelty gate too; texts no intent
        // covers are counted, and those in another language are gated.
        let complaints = GovBrainBinary.packageRoot.appendingPathComponent("Datasets/hotline-handwritten/complaints.jsonl").path
        let calibrate = try GovBrainBinary.run(["model", "calibrate", "routing", "--data", complaints, "--models", "models", "--target-precision", "0.6"], in: dir)
        #expect(calibrate.status == 0 && calibrate.stdout.contains("novelty gate"), "\(calibrate.stdout) \(calibrate.stderr)")
        let stored = try JSONParser.parse(String(contentsOf: dir.appendingPathComponent("models/routing/v1/calibration.json"), encoding: .utf8))
        #expect(stored["minimumCoverage"]?.doubleValue != nil && stored["minimumEnergy"]?.doubleValue != nil)
        let outside = [#"{"id": "X1", "text": "Hello, which bus goes to the airport tomorrow morning?", "kind": "foreign"}"#,
                       #"{"id": "X2", "text": "Bonjour, je cherche la gare, s'il vous plaît.", "kind": "foreign"}"#,
                       #"{"id": "X3", "text": "@@@@ ~~~~ %%%% ^^^^", "kind": "noise"}"#]
        try (outside.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("outside.jsonl"), atomically: true, encoding: .utf8)
        let report = try GovBrainBinary.run(["model", "eval", "routing", "--out-of-scope", "--data", "outside.jsonl", "--models", "models", "--format", "json"], in: dir)
        #expect(report.status == 0, "\(report.stderr)")
        let counts = try JSONParser.parse(report.stdout)
        #expect(counts["texts"] == .int(3) && counts["noveltyGate"] == .bool(true))
        #expect(counts["outOfDistribution"] == .int(3) && counts["automatic"] == .int(0), "\(report.stdout)")
        try "{\"id\": \"Y\"}\n".write(to: dir.appendingPathComponent("textless.jsonl"), atomically: true, encoding: .utf8)
        let textless = try GovBrainBinary.run(["model", "eval", "routing", "--out-of-scope", "--data", "textless.jsonl", "--models", "models"], in: dir)
        #expect(textless.status != 0 && textless.stderr.contains("textless.jsonl:1"))
    }
}
