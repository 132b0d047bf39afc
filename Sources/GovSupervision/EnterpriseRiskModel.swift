import Foundation
import KGCore
import KGEngine
import KGML

/// The enterprise risk-warning model on the graph (`govbrain model train risk --graph`): the
/// WoE scorecard, gradient-boosted trees or their blend, whichever cross-validation on the
/// training rows prefers (`RiskModelFit`, `--algorithm auto`), on `SupervisionFeatures` (purpose risk), supervised on
/// observed outcomes (an adverse supervision record in the next 182 days), never on the
/// generator's latent truth. Validation is out of time, as a supervisor would use it: the model
/// is fitted on two past origins (features as of each, outcomes in the half-year after) and
/// measured on the latest origin whose half-year is complete, which it never saw.
public enum EnterpriseRiskModel {
    public static let registryName = "enterprise-risk"
    public static let target = "adverseEvent"

    /// Stacked training origins and the out-of-time test origin.
    public struct Dataset: Sendable {
        public let data: TabularData
        /// "train" or "test" per row of `data`.
        public let split: [String]
        /// Enterprise index of each test row, in order.
        public let testEnterprises: [Int]
        public let trainOrigins: [Int]
        public let testOrigin: Int
        /// Day after the last record: scores "now" are as of it.
        public let now: Int
        /// Supervisors' outcomes added as training rows (empty without `--with-outcomes`).
        public var outcomes = AlertOutcomes.none
    }

    /// What handling found for the current period's alerts, as training labels: `confirmed` is
    /// an adverse event (1), `false_alarm` none (0); `no_action` and unstated outcomes say nothing
    /// about the risk and are left out. Rows are the enterprises' features as of now (when the
    /// alerts were raised).
    public struct AlertOutcomes: Sendable {
        public let period: String
        /// Enterprise index and label, one per usable alert.
        public let rows: [(enterprise: Int, label: Int)]
        /// Resolved alerts of other periods, or of enterprises no longer in the graph, not used.
        public let skipped: Int
        public static let none = AlertOutcomes(period: "", rows: [], skipped: 0)

        public var confirmed: Int { rows.filter { $0.label == 1 }.count }
        public var falseAlarms: Int { rows.filter { $0.label == 0 }.count }

        /// The usable outcomes in `graph` for the period of `records.now`.
        public static func read(graph: KnowledgeGraph, records: EnterpriseRecords) throws -> AlertOutcomes {
            let period = RiskAlerts.period(startingOn: records.now)
            var rows: [(Int, Int)] = [], skipped = 0
            try graph.forEachNode(label: "RiskAlert") { _, p in
                let a = RiskAlertBook.alert(p, names: [:])
                // A site's alert (another domain's model) says nothing about its enterprise's market risk.
                guard a.domain == "market", a.status == "resolved", let outcome = a.outcome, outcome == "confirmed" || outcome == "false_alarm" else { return }
                guard a.period == period, let e = records.byUSCC[a.uscc] else { skipped += 1; return }
                rows.append((e, outcome == "confirmed" ? 1 : 0))
            }
            return AlertOutcomes(period: period, rows: rows.sorted { $0.0 < $1.0 }, skipped: skipped)
        }
    }

    public static func dataset(_ records: EnterpriseRecords, outcomes: AlertOutcomes = .none) throws -> Dataset {
        let now = records.now, months = SupervisionFeatures.Purpose.risk.months
        let testOrigin = SupervisionCalendar.shift(now, months: -months)
        // Quarterly origins whose half-year ends by the test origin (overlapping windows: more rows).
        let trainOrigins = [-18, -15, -12].map { SupervisionCalendar.shift(now, months: $0) }
        var tables: [TabularData] = [], split: [String] = [], testEnterprises: [Int] = []
        for origin in trainOrigins + [testOrigin] {
            let rows = SupervisionFeatures.population(records, origin: origin).filter { records[$0].status != "注销" }
            let related = try SupervisionFeatures.relatedRisk(records, origin: origin)
            let features = try SupervisionFeatures.table(records, rows: rows, origin: origin, purpose: .risk, relatedRisk: related.risk)
            let y = SupervisionFeatures.outcomes(records, rows: rows, origin: origin, purpose: .risk)
            tables.append(try SupervisionTable.labelled(features, target: target, values: y))
            let role = origin == testOrigin ? "test" : "train"
            split += [String](repeating: role, count: rows.count)
            if origin == testOrigin { testEnterprises = rows }
        }
        if !outcomes.rows.isEmpty {
            let rows = outcomes.rows.map(\.enterprise)
            let related = try SupervisionFeatures.relatedRisk(records, origin: now)
            let features = try SupervisionFeatures.table(records, rows: rows, origin: now, purpose: .risk, relatedRisk: related.risk)
            tables.append(try SupervisionTable.labelled(features, target: target, values: outcomes.rows.map(\.label)))
            split += [String](repeating: "train", count: rows.count)
        }
        var set = Dataset(data: try SupervisionTable.stacked(tables), split: split, testEnterprises: testEnterprises,
                          trainOrigins: trainOrigins, testOrigin: testOrigin, now: now)
        set.outcomes = outcomes
        return set
    }

    /// Bins of at least 0.1 % of rows and variables with IV ≥ 0.005: the training rows number tens
    /// of thousands and rare signals (a hollowing-out signature) matter a lot for the few they concern.
    static var configuration: ScorecardTrainer.Configuration {
        var c = ScorecardTrainer.Configuration()
        c.minimumBinShare = 0.001
        c.maximumBins = 10
        c.minimumIV = 0.005
        return c
    }

    /// The fit: `algorithm` (auto: the card, the trees or their blend by cross-validated ranking,
    /// the card unless another ranks better by more than 0.001 in AUC without losing average
    /// precision) with the card's `configuration` and the alert `levelShares`. The pairwise
    /// interaction search is off: the features already carry the one interaction supervisors look
    /// for (the hollowing-out signature), and every reason stays one feature a supervisor can read.
    public static func options(algorithm: RiskAlgorithm = .auto) -> RiskModelFit.Options {
        var o = RiskModelFit.Options()
        o.algorithm = algorithm
        o.scorecard = configuration
        o.levels = levelShares
        o.interactions.maxTerms = 0
        return o
    }

    /// Alert levels: red for the top 1 % of the training rows' scores, orange the next 2 %, yellow the next 5 %.
    public static let levelShares = RiskModel.LevelShares(red: 0.01, orange: 0.03, yellow: 0.08)

    public struct Report: Sendable {
        public let version: String
        public let directory: String
        public let promoted: Bool
        public let metrics: JSON
        public let scoring: RiskAlerts.Outcome
    }

    /// Trains a new version into `models`/enterprise-risk/vN (promoted when it is the first), then
    /// scores every enterprise as of now and raises alerts.
    /// With `withOutcomes`, the current period's resolved alerts (confirmed: 1, false alarm: 0)
    /// join the training rows, so what supervisors found teaches the next version.
    /// - Parameter algorithm: auto (default) chooses by cross-validation; scorecard, trees or blend force one.
    public static func train(graph: KnowledgeGraph, models: String, command: String, withOutcomes: Bool = false,
                             algorithm: RiskAlgorithm = .auto) throws -> Report {
        let records = try EnterpriseRecords(graph: graph)
        guard records.count >= 50 else {
            throw ModelError(code: .insufficientData, "the graph has \(records.count) enterprises; the risk model needs at least 50 (import enterprises and their records first)")
        }
        var outcomes = AlertOutcomes.none
        if withOutcomes {
            outcomes = try AlertOutcomes.read(graph: graph, records: records)
            guard !outcomes.rows.isEmpty else {
                throw ModelError(code: .insufficientData, "--with-outcomes: no alert of \(outcomes.period) is resolved as confirmed or false_alarm yet; resolve alerts with an outcome first (govbrain risk resolve ID --outcome confirmed|false_alarm)")
            }
        }
        let set = try dataset(records, outcomes: outcomes)
        let registry = ModelRegistry(models: models, name: registryName)
        let version = registry.nextVersion()
        let directory = registry.directory(version)
        let (model, trained) = try RiskModel.train(data: set.data, target: target, split: set.split, out: directory,
                                                      options: options(algorithm: algorithm), command: command)
        let selection = trained["selection"]
        let why = selection?["reason"]?.stringValue ?? "--algorithm \(algorithm.rawValue)"
        let candidates = (selection?["candidates"]?.arrayValue ?? []).compactMap { c -> String? in
            guard let name = c["name"]?.stringValue, let auc = c["cvAUCMean"]?.doubleValue else { return nil }
            return String(format: "%@ %.4f", name, auc)
        }
        let facts: [(String, JSON)] = [("source", .string("graph")), ("trainOrigins", .array(set.trainOrigins.map { .string(SupervisionTable.iso($0)) })),
                                         ("testOrigin", .string(SupervisionTable.iso(set.testOrigin))),
                                         ("horizonMonths", .int(Int64(SupervisionFeatures.Purpose.risk.months))),
                                         ("validation", .string("out of time: fitted on the train origins, measured on the test origin's next half-year")),
                                         ("supervisorOutcomes", .object([("period", .string(set.outcomes.period)), ("rows", .int(Int64(set.outcomes.rows.count))),
                                                                         ("confirmed", .int(Int64(set.outcomes.confirmed))), ("falseAlarms", .int(Int64(set.outcomes.falseAlarms))),
                                                                         ("skipped", .int(Int64(set.outcomes.skipped)))]))]
        let metrics = try GraphModelCard.writeMetrics(facts, training: trained, directory: directory)
        try GraphModelCard.write(
            name: registryName, directory: directory, artifact: RiskModel.artifact,
            summary: "Enterprise risk warning on the graph: \(scorer(model.algorithm)), chosen as `--algorithm \(algorithm.rawValue)` (\(algorithm == .auto ? "cross-validated ranking on the training rows against the scorecard, the trees and their blend" : "forced")), on hotline complaints and their trend, wage-arrears complaints, inspections, violations, penalties, credit records, annual-report headcount and tax changes, changes of legal representative, address and shareholders, and related-party risk (personalized PageRank from known-bad enterprises). Score 0–100 = probability × 100 of an adverse supervision record in the next half-year; levels red (top 1 %), orange (next 2 %), yellow (next 5 %) of the training rows.",
            intendedUse: "Ranking enterprises for supervision attention and risk-weighted random inspection, with the three factors that add most risk (and the path to a risky related party) as reasons. A ranking for human follow-up, not a sanction; alerts go through acknowledgement and resolution by a supervisor.",
            command: command, population: set.testEnterprises.count, graphPath: graph.path,
            parameters: [("target", "an adverse supervision record (violation, penalty, negative credit record) in the half-year after the origin"),
                         ("algorithm", "\(model.algorithm.rawValue) (asked: \(algorithm.rawValue))"),
                         ("why", why),
                         ("CV AUC of the candidates", candidates.isEmpty ? "not cross-validated" : candidates.joined(separator: "; ")),
                         ("supervisor outcomes", set.outcomes.rows.isEmpty ? "none (train with --with-outcomes to add resolved alerts)"
                            : "\(set.outcomes.rows.count) resolved alerts of \(set.outcomes.period) as training rows at the current origin: \(set.outcomes.confirmed) confirmed (1), \(set.outcomes.falseAlarms) false alarms (0); no_action left out"),
                         ("train origins", set.trainOrigins.map(SupervisionTable.iso).joined(separator: ", ")),
                         ("test origin", SupervisionTable.iso(set.testOrigin) + " (out of time)"),
                         ("bins", "≥ 0.1 % of rows, at most 10 per variable, monotonic; IV ≥ 0.005; |correlation| ≤ 0.7"),
                         ("levels", "red ≥ \(String(format: "%.2f", model.red)), orange ≥ \(String(format: "%.2f", model.orange)), yellow ≥ \(String(format: "%.2f", model.yellow))")],
            metrics: metrics,
            metricDetail: [("testAUC", "out-of-time test origin"), ("testAveragePrecision", "out-of-time test origin"),
                           ("testPrecisionAt1Percent", "out-of-time test origin"), ("testPrecisionAt5Percent", "out-of-time test origin"),
                           ("testRecallAt5Percent", "out-of-time test origin")],
            limitations: ["Supervised on observed outcomes, which depend on what supervisors inspect and record; enterprises never inspected look safer than they are.",
                          model.algorithm == .scorecard ? "Additive in its factors except the hollowing-out signature (legal representative and address changed within a year)."
                            : "The trees' reasons are exact SHAP values of the log-odds (the blend's add half of the card's β·WoE): a reason says which factor pushed this enterprise's risk up most, not that changing it alone would lower the score by as much.",
                          "`govbrain risk evaluate` compares it with a rules baseline, plain logistic regression and the generator's true probabilities on demo data; real data have no such oracle."])
        var promoted = false
        if registry.promoted() == nil { try registry.promote(version, artifact: RiskModel.artifact); promoted = true }
        let scoring = try RiskAlerts.scoreAndRaise(graph: graph, records: records, model: model, now: set.now, modelVersion: version)
        return Report(version: version, directory: directory, promoted: promoted, metrics: metrics, scoring: scoring)
    }

    /// The scorer in words, for the card's summary.
    static func scorer(_ algorithm: RiskAlgorithm) -> String {
        switch algorithm {
        case .trees: return "gradient-boosted trees (histogram-based, early stopping, Platt-calibrated; reasons by exact TreeSHAP)"
        case .blend: return "the blend of the WoE scorecard and gradient-boosted trees (the mean of their log-odds; reasons from half of each model's contributions)"
        case .linear: return "a ridge-penalised logistic regression on the columns and the interaction pairs' XOR and product of deviations (reasons by β·z against an average row)"
        default: return "the explainable WoE logistic model (monotonic binning, IV and correlation selection, IRLS)"
        }
    }

    /// The promoted graph risk model, or a clear error.
    public static func load(models: String) throws -> (version: String, model: RiskModel) {
        let (version, path) = try ModelRegistry(models: models, name: registryName).promotedArtifact(
            RiskModel.artifact, missing: "no enterprise risk model in \(models); train one with `govbrain model train risk --graph --db PATH`")
        return (version, try RiskModel.read(from: path))
    }
}
