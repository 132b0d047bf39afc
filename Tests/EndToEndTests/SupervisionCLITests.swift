import Foundation
import Testing
import KGCore

/// Enterprise credit and risk on the graph from the command line: training on a tiny demo
/// database, grades and scores in the graph, the alert lifecycle, inspection draws, the
/// evaluation against the generator's truth, the Cypher procedures and bad input.
@Suite(.serialized) struct SupervisionCLITests {
    /// A tiny demo database and the datagen run it was built from (same scale and seed).
    static func fixture() throws -> URL {
        let dir = try GovBrainBinary.tempDir()
        let build = try GovBrainBinary.run(["demo", "build", "--db", "g.sqlite", "--scale", "tiny", "--no-vectors"], in: dir)
        try #require(build.status == 0, "\(build.stderr)")
        let gen = try GovBrainBinary.run(["datagen", "--scale", "tiny", "--seed", "1", "--out", "data"], in: dir)
        try #require(gen.status == 0, "\(gen.stderr)")
        return dir
    }

    @Test func trainsGradesScoresAndAlerts() throws {
        let dir = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: dir) }
        let credit = try GovBrainBinary.run(["model", "train", "credit", "--graph", "--db", "g.sqlite", "--models", "models", "--format", "json"], in: dir)
        #expect(credit.status == 0, "\(credit.stderr)")
        let c = try JSONParser.parse(credit.stdout)
        #expect((c["testAUC"]?.doubleValue ?? 0) > 0.5)
        let graded = c["gradedEnterprises"]?.objectValue?.reduce(0) { $0 + Int($1.1.doubleValue ?? 0) }
        #expect(graded == 1000)
        let rates = c["grades"]?.arrayValue?.compactMap { $0["trainBadRate"]?.doubleValue } ?? []
        #expect(rates.count >= 2 && zip(rates, rates.dropFirst()).allSatisfy { $0 <= $1 })
        for f in ["model.json", "scorecard.csv", "MODEL.md", "metrics.json", "card.json"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("models/enterprise-credit/v1/\(f)").path))
        }
        let risk = try GovBrainBinary.run(["model", "train", "risk", "--graph", "--db", "g.sqlite", "--models", "models"], in: dir)
        #expect(risk.status == 0, "\(risk.stderr)")
        let r = try JSONParser.parse(risk.stdout)
        #expect(r["version"] == .string("v1") && r["promoted"] == .bool(true))
        #expect(r["testOrigin"] == .string("2024-07-01"))
        #expect((r["testAUC"]?.doubleValue ?? 0) > 0.55)
        #expect((r["scoring"]?["scored"]?.doubleValue ?? 0) > 900)
        // The same auto selection as a table's: the card says which and why.
        #expect(["scorecard", "linear", "trees", "blend"].contains(r["algorithm"]?.stringValue ?? ""))
        #expect(r["selection"]?["candidates"]?.arrayValue?.count == 4 && (r["selection"]?["reason"]?.stringValue ?? "").contains("fold CV"))
        let riskCard = try String(contentsOf: dir.appendingPathComponent("models/enterprise-risk/v1/MODEL.md"), encoding: .utf8)
        #expect(riskCard.contains("why") && riskCard.contains("CV AUC of the candidates"))

        // Every enterprise carries its grade and score; Cypher calls the models.
        let q = try GovBrainBinary.run(["query", "--db", "g.sqlite", "--format", "json",
                                        "MATCH (e:Enterprise) RETURN count(e.creditGrade) AS graded, count(e.riskScore) AS scored, count(e) AS all"], in: dir)
        let rows = try JSONParser.parse(q.stdout)["rows"]?.arrayValue?.first?.arrayValue ?? []
        #expect(rows.first == .int(1000) && rows.last == .int(1000))
        let call = try GovBrainBinary.run(["query", "--db", "g.sqlite", "--format", "json", "MATCH (e:Enterprise) WHERE e.riskLevel = 'red' WITH e LIMIT 1 " +
                                           "CALL kg.model.risk(e) YIELD score, level, reasons CALL kg.model.credit(e) YIELD grade RETURN score, level, size(reasons), grade"], in: dir)
        #expect(call.status == 0, "\(call.stderr)")
        let row = try JSONParser.parse(call.stdout)["rows"]?.arrayValue?.first?.arrayValue ?? []
        #expect(row.count == 4 && ["A", "B", "C", "D"].contains(row[3].stringValue ?? ""))

        // Alerts: listed newest first, acknowledged and resolved once, never duplicated by re-scoring.
        let listed = try GovBrainBinary.run(["risk", "alerts", "--db", "g.sqlite", "--format", "json", "--limit", "3"], in: dir)
        let page = try JSONParser.parse(listed.stdout)
        let total = page["total"]?.doubleValue ?? 0
        #expect(total > 0)
        let id = try #require(page["alerts"]?.arrayValue?.first?["id"]?.stringValue)
        #expect(try GovBrainBinary.run(["risk", "ack", id, "--by", "inspector-07", "--db", "g.sqlite"], in: dir).status == 0)
        let twice = try GovBrainBinary.run(["risk", "ack", id, "--by", "inspector-07", "--db", "g.sqlite"], in: dir)
        #expect(twice.status != 0 && twice.stderr.contains("Conflict"))
        let badOutcome = try GovBrainBinary.run(["risk", "resolve", id, "--outcome", "fixed", "--by", "inspector-07", "--db", "g.sqlite"], in: dir)
        #expect(badOutcome.status != 0 && badOutcome.stderr.contains("confirmed, false_alarm, no_action"))
        #expect(try GovBrainBinary.run(["risk", "resolve", id, "--outcome", "false_alarm", "--by", "inspector-07", "--note", "rectified", "--db", "g.sqlite"], in: dir).status == 0)
        let resolvedTwice = try GovBrainBinary.run(["risk", "resolve", id, "--outcome", "confirmed", "--by", "inspector-07", "--db", "g.sqlite"], in: dir)
        #expect(resolvedTwice.status != 0 && resolvedTwice.stderr.contains("already resolved"))
        let feedback = try JSONParser.parse(try GovBrainBinary.run(["risk", "feedback", "--db", "g.sqlite", "--format", "json"], in: dir).stdout)
        let version = try #require(feedback["versions"]?.arrayValue?.first)
        #expect(version["resolved"] == .int(1) && version["confirmedShare"] == .int(0) || version["confirmedShare"] == .double(0))
        #expect(version["outcomes"]?["false_alarm"] == .int(1))
        let text = try GovBrainBinary.run(["risk", "feedback", "--db", "g.sqlite"], in: dir)
        #expect(text.stdout.contains("1 resolved; confirmed 0.0 %"), "\(text.stdout)")
        let rescored = try GovBrainBinary.run(["risk", "score", "--db", "g.sqlite", "--models", "models"], in: dir)
        #expect(rescored.status == 0, "\(rescored.stderr)")
        #expect(rescored.stdout.contains("alerts: 0 new"))
        #expect(rescored.stdout.contains("1 already acknowledged or resolved"))
        let after = try JSONParser.parse(try GovBrainBinary.run(["risk", "alerts", "--db", "g.sqlite", "--format", "json", "--status", "resolved"], in: dir).stdout)
        #expect(after["total"] == .int(1) && after["alerts"]?.arrayValue?.first?["resolvedBy"] == .string("inspector-07"))
        let again = try JSONParser.parse(try GovBrainBinary.run(["risk", "alerts", "--db", "g.sqlite", "--format", "json"], in: dir).stdout)
        #expect(again["total"]?.doubleValue == total)
        // The outcome becomes a training row of the next version.
        let learned = try GovBrainBinary.run(["model", "train", "risk", "--graph", "--with-outcomes", "--db", "g.sqlite", "--models", "models"], in: dir)
        #expect(learned.status == 0, "\(learned.stderr)")
        let card = try JSONParser.parse(learned.stdout)
        #expect(card["supervisorOutcomes"]?["rows"] == .int(1) && card["supervisorOutcomes"]?["falseAlarms"] == .int(1), "\(learned.stdout.prefix(600))")
        let csvOnly = try GovBrainBinary.run(["model", "train", "risk", "--with-outcomes", "--data", "x.csv", "--target", "y"], in: dir)
        #expect(csvOnly.status != 0 && csvOnly.stderr.contains("--with-outcomes needs --graph"))

        // Forced trees: reasons still read in Chinese on the graph, English beside them.
        let trees = try GovBrainBinary.run(["model", "train", "risk", "--graph", "--algorithm", "trees", "--db", "g.sqlite", "--models", "models"], in: dir)
        #expect(trees.status == 0, "\(trees.stderr)")
        #expect(try JSONParser.parse(trees.stdout)["algorithm"] == .string("trees"))
        let read = try GovBrainBinary.run(["query", "--db", "g.sqlite", "--format", "json",
                                           "MATCH (a:RiskAlert) WHERE a.status = 'new' RETURN a.reasons AS zh, a.reasonsEn AS en LIMIT 1"], in: dir)
        let alert = try JSONParser.parse(read.stdout)["rows"]?.arrayValue?.first?.arrayValue ?? []
        let zh = alert.first?.arrayValue?.compactMap(\.stringValue) ?? [], en = alert.last?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(!zh.isEmpty && zh.allSatisfy { $0.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }, "\(read.stdout.prefix(400))")
        #expect(en.count == zh.count && en.allSatisfy { $0.first?.isASCII == true })   // enterprise names on a path may be Chinese
    }

    @Test func drawsInspectionsAndEvaluates() throws {
        let dir = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Reproducible from the seed; another seed draws differently; every draw is recorded.
        func draw(_ seed: String) throws -> [JSON] {
            let out = try GovBrainBinary.run(["risk", "sample", "--db", "g.sqlite", "--region", "450000", "--n", "20", "--seed", seed, "--format", "json"], in: dir)
            try #require(out.status == 0, "\(out.stderr)")
            return try JSONParser.parse(out.stdout)["selected"]?.arrayValue ?? []
        }
        let a = try draw("3"), b = try draw("3"), c = try draw("4")
        #expect(a.count == 20 && a == b && a != c)
        // Risk-weighted: over many draws the drawn enterprises are riskier than the population.
        var drawn: [Double] = []
        for seed in 10..<16 { drawn += try draw(String(seed)).compactMap { $0["riskScore"]?.doubleValue } }
        let population = try GovBrainBinary.run(["query", "--db", "g.sqlite", "--format", "json",
                                                 "MATCH (e:Enterprise) WHERE e.riskScore IS NOT NULL RETURN toString(avg(e.riskScore))"], in: dir)
        // Floats travel as {"$float": "…"} in the query contract; toString gives the plain text.
        let mean = Double(try JSONParser.parse(population.stdout)["rows"]?.arrayValue?.first?.arrayValue?.first?.stringValue ?? "") ?? .nan
        #expect(drawn.reduce(0, +) / Double(drawn.count) > mean)
        // The risk-weighted draws (the demo's planted joint draws, with departments, apart).
        let audit = try GovBrainBinary.run(["query", "--db", "g.sqlite", "--format", "json", "MATCH (d:InspectionDraw)-[:SELECTED]->() WHERE d.departments IS NULL RETURN count(*)"], in: dir)
        #expect(try JSONParser.parse(audit.stdout)["rows"]?.arrayValue?.first == .array([.int(9 * 20)]))
        let bad = try GovBrainBinary.run(["risk", "sample", "--db", "g.sqlite", "--region", "999999", "--n", "5", "--seed", "1"], in: dir)
        #expect(bad.status != 0 && bad.stderr.contains("999999"))

        let eval = try GovBrainBinary.run(["risk", "evaluate", "--db", "g.sqlite", "--truth", "data/truth/enterprise_risk.csv", "--format", "json"], in: dir)
        #expect(eval.status == 0, "\(eval.stderr)")
        let m = try JSONParser.parse(eval.stdout)
        let model = m["models"]?["graphRiskModel"], rules = m["models"]?["rulesBaseline"], oracle = m["models"]?["oracle"], random = m["models"]?["random"]
        #expect((model?["auc"]?.doubleValue ?? 0) > (random?["auc"]?.doubleValue ?? 1))
        #expect((oracle?["expectedPrecisionAt5%"]?.doubleValue ?? 0) >= (model?["expectedPrecisionAt5%"]?.doubleValue ?? 1))
        #expect((model?["expectedPrecisionAt5%"]?.doubleValue ?? 0) > (rules?["expectedPrecisionAt5%"]?.doubleValue ?? 1))
        let missing = try GovBrainBinary.run(["risk", "evaluate", "--db", "g.sqlite", "--truth", "nope.csv"], in: dir)
        #expect(missing.status != 0)
    }

    @Test func answersPolicyQuestions() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try GovBrainBinary.run(["demo", "build", "--db", "g.sqlite", "--scale", "tiny", "--no-vectors"], in: dir).status == 0)
        let search = try GovBrainBinary.run(["policies", "search", "--db", "g.sqlite", "--format", "json", "--k", "2", "农业产业化龙头企业奖励"], in: dir)
        #expect(search.status == 0, "\(search.stderr)")
        let doc = try JSONParser.parse(search.stdout)
        #expect(doc["results"]?.arrayValue?.count == 2 && doc["mode"] == .string("bm25"))  // no text index: BM25 alone
        #expect(doc["results"]?.arrayValue?.first?["text"]?.stringValue?.contains("龙头企业") == true)
        let eval = try GovBrainBinary.run(["policies", "evaluate-search", "--db", "g.sqlite", "--format", "json"], in: dir)
        #expect(eval.status == 0, "\(eval.stderr)")
        let m = try JSONParser.parse(eval.stdout)
        #expect((m["questions"]?.doubleValue ?? 0) > 50)
        #expect((m["modes"]?["bm25"]?["recallAt5"]?.doubleValue ?? 0) > 0.7)
        let empty = try GovBrainBinary.run(["policies", "search", "--db", "g.sqlite", "  "], in: dir)
        #expect(empty.status != 0 && empty.stderr.contains("empty"))
    }

    @Test func refusesBadInput() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let both = try GovBrainBinary.run(["model", "train", "credit", "--graph", "--data", "x.csv", "--target", "bad"], in: dir)
        #expect(both.status != 0 && both.stderr.contains("--graph"))
        let none = try GovBrainBinary.run(["model", "train", "risk"], in: dir)
        #expect(none.status != 0 && none.stderr.contains("--data"))
        let noTarget = try GovBrainBinary.run(["model", "train", "credit", "--data", "x.csv"], in: dir)
        #expect(noTarget.status != 0 && noTarget.stderr.contains("--target"))
        let empty = try GovBrainBinary.run(["demo", "build", "--db", "e.sqlite", "--scale", "tiny", "--no-vectors"], in: dir)
        #expect(empty.status == 0)
        let noModel = try GovBrainBinary.run(["risk", "score", "--db", "e.sqlite", "--models", "nothing"], in: dir)
        #expect(noModel.status != 0 && noModel.stderr.contains("model train risk --graph"))
    }
}
