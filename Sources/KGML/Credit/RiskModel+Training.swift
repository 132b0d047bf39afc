import Foundation
import KGCore

extension RiskModel {
    /// Trains on `split`'s train rows (all rows without a split) with `RiskModelFit`, evaluates on
    /// its test rows against plain logistic regression fitted on the same rows, and writes
    /// `model.json`, `metrics.json`, `MODEL.md` and `card.json` into `out`.
    /// - Parameter source: the data file the table came from, for the card (rows and digest).
    public static func train(data: TabularData, target: String, split: [String]?, out: String, options: RiskModelFit.Options,
                             source: ModelCard.DataSource? = nil, command: String) throws -> (RiskModel, JSON) {
        guard data.rowCount > 0 else { throw ModelError(code: .insufficientData, "the data has no rows") }
        let y = try ScorecardTrainer.target(data, column: target)
        let trainRows = split.map { s in s.indices.filter { s[$0] == "train" } } ?? Array(0..<data.rowCount)
        let testRows = split.map { s in s.indices.filter { s[$0] == "test" } } ?? []
        let started = Date()
        let (risk, columns, selection) = try RiskModelFit.fit(data, target: target, rows: trainRows, options: options)
        let seconds = Date().timeIntervalSince(started)
        let events = trainRows.reduce(0) { $0 + y[$1] }
        var members: [(String, JSON)] = [("model", .string("risk")), ("target", .string(target)), ("algorithm", .string(risk.algorithm.rawValue)),
                                         ("trainRows", .int(Int64(trainRows.count))), ("trainEvents", .int(Int64(events))),
                                         ("testRows", .int(Int64(testRows.count))), ("factors", .array(risk.factors.map { .string($0) })),
                                         ("interactions", .array((risk.interactions ?? []).map {
                                             .object([("name", .string($0.name)), ("statistic", .double($0.statistic)), ("pValue", .double($0.pValue))])
                                         })),
                                         ("levels", .object([("red", .double(risk.red)), ("orange", .double(risk.orange)), ("yellow", .double(risk.yellow))])),
                                         ("trainSeconds", .double((seconds * 10).rounded() / 10))]
        if let source { members.append(("data", .object([("path", .string(source.path)), ("rows", .int(Int64(source.records))), ("sha256", .string(source.sha256))]))) }
        if let selection {
            members.append(("selection", selection.json))
            if let chosen = selection.candidates.first(where: { $0.name == risk.algorithm.rawValue }) {
                members += [("cvAUCMean", .double(chosen.meanAUC)), ("cvAUCSD", .double(chosen.sdAUC)), ("cvPrecisionAt1Percent", .double(chosen.precisionAt1Percent)),
                            ("cvCalibrationError", .double(chosen.calibrationError)),
                            ("baselineCVAUCMean", .double(selection.baseline.meanAUC)), ("baselineCVPrecisionAt1Percent", .double(selection.baseline.precisionAt1Percent))]
            }
        }
        if !testRows.isEmpty {
            let s = try risk.probabilities(data, rows: testRows).map { $0 * 100 }, t = testRows.map { y[$0] }
            members += [("testAUC", .double(ClassifierMetrics.auc(scores: s, target: t))),
                        ("testAveragePrecision", .double(averagePrecision(scores: s, target: t))),
                        ("testPrecisionAt1Percent", .double(precision(at: 0.01, scores: s, target: t))),
                        ("testPrecisionAt5Percent", .double(precision(at: 0.05, scores: s, target: t))),
                        ("testRecallAt5Percent", .double(recall(at: 0.05, scores: s, target: t))),
                        ("testBrier", .double(ClassifierMetrics.brier(probabilities: s.map { $0 / 100 }, target: t))),
                        ("testCalibrationError", .double(ClassifierMetrics.calibrationError(probabilities: s.map { $0 / 100 }, target: t)))]
            let baseline = try LogisticBaseline.fit(data, target: target, rows: trainRows)
            let b = testRows.map { baseline.probability(row: $0, data: data) }
            members += [("baselineTestAUC", .double(ClassifierMetrics.auc(scores: b, target: t))),
                        ("baselineTestPrecisionAt1Percent", .double(precision(at: 0.01, scores: b, target: t)))]
        }
        members.append(("columns", .array(columns.map { c in
            var m: [(String, JSON)] = [("name", .string(c.name)), ("iv", .double(c.iv)), ("outcome", .string(c.outcome))]
            if risk.trees != nil { m.append(("usedByTrees", .bool(risk.trees?.features.contains { $0.name == c.name } ?? false))) }
            return .object(m)
        })))
        let metrics = JSON.object(members)
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
            throw ModelError(code: .pathNotWritable, "cannot create \(out): \(error.localizedDescription)")
        }
        let path = (out as NSString).appendingPathComponent(artifact)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do { try AtomicFile.write(try encoder.encode(risk), to: path) } catch { throw ModelError(code: .pathNotWritable, "cannot write \(path): \(error.localizedDescription)") }
        try AtomicFile.write(Data((JSONWriter.string(metrics) + "\n").utf8), to: (out as NSString).appendingPathComponent("metrics.json"))
        var card = ModelCard(
            name: "risk", version: (out as NSString).lastPathComponent, summary: summary(risk, levels: options.levels),
            intendedUse: "Ranking entities for supervision attention (`govbrain model predict risk`), with the three factors that add most risk as reasons. A ranking for human follow-up, not a sanction.",
            command: command, data: source.map { [$0] } ?? [],
            parameters: parameters(risk, target: target, options: options, selection: selection, columns: columns),
            metrics: metricList(metrics, split: !testRows.isEmpty),
            limitations: ["Supervised on the labels given; it learns what the target records, not latent risk.",
                          risk.algorithm == .linear ? "The linear model is additive in its inputs; an interaction enters only as the pair's XOR and product of deviations, and a threshold or rare effect only as far as a line through the clipped value can follow it (the card bins, the trees split; `--algorithm auto` compares them). Its reasons are β·z against an average row, not against the lowest-risk value."
                          : risk.algorithm == .blend ? "The blend's reasons add half of the card's β·WoE and half of the trees' exact SHAP values per factor (both log-odds against the population); a reason says which factor pushed this row's risk up most, not that changing it alone would lower the score by as much."
                          : risk.algorithm == .trees ? "The trees' reasons are exact SHAP values of the margin (log-odds); a reason says which factor pushed this row's risk up most, not that changing it alone would lower the score by as much."
                                                   : "The scorecard is additive in its factors: it cannot represent interactions (the trees can; `--algorithm auto` compares them)."])
        card.artifact = try ModelCard.artifactDigest(path)
        try card.write(to: out, markdownFile: "MODEL.md", jsonFile: "card.json")
        return (risk, metrics)
    }

    static func summary(_ risk: RiskModel, levels: LevelShares) -> String {
        let scorer = risk.algorithm == .linear
            ? "a ridge-penalised logistic regression on \(risk.linear?.inputs.count ?? 0) standardized inputs of \(risk.factors.count) factors\(risk.linear?.eliminated == nil ? "" : ", the ones a backward elimination by Wald test kept") (numbers clipped, skewed counts as log(1 + x), categories one-hot, each interaction pair as its XOR at the search's cuts and the product of the two deviations; reasons by β·z against an average row)"
            : risk.algorithm == .blend
            ? "the blend of the WoE scorecard and gradient-boosted trees (the mean of their log-odds; reasons from half of each model's contributions) on \(risk.factors.count) columns"
            : risk.algorithm == .trees
            ? "gradient-boosted trees (histogram-based, leaf-wise, early stopping on a validation fold, Platt-calibrated probabilities; reasons by exact TreeSHAP) on \(risk.factors.count) columns"
            : "WoE logistic regression (the scorecard's binning, selection and IRLS fit) on \(risk.factors.count) factors"
        return "Risk warning on a table: \(scorer); score 0–100 = probability × 100, levels red (top \(percent(levels.red)) % of the training population), orange (next \(percent(levels.orange - levels.red)) %), yellow (next \(percent(levels.yellow - levels.orange)) %), green."
    }

    static func parameters(_ risk: RiskModel, target: String, options o: RiskModelFit.Options, selection: RiskModelFit.Selection?,
                           columns: [ScorecardTrainer.ColumnReport]) -> [(String, String)] {
        var out: [(String, String)] = [("target", target), ("algorithm", "\(risk.algorithm.rawValue) (asked: \(o.algorithm.rawValue))")]
        if let selection {
            out.append(("why", selection.reason))
            let b = selection.baseline
            out.append(("baseline", String(format: "plain logistic regression (log counts, one-hot, ridge): %d-fold CV AUC %.4f, P@1%% %.3f", selection.folds, b.meanAUC, b.precisionAt1Percent)))
            for c in selection.candidates {
                out.append(("CV \(c.name)", String(format: "AUC %.4f ± %.4f, P@1%% %.3f, ECE %.4f (%.1f s)", c.meanAUC, c.sdAUC, c.precisionAt1Percent, c.calibrationError, c.seconds)))
            }
        }
        let pairs = risk.interactions ?? []
        out.append(("interactions", pairs.isEmpty
            ? "none found (\(o.interactions.maxTerms == 0 ? "search off" : "no pair of numeric columns passed the corrected test at \(o.interactions.alpha)"))"
            : pairs.map { p in
                let cut = p.firstCut.flatMap { a in p.secondCut.map { b in String(format: "; strongest 2 × 2 cut at %@ %g and %@ %g", p.first, a, p.second, b) } } ?? ""
                return String(format: "%@ (centred-rank product; score statistic %.1f, p %.1e corrected for every pair and cut%@)", p.name, p.statistic, p.pValue, cut)
            }
                .joined(separator: "; ")))
        out.append(("levels", "red ≥ \(String(format: "%.2f", risk.red)), orange ≥ \(String(format: "%.2f", risk.orange)), yellow ≥ \(String(format: "%.2f", risk.yellow))"))
        let left = columns.filter { $0.outcome != "selected" }
        if !left.isEmpty {
            out.append(("scorecard columns left out", left.map { "\($0.name) (IV \(String(format: "%.3f", $0.iv)): \($0.outcome))" }.joined(separator: "; ")))
        }
        if let l = risk.linear {
            out.append(("linear", String(format: "%d inputs, ridge λ %.1f on standardized inputs; the largest coefficients: ", l.inputs.count, l.l2)
                + l.inputs.sorted { abs($0.coefficient) > abs($1.coefficient) }.prefix(5)
                    .map { String(format: "%@ %.3f", $0.label, $0.coefficient) }.joined(separator: ", ")
                + (l.eliminated.map { e in e.isEmpty ? "; no input left out by backward elimination" : "; left out by backward elimination (Wald |z| < \(ClassifierMetrics.format(o.linearMinimumZ))): " + e.joined(separator: ", ") } ?? "")))
        }
        if let t = risk.trees {
            out.append(("trees", "\(t.trees.count) trees (best validation round), learning rate \(o.trees.learningRate), at most \(o.trees.maxLeaves) leaves, at least \(o.trees.minChildSamples) rows per leaf"))
        }
        return out
    }

    static func metricList(_ m: JSON, split: Bool) -> [ModelCard.Metric] {
        var out: [ModelCard.Metric] = []
        for (key, detail) in [("cvAUCMean", "cross-validated on the training rows (out-of-fold)"), ("cvAUCSD", "sample sd over folds"),
                              ("cvPrecisionAt1Percent", "pooled out-of-fold scores"), ("cvCalibrationError", "pooled out-of-fold, 10 equal-count bins"),
                              ("baselineCVAUCMean", "plain logistic regression, same folds"), ("baselineCVPrecisionAt1Percent", "plain logistic regression, same folds"),
                              ("testAUC", "held-out rows"), ("testAveragePrecision", "held-out rows"), ("testPrecisionAt1Percent", "held-out rows"),
                              ("testPrecisionAt5Percent", "held-out rows"), ("testRecallAt5Percent", "held-out rows"), ("testBrier", "held-out rows"),
                              ("testCalibrationError", "held-out rows, 10 equal-count bins"), ("baselineTestAUC", "plain logistic regression, held-out rows"),
                              ("baselineTestPrecisionAt1Percent", "plain logistic regression, held-out rows")] {
            if let v = m[key]?.doubleValue { out.append(.init(key, v, detail)) }
        }
        return out
    }
}
