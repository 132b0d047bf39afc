import Foundation
import KGCore

/// `govbrain model train credit`: fits the scorecard on the train rows, measures it on the test
/// rows (AUC, KS, Gini, PSI of scores) and by 5-fold stratified cross-validation over all rows
/// (refitting binning and selection in every fold), and writes `model.json`, `scorecard.csv`,
/// `MODEL.md` and `metrics.json`.
public enum ScorecardTraining {
    public static let artifact = "model.json"

    public struct Outcome: Sendable {
        public let card: Scorecard
        public let columns: [ScorecardTrainer.ColumnReport]
        public let metrics: JSON
        public let directory: String
    }

    /// - Parameters:
    ///   - split: per data row, "train" or "test" (nil: every row trains).
    ///   - challenger: also cross-validate (and test) gradient-boosted trees, shown beside the card
    ///     (the card stays the model: credit rules ask for a transparent one).
    public static func run(data: TabularData, target: String, split: [String]?, out: String, configuration: ScorecardTrainer.Configuration = .init(),
                           folds: Int = 5, seed: UInt64 = 42, challenger: Bool = true, command: String) throws -> Outcome {
        guard data.rowCount > 0 else { throw ModelError(code: .insufficientData, "the data has no rows") }
        let y = try ScorecardTrainer.target(data, column: target)
        var trainRows = Array(0..<data.rowCount), testRows: [Int] = []
        if let split {
            trainRows = split.indices.filter { split[$0] == "train" }
            testRows = split.indices.filter { split[$0] == "test" }
        }
        let (card, columns) = try ScorecardTrainer.fit(data, target: target, rows: trainRows, configuration: configuration)
        func scores(_ model: Scorecard, _ rows: [Int]) throws -> [Scorecard.Score] {
            try rows.map { r in try model.score(row: r) { name in data.column(name)?[r] } }
        }
        let trainScores = try scores(card, trainRows)
        var members: [(String, JSON)] = [("model", .string("credit")), ("target", .string(target)), ("trainRows", .int(Int64(trainRows.count))),
                                         ("testRows", .int(Int64(testRows.count))), ("variables", .int(Int64(card.variables.count)))]
        members.append(("trainAUC", .double(ClassifierMetrics.auc(scores: trainScores.map(\.probability), target: trainRows.map { y[$0] }))))
        if !testRows.isEmpty {
            let s = try scores(card, testRows).map(\.probability), t = testRows.map { y[$0] }
            let auc = ClassifierMetrics.auc(scores: s, target: t)
            members += [("testAUC", .double(auc)), ("testKS", .double(ClassifierMetrics.ks(scores: s, target: t))), ("testGini", .double(2 * auc - 1)),
                        ("scorePSI", .double(ClassifierMetrics.psi(reference: trainScores.map { Double($0.points) },
                                                                   current: try scores(card, testRows).map { Double($0.points) })))]
        }
        // Stratified k-fold over every row, everything refitted per fold.
        if folds >= 2 {
            let all = Array(0..<data.rowCount)
            let card = try CrossValidatedScores.run(name: "scorecard", rows: all, target: y, folds: folds, seed: seed) { fitRows in
                let (model, _) = try ScorecardTrainer.fit(data, target: target, rows: fitRows, configuration: configuration)
                return { rows in try scores(model, rows).map(\.probability) }
            }
            members += [("cvFolds", .int(Int64(folds))), ("cvAUCMean", .double(card.meanAUC)), ("cvAUCSD", .double(card.sdAUC)),
                        ("cvAUCs", .array(card.foldAUCs.map { .double($0) }))]
            let baseline = try CrossValidatedScores.run(name: "logistic regression", rows: all, target: y, folds: folds, seed: seed) { fitRows in
                let m = try LogisticBaseline.fit(data, target: target, rows: fitRows)
                return { $0.map { m.probability(row: $0, data: data) } }
            }
            var b: [(String, JSON)] = [("name", .string("plain logistic regression (log counts, one-hot, ridge)")), ("cvAUCMean", .double(baseline.meanAUC)),
                                       ("cvAUCSD", .double(baseline.sdAUC))]
            if !testRows.isEmpty {
                let m = try LogisticBaseline.fit(data, target: target, rows: trainRows)
                b.append(("testAUC", .double(ClassifierMetrics.auc(scores: testRows.map { m.probability(row: $0, data: data) }, target: testRows.map { y[$0] }))))
            }
            members.append(("baseline", .object(b)))
            if challenger {
                let features = RiskModelFit.treeFeatures(data, target: target, rows: trainRows)
                let trees = try CrossValidatedScores.run(name: "trees", rows: all, target: y, folds: folds, seed: seed) { fitRows in
                    let m = try GradientBoostingTrainer.fit(data, rows: fitRows, target: y, features: features, configuration: RiskModelFit.riskTrees(rows: fitRows.count))
                    return { try m.probabilities(data, rows: $0) }
                }
                var c: [(String, JSON)] = [("name", .string("gradient-boosted trees (challenger, not served)")), ("cvAUCMean", .double(trees.meanAUC)),
                                           ("cvAUCSD", .double(trees.sdAUC))]
                if !testRows.isEmpty {
                    let m = try GradientBoostingTrainer.fit(data, rows: trainRows, target: y, features: features, configuration: RiskModelFit.riskTrees(rows: trainRows.count))
                    c.append(("testAUC", .double(ClassifierMetrics.auc(scores: try m.probabilities(data, rows: testRows), target: testRows.map { y[$0] }))))
                }
                members.append(("challenger", .object(c)))
            }
        }
        members.append(("grades", .array(card.grades.map { .object([("grade", .string($0.name)), ("label", .string($0.label)),
                                                                     ("minimumPoints", $0.minimumPoints == Int.min ? .null : .int(Int64($0.minimumPoints))),
                                                                     ("trainBadRate", .double($0.badRate))]) })))
        members.append(("columns", .array(columns.map { .object([("name", .string($0.name)), ("kind", .string($0.kind)), ("iv", .double($0.iv)),
                                                                 ("outcome", .string($0.outcome))]) })))
        let metrics = JSON.object(members)
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
            throw ModelError(code: .pathNotWritable, "cannot create \(out): \(error.localizedDescription)")
        }
        func path(_ f: String) -> String { (out as NSString).appendingPathComponent(f) }
        try card.write(to: path(artifact))
        var csv = "variable,bin,count,bad_rate,woe,points\n"
        for row in card.table {
            func q(_ s: String) -> String { CSVWriter.field(s) }
            csv += "\(q(row.variable)),\(q(row.bin)),\(row.count),\(row.badRate.isNaN ? "" : String(format: "%.4f", row.badRate)),\(row.woe.isNaN ? "" : String(format: "%.4f", row.woe)),\(row.points)\n"
        }
        try AtomicFile.write(Data(csv.utf8), to: path("scorecard.csv"))
        try AtomicFile.write(Data((JSONWriter.string(metrics) + "\n").utf8), to: path("metrics.json"))
        var modelCard = ModelCard(
            name: "credit", version: (out as NSString).lastPathComponent,
            summary: "A credit scorecard: monotonic WoE binning per variable, selection by information value and correlation, logistic regression on the WoE values (IRLS, LAPACK dposv), points scaled to \(Int(configuration.baseScore)) at odds \(Int(configuration.baseOdds)):1 and \(Int(configuration.pointsToDouble)) points to double the odds; grades A–D with bad rates rising from A to D; reason codes = the 3 variables that cost most points.",
            intendedUse: "Ranking applicants or enterprises by credit risk with an explainable card (`govbrain model predict credit`). Decisions about people need a human review and the applicable law; the card is a support, not a verdict.",
            command: command,
            parameters: [("target", target), ("bins", "≥ \(Int(configuration.minimumBinShare * 100)) % of rows each, at most \(configuration.maximumBins) per variable, monotonic bad rate for numeric variables"),
                         ("selection", "IV ≥ \(configuration.minimumIV), |correlation of WoE| ≤ \(configuration.maximumCorrelation), positive coefficient"),
                         ("L2", "\(configuration.l2)")],
            metrics: metricList(metrics),
            limitations: ["Binning and selection are refitted on every cross-validation fold; the card shown is the one fitted on the train rows.",
                          "Values never seen in training (new categories, missing values where training had none) score as neutral (WoE 0) and are reported.",
                          "Logistic regression on binned variables cannot represent interactions between variables."])
        modelCard.artifact = try ModelCard.artifactDigest(path(artifact))
        try modelCard.write(to: out, markdownFile: "MODEL.md", jsonFile: "card.json")
        return Outcome(card: card, columns: columns, metrics: metrics, directory: out)
    }

    static func metricList(_ m: JSON) -> [ModelCard.Metric] {
        var out: [ModelCard.Metric] = []
        for (key, detail) in [("testAUC", "held-out rows"), ("testKS", "held-out rows"), ("testGini", "2·AUC − 1"), ("cvAUCMean", "stratified 5-fold over all rows, refitted per fold"),
                              ("cvAUCSD", "sample sd over folds"), ("scorePSI", "points, test against train"), ("trainAUC", "train rows")] {
            if let v = m[key]?.doubleValue { out.append(.init(key, v, detail)) }
        }
        for (group, label) in [("baseline", "plain logistic regression (the baseline)"), ("challenger", "gradient-boosted trees (challenger, not served)")] {
            for (key, detail) in [("cvAUCMean", "same folds"), ("testAUC", "held-out rows")] {
                if let v = m[group]?[key]?.doubleValue { out.append(.init("\(group) \(key)", v, "\(label), \(detail)")) }
            }
        }
        return out
    }
}
