import Foundation
import KGCore
import KGEngine
import KGML

/// `govbrain risk evaluate`: the graph risk model against a rules-only baseline, a plain logistic
/// regression, random ranking and an oracle that ranks by the generator's latent risk (read from
/// its truth file, which no model ever sees), all on the same out-of-time test origin. Alert
/// budgets are 1 % and 5 % of the enterprises scored.
public enum RiskEvaluation {
    /// The generator's latent variables of one enterprise.
    public struct Truth: Sendable {
        public let latentRisk: Double
        public let highRisk: Bool
        /// "hollowing", "wage_crisis", "decoy" or "".
        public let pattern: String
        /// The generator's probability of an adverse record per half-year ("2024H2": 0.03).
        public let periodProbability: [String: Double]
    }

    /// Reads `truth/enterprise_risk.csv` (uscc,latentRisk,highRisk,pattern[,onset]).
    public static func readTruth(_ path: String) throws -> [String: Truth] {
        let table = try TabularCSV.read(path)
        guard let uscc = table.column("uscc"), let risk = table.column("latentRisk"), let high = table.column("highRisk") else {
            throw ModelError(code: .badHeader, "\(path) has no uscc, latentRisk and highRisk columns; give the truth/enterprise_risk.csv that `govbrain datagen` wrote")
        }
        let pattern = table.column("pattern") ?? [String](repeating: "", count: table.rowCount)
        let periods = table.columns.filter { $0.count == 7 && $0.hasPrefix("p") }
        var out: [String: Truth] = [:]
        for r in 0..<table.rowCount {
            guard let p = Double(risk[r]) else { throw ModelError(code: .badValue, "\(path) row \(r): latentRisk is not a number") }
            var byPeriod: [String: Double] = [:]
            for c in periods { if let v = Double(table.column(c)![r]) { byPeriod[String(c.dropFirst())] = v } }
            out[uscc[r]] = Truth(latentRisk: p, highRisk: high[r] == "true", pattern: pattern[r], periodProbability: byPeriod)
        }
        return out
    }

    /// The factors that reveal each planted pattern (for the reason-code hit rate).
    static let patternDrivers: [String: Set<String>] = [
        "hollowing": ["legalRepChanges365", "addressChanges365"],
        "wage_crisis": ["wageComplaints365", "courtCases", "complaints90", "complaints365", "complaintTrend", "complaintsVsIndustry"],
    ]

    /// Evaluates every ranking and returns the report.
    public static func run(records: EnterpriseRecords, truth: [String: Truth], seed: UInt64 = 42) throws -> Report {
        let set = try EnterpriseRiskModel.dataset(records)
        let train = set.split.indices.filter { set.split[$0] == "train" }, test = set.split.indices.filter { set.split[$0] == "test" }
        let y = try ScorecardTrainer.target(set.data, column: EnterpriseRiskModel.target)
        let yTest = test.map { y[$0] }
        // The model as `model train risk --graph` fits it (auto selection on the training rows).
        let (model, _, _) = try RiskModelFit.fit(set.data, target: EnterpriseRiskModel.target, rows: train, options: EnterpriseRiskModel.options())
        let modelScores = try test.map { r in try model.score(row: r) { set.data.column($0)?[r] }.score }
        let plain = try LogisticBaseline.fit(set.data, target: EnterpriseRiskModel.target, rows: train)
        let plainScores = test.map { plain.probability(row: $0, data: set.data) }
        let rules = test.map { rulesScore(row: $0, data: set.data) }
        let truths = set.testEnterprises.map { truth[records[$0].uscc] }
        guard truths.allSatisfy({ $0 != nil }) else {
            throw ModelError(code: .badValue, "the truth file does not cover every enterprise of the database; give the truth/enterprise_risk.csv of the same `govbrain datagen` run (scale and seed)")
        }
        // The oracle knows the generator's probability for the test half-year (its latent risk
        // when the truth file predates per-period probabilities).
        let testPeriod = RiskAlerts.period(startingOn: set.testOrigin)
        let oracle = truths.map { $0!.periodProbability[testPeriod] ?? $0!.latentRisk }
        var rng = SplitMix64(seed: seed)
        let random = test.map { _ in Double(rng.next() >> 11) }
        // Reason-code hit rate of the model on planted enterprises in its top 5 %.
        let k5 = max(1, Int((0.05 * Double(test.count)).rounded()))
        let top5 = test.indices.sorted { modelScores[$0] > modelScores[$1] }.prefix(k5)
        var planted = 0, hits = 0
        for i in top5 {
            guard let drivers = patternDrivers[truths[i]!.pattern] else { continue }
            planted += 1
            let r = test[i]
            let reasons = try model.score(row: r) { set.data.column($0)?[r] }.reasons
            if !drivers.isDisjoint(with: reasons) { hits += 1 }
        }
        func metrics(_ scores: [Double]) -> RankingMetrics {
            func at(_ share: Double) -> RankingMetrics.AtCutoff {
                let k = max(1, Int((share * Double(scores.count)).rounded()))
                let top = scores.indices.sorted { scores[$0] > scores[$1] }.prefix(k)
                let plantedAll = truths.filter { $0!.pattern == "hollowing" || $0!.pattern == "wage_crisis" }.count
                let highAll = truths.filter { $0!.highRisk }.count
                let plantedCaught = top.filter { truths[$0]!.pattern == "hollowing" || truths[$0]!.pattern == "wage_crisis" }.count
                // Expected precision: the mean true probability of the alerted (precision without the
                // noise of which probable events happened to occur).
                let expected = top.reduce(0.0) { $0 + oracle[$1] } / Double(k)
                return .init(precision: RiskModel.precision(at: share, scores: scores, target: yTest), expectedPrecision: expected,
                             recall: RiskModel.recall(at: share, scores: scores, target: yTest),
                             plantedRecall: Double(plantedCaught) / Double(max(1, plantedAll)),
                             highRiskRecall: Double(top.filter { truths[$0]!.highRisk }.count) / Double(max(1, highAll)),
                             decoyShare: Double(top.filter { truths[$0]!.pattern == "decoy" }.count) / Double(k))
            }
            return RankingMetrics(auc: ClassifierMetrics.auc(scores: scores, target: yTest),
                                  averagePrecision: RiskModel.averagePrecision(scores: scores, target: yTest), top1: at(0.01), top5: at(0.05))
        }
        let base = Double(yTest.reduce(0, +)) / Double(max(1, yTest.count))
        return Report(
            trainOrigins: set.trainOrigins.map { SupervisionTable.iso($0) }, testOrigin: SupervisionTable.iso(set.testOrigin),
            horizonMonths: SupervisionFeatures.Purpose.risk.months, trainRows: train.count, testEnterprises: test.count, testBaseRate: base,
            k1Percent: max(1, Int((0.01 * Double(test.count)).rounded())), k5Percent: k5,
            models: .init(graphRiskModel: metrics(modelScores), plainLogistic: metrics(plainScores), rulesBaseline: metrics(rules),
                          oracle: metrics(oracle), random: metrics(random)),
            reasonCodeHitRate: .init(plantedInTop5Percent: planted, hits: hits, rate: planted > 0 ? Double(hits) / Double(planted) : nil))
    }

    /// The rule list a supervisor starts with: court enforcement, abnormal listing or tax arrears
    /// (3 points), a penalty or serious violation (2), three or more complaints in the last year
    /// (1), a legal-representative change in the last year (1); ties broken by complaints.
    static func rulesScore(row r: Int, data: TabularData) -> Double {
        func v(_ c: String) -> Double { Double(data.column(c)?[r] ?? "") ?? 0 }
        var s = 0.0
        if v("courtCases") + v("abnormalListings") + v("taxArrears") > 0 { s += 3 }
        if v("penalties") + v("seriousViolations") > 0 { s += 2 }
        if v("complaints365") >= 3 { s += 1 }
        if v("legalRepChanges365") > 0 { s += 1 }
        return s + min(v("complaints365"), 99) / 100
    }
}
