import Foundation
import KGCore
import KGEngine
import KGML

/// The enterprise credit model on the graph (`govbrain model train credit --graph`): the
/// scorecard of KGML trained on `SupervisionFeatures` (purpose credit) as of one year before the
/// data's last day, with the serious adverse credit events of that year as the target, measured
/// on a seeded 30 % of enterprises held out and by 5-fold cross-validation; then every enterprise
/// is graded as of now and the grade written to its node (`creditGrade`, `creditPoints`,
/// `creditProbability`, `creditReasons`, `scoredAt`).
public enum EnterpriseCreditModel {
    public static let registryName = "enterprise-credit"
    public static let target = "seriousCreditEvent"

    public struct Report: Sendable {
        public let version: String
        public let directory: String
        public let promoted: Bool
        public let metrics: JSON
        /// Enterprises graded, by grade.
        public let grades: [(grade: String, count: Int)]
    }

    /// The training configuration: bins of at least 1 % of enterprises (events are rare).
    static var configuration: ScorecardTrainer.Configuration {
        var c = ScorecardTrainer.Configuration()
        c.minimumBinShare = 0.01
        return c
    }

    public static func train(graph: KnowledgeGraph, models: String, seed: UInt64 = 42, folds: Int = 5, command: String) throws -> Report {
        let records = try EnterpriseRecords(graph: graph)
        guard records.count >= 50 else {
            throw ModelError(code: .insufficientData, "the graph has \(records.count) enterprises; the credit model needs at least 50 (import enterprises and their records first)")
        }
        let now = records.now, origin = SupervisionCalendar.shift(now, months: -SupervisionFeatures.Purpose.credit.months)
        let rows = SupervisionFeatures.population(records, origin: origin)
        let related = try SupervisionFeatures.relatedRisk(records, origin: origin)
        let features = try SupervisionFeatures.table(records, rows: rows, origin: origin, purpose: .credit, relatedRisk: related.risk)
        let y = SupervisionFeatures.outcomes(records, rows: rows, origin: origin, purpose: .credit)
        guard y.contains(1), y.contains(0) else {
            throw ModelError(code: .insufficientData, "no enterprise (or every one) had a serious adverse credit event in \(SupervisionTable.iso(origin))…\(SupervisionTable.iso(now - 1)); the model needs both")
        }
        let data = try SupervisionTable.labelled(features, target: target, values: y)
        let registry = ModelRegistry(models: models, name: registryName)
        let version = registry.nextVersion()
        let directory = registry.directory(version)
        let outcome = try ScorecardTraining.run(data: data, target: target, split: SupervisionTable.split(count: rows.count, testShare: 0.3, seed: seed),
                                                out: directory, configuration: configuration, folds: folds, seed: seed, command: command)
        let grades = try grade(graph: graph, records: records, card: outcome.card, now: now)
        let facts: [(String, JSON)] = [("source", .string("graph")), ("origin", .string(SupervisionTable.iso(origin))),
                                         ("horizonMonths", .int(Int64(SupervisionFeatures.Purpose.credit.months))),
                                         ("population", .int(Int64(rows.count))), ("baseRate", .double(Double(y.reduce(0, +)) / Double(rows.count))),
                                         ("gradedAt", .string(SupervisionTable.iso(now))),
                                         ("gradedEnterprises", .object(grades.map { ($0.grade, .int(Int64($0.count))) }))]
        let metrics = try GraphModelCard.writeMetrics(facts, training: outcome.metrics, directory: directory)
        try GraphModelCard.write(
            name: registryName, directory: directory, artifact: ScorecardTraining.artifact,
            summary: "Enterprise credit scorecard on the graph: monotonic WoE binning, IV and correlation selection, logistic regression (IRLS, LAPACK), points (600 at 50:1 odds, 20 to double), grades A–D (信用风险低/一般/较高/高) with bad rates rising from A to D, from the enterprise's own records (violations, penalties, tax arrears, abnormal-operation listings, court enforcement, honours, annual-report headcount and tax changes, overdue reports, age, capital, scale, industry, status) and its related parties' risk (personalized PageRank from known-bad enterprises over legal-representative and shareholder links).",
            intendedUse: "A credit grade for every enterprise (written to the graph as creditGrade, creditPoints, creditProbability, creditReasons) for graded supervision and as context for risk alerts. Not a lending decision.",
            command: command, population: rows.count, graphPath: graph.path,
            parameters: [("target", "a serious adverse credit event (court enforcement, tax arrears, abnormal listing, credit penalty, serious violation) in the year after \(SupervisionTable.iso(origin))"),
                         ("split", "30 % of enterprises held out (seed \(seed)), 5-fold cross-validation over all"),
                         ("bins", "≥ 1 % of rows, at most 6 per variable, monotonic; IV ≥ 0.02; |correlation| ≤ 0.7")],
            metrics: metrics,
            metricDetail: [("testAUC", "held-out enterprises"), ("testKS", "held-out enterprises"), ("testGini", "2·AUC − 1"),
                           ("cvAUCMean", "5-fold, refitted per fold"), ("cvAUCSD", "sample sd over folds"), ("baseRate", "share with the event")],
            limitations: ["One year of outcomes after one year of history: rare events make the card coarse.",
                          "Related-party risk reflects the links on record; undisclosed control is invisible."])
        var promoted = false
        if registry.promoted() == nil { try registry.promote(version, artifact: ScorecardTraining.artifact); promoted = true }
        return Report(version: version, directory: directory, promoted: promoted, metrics: metrics, grades: grades)
    }

    /// Grades every enterprise as of `now` and writes the grade to its node, in one transaction.
    @discardableResult
    public static func grade(graph: KnowledgeGraph, records: EnterpriseRecords, card: Scorecard, now: Int) throws -> [(grade: String, count: Int)] {
        let all = Array(records.enterprises.indices)
        let related = try SupervisionFeatures.relatedRisk(records, origin: now)
        let table = try SupervisionFeatures.table(records, rows: all, origin: now, purpose: .credit, relatedRisk: related.risk)
        let stamp = Value.dateTime(CypherDateTime(epochSeconds: Int64(Date().timeIntervalSince1970)))
        var counts: [String: Int] = [:]
        var updates: [(Int64, [String: Value])] = []
        for (r, e) in all.enumerated() {
            let s = try card.score(row: r) { table.column($0)?[r] }
            counts[s.grade, default: 0] += 1
            updates.append((records[e].nodeID, ["creditGrade": .string(s.grade), "creditPoints": .int(Int64(s.points)),
                                                "creditProbability": .double(s.probability), "creditReasons": .list(s.reasons.map { .string($0) }),
                                                "scoredAt": stamp]))
        }
        try SupervisionWriter.merge(graph: graph, updates)
        return counts.keys.sorted().map { ($0, counts[$0]!) }
    }

    /// The promoted graph credit model, or a clear error.
    public static func load(models: String) throws -> (version: String, card: Scorecard) {
        let (version, path) = try ModelRegistry(models: models, name: registryName).promotedArtifact(
            ScorecardTraining.artifact, missing: "no enterprise credit model in \(models); train one with `govbrain model train credit --graph --db PATH`")
        return (version, try Scorecard.read(from: path))
    }
}
