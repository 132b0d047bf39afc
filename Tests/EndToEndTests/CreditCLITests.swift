import Foundation
import Testing
import KGCore

/// `govbrain model train|predict credit` on the real German credit data and on bad input.
@Suite(.serialized) struct CreditCLITests {
    static let data = GovBrainBinary.packageRoot.appendingPathComponent("Datasets/german_credit")

    @Test func trainsOnGermanCreditAndScores() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let train = try GovBrainBinary.run(["model", "train", "credit", "--data", Self.data.appendingPathComponent("german_credit.csv").path,
                                            "--target", "bad", "--split", Self.data.appendingPathComponent("split.csv").path, "--out", "card", "--format", "json"], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        let m = try JSONParser.parse(train.stdout)
        #expect((m["testAUC"]?.doubleValue ?? 0) >= 0.80 && (m["cvAUCMean"]?.doubleValue ?? 0) >= 0.786)
        #expect((m["cvAUCMean"]?.doubleValue ?? 0) > 0.77)
        #expect(m["trainRows"] == .int(700) && m["testRows"] == .int(300))
        // Bad rates rise from A to D.
        let rates = m["grades"]?.arrayValue?.compactMap { $0["trainBadRate"]?.doubleValue } ?? []
        #expect(rates.count == 4 && zip(rates, rates.dropFirst()).allSatisfy { $0 < $1 })
        for f in ["model.json", "scorecard.csv", "MODEL.md", "metrics.json"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("card/\(f)").path))
        }
        let predict = try GovBrainBinary.run(["model", "predict", "credit", "--model", "card", "--data", Self.data.appendingPathComponent("german_credit.csv").path,
                                              "--out", "scores.csv"], in: dir)
        #expect(predict.status == 0, "\(predict.stderr)")
        let lines = try String(contentsOf: dir.appendingPathComponent("scores.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "row,probability,points,grade,reason1,reason2,reason3")
        #expect(lines.count == 1001)
        let first = lines[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(first.count == 7 && first[0] == "0" && ["A", "B", "C", "D"].contains(String(first[3])))

        // Monitoring: the same population is stable; applicants without a checking account only are not.
        let all = Self.data.appendingPathComponent("german_credit.csv").path
        let same = try GovBrainBinary.run(["model", "monitor", "credit", "--model", "card", "--reference", all, "--current", all], in: dir)
        #expect(same.status == 0, "\(same.stderr)")
        let stable = try JSONParser.parse(same.stdout)
        #expect((stable["scorePSI"]?.doubleValue ?? 1) < 0.01 && stable["status"] == .string("stable"))
        let csv = try String(contentsOfFile: all, encoding: .utf8).split(separator: "\n").map(String.init)
        let subset = ([csv[0]] + csv.dropFirst().filter { $0.hasPrefix("no checking account") }).joined(separator: "\n") + "\n"
        try subset.write(to: dir.appendingPathComponent("subset.csv"), atomically: true, encoding: .utf8)
        let moved = try JSONParser.parse(try GovBrainBinary.run(["model", "monitor", "credit", "--model", "card", "--reference", all, "--current", "subset.csv"], in: dir).stdout)
        #expect(moved["status"] == .string("shifted"))
        #expect(moved["variables"]?.arrayValue?.first { $0["variable"] == .string("status_of_existing_checking_account") }?["status"] == .string("shifted"))
    }

    @Test func trainsAndAppliesARiskModel() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let all = Self.data.appendingPathComponent("german_credit.csv").path
        let train = try GovBrainBinary.run(["model", "train", "risk", "--data", all, "--target", "bad", "--split",
                                            Self.data.appendingPathComponent("split.csv").path, "--out", "risk"], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        let m = try JSONParser.parse(train.stdout)
        #expect((m["testAUC"]?.doubleValue ?? 0) > 0.75)
        #expect((m["testPrecisionAt5Percent"]?.doubleValue ?? 0) > 0.3)  // the base rate is 0.3
        let predict = try GovBrainBinary.run(["model", "predict", "risk", "--model", "risk", "--data", all, "--out", "risk.csv"], in: dir)
        #expect(predict.status == 0, "\(predict.stderr)")
        let lines = try String(contentsOf: dir.appendingPathComponent("risk.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "row,score,level,reason1,reason2,reason3" && lines.count == 1001)
        let levels = Set(lines.dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[2]) })
        #expect(levels == ["red", "orange", "yellow", "green"])
        let missing = try GovBrainBinary.run(["model", "predict", "risk", "--model", "nowhere", "--data", all, "--out", "x.csv"], in: dir)
        #expect(missing.status != 0 && missing.stderr.contains("model train risk"))

        // Reasons a supervisor reads: --columns makes the reason cells sentences, --reasons writes both languages.
        try """
        column,name_zh,name_en,unit,unit_en
        duration_in_month,贷款期限,loan duration,个月,months
        credit_amount,贷款金额,credit amount,马克,DM
        age_in_years,年龄,age,岁,years
        status_of_existing_checking_account,支票账户状态,checking account status,,
        """.write(to: dir.appendingPathComponent("columns.csv"), atomically: true, encoding: .utf8)
        let explained = try GovBrainBinary.run(["model", "predict", "risk", "--model", "risk", "--data", all, "--out", "explained.csv",
                                                "--columns", "columns.csv", "--reasons", "reasons.jsonl"], in: dir)
        #expect(explained.status == 0, "\(explained.stderr)")
        let text = try String(contentsOf: dir.appendingPathComponent("explained.csv"), encoding: .utf8)
        #expect(text.hasPrefix("row,score,level,reason1,reason2,reason3\n") && text.split(separator: "\n").count == 1001)
        #expect(text.contains("贷款期限 ") && text.contains("个月（高于 ") && text.contains("的企业）"))
        let jsonLines = try String(contentsOf: dir.appendingPathComponent("reasons.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(jsonLines.count == 1000)
        let first = try JSONParser.parse(String(jsonLines[0]))
        #expect(first["row"] == .int(0) && first["level"]?.stringValue != nil)
        let reasons = first["reasons"]?.arrayValue ?? []
        #expect(!reasons.isEmpty && reasons.allSatisfy { !($0["text"]?.stringValue ?? "").isEmpty && !($0["textEn"]?.stringValue ?? "").isEmpty && $0["factor"]?.stringValue != nil })
        let joinedLines = jsonLines.joined(separator: "\n")
        #expect(joinedLines.contains("的企业）") && joinedLines.contains("of enterprises)") && joinedLines.contains("该类风险高于最低风险类别"))
        // Without --columns the CSV keeps the column names; the JSON lines name the column, with the value and standing.
        let bare = try GovBrainBinary.run(["model", "predict", "risk", "--model", "risk", "--data", all, "--out", "bare.csv", "--reasons", "bare.jsonl"], in: dir)
        #expect(bare.status == 0, "\(bare.stderr)")
        let bareRow = try String(contentsOf: dir.appendingPathComponent("bare.csv"), encoding: .utf8).split(separator: "\n")[1]
        #expect(!bareRow.contains("企业"))
        let bareFirst = try JSONParser.parse(String(try String(contentsOf: dir.appendingPathComponent("bare.jsonl"), encoding: .utf8).split(separator: "\n")[0]))
        let factor = try #require(bareFirst["reasons"]?.arrayValue?.first?["factor"]?.stringValue)
        #expect(bareFirst["reasons"]?.arrayValue?.first?["text"]?.stringValue?.hasPrefix(factor) == true)
        try "column,name_zh\nage_in_years,年龄\n".write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let bad = try GovBrainBinary.run(["model", "predict", "risk", "--model", "risk", "--data", all, "--out", "x.csv", "--columns", "bad.csv"], in: dir)
        #expect(bad.status != 0 && bad.stderr.contains("name_en"), "\(bad.stderr)")
    }

    @Test func badInputGetsClearErrors() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = try String(contentsOf: Self.data.appendingPathComponent("german_credit.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n").map(String.init)
        // A constant column is left out; the model still trains.
        let withConstant = ([lines[0] + ",region"] + lines.dropFirst().map { $0 + ",450000" }).joined(separator: "\n") + "\n"
        try withConstant.write(to: dir.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        let train = try GovBrainBinary.run(["model", "train", "credit", "--data", "c.csv", "--target", "bad", "--out", "card"], in: dir)
        #expect(train.status == 0 && train.stdout.contains("region") && train.stdout.contains("constant"), "\(train.stderr)")
        let missingTarget = try GovBrainBinary.run(["model", "train", "credit", "--data", "c.csv", "--target", "default_flag", "--out", "x"], in: dir)
        #expect(missingTarget.status != 0 && missingTarget.stderr.contains("default_flag"))
        // The risk model's tree settings and interaction bound are checked before any work.
        let typo = try GovBrainBinary.run(["model", "train", "risk", "--data", "c.csv", "--target", "bad", "--out", "r", "--tree-config", #"{"maxLeafs": 3}"#], in: dir)
        #expect(typo.status != 0 && typo.stderr.contains("maxLeafs") && typo.stderr.contains("maxLeaves"))
        let notJSON = try GovBrainBinary.run(["model", "train", "risk", "--data", "c.csv", "--target", "bad", "--out", "r", "--tree-config", "nope"], in: dir)
        #expect(notJSON.status != 0 && notJSON.stderr.contains("--tree-config"))
        let tooMany = try GovBrainBinary.run(["model", "train", "risk", "--data", "c.csv", "--target", "bad", "--out", "r", "--interactions", "11"], in: dir)
        #expect(tooMany.status != 0 && tooMany.stderr.contains("--interactions"))
        try (lines[0] + "\n").write(to: dir.appendingPathComponent("empty.csv"), atomically: true, encoding: .utf8)
        let empty = try GovBrainBinary.run(["model", "predict", "credit", "--model", "card", "--data", "empty.csv", "--out", "s.csv"], in: dir)
        #expect(empty.status != 0 && empty.stderr.contains("no data rows"))
        // Non-numeric in a numeric column: the row and column are named.
        var cells = lines[1].components(separatedBy: ",")
        cells[1] = "six"  // duration_in_month
        try ([lines[0], cells.joined(separator: ",")].joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("nan.csv"), atomically: true, encoding: .utf8)
        let nan = try GovBrainBinary.run(["model", "predict", "credit", "--model", "card", "--data", "nan.csv", "--out", "s.csv"], in: dir)
        #expect(nan.status != 0 && nan.stderr.contains("row 0") && nan.stderr.contains("duration_in_month"))
        // An unseen category scores as neutral, with a note.
        cells = lines[1].components(separatedBy: ",")
        cells[3] = "space travel"  // purpose
        try ([lines[0], cells.joined(separator: ",")].joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("new.csv"), atomically: true, encoding: .utf8)
        let unseen = try GovBrainBinary.run(["model", "predict", "credit", "--model", "card", "--data", "new.csv", "--out", "s.csv"], in: dir)
        #expect(unseen.status == 0 && unseen.stderr.contains("never had"), "\(unseen.stderr)")
        let missingModel = try GovBrainBinary.run(["model", "predict", "credit", "--model", "nowhere", "--data", "new.csv", "--out", "s.csv"], in: dir)
        #expect(missingModel.status != 0 && missingModel.stderr.contains("train"))
    }
}
