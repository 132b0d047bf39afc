import Foundation
import KGCore
import KGEngine
import KGML

/// The credit evaluation of a supervision domain (`govbrain model train credit --graph --domain
/// ecology|emergency|housing`): the KGML scorecard (`ScorecardTraining`, plain logistic regression
/// and gradient-boosted trees beside it) on `DomainFeatures` as of one year before the data's last
/// day, with the domain's own target — a serious problem (严重超标, 重大隐患, 重大质量安全问题) or a
/// problem left unrectified past its deadline in that year — measured on a seeded 30 % of sites
/// held out and by 5-fold cross-validation.
public enum DomainCreditModel {
    public static let target = "seriousOrOverdueProblem"

    /// The registry name of a domain's model (`ecology-credit` …).
    public static func registryName(_ schema: SupervisionDomainSchema) -> String { "\(schema.id)-credit" }

    public struct Report: Sendable {
        public let version: String
        public let directory: String
        public let promoted: Bool
        public let metrics: JSON
    }

    /// Trains a new version into `models`/<domain>-credit/vN (promoted when it is the first).
    /// - Throws: `ModelError` (InsufficientData) when the graph has too few sites or no event (or only events).
    public static func train(graph: KnowledgeGraph, schema: SupervisionDomainSchema, models: String, seed: UInt64 = 42, folds: Int = 5,
                             command: String) throws -> Report {
        let records = try DomainSiteRecords(graph: graph, schema: schema)
        guard records.count >= 50 else {
            throw ModelError(code: .insufficientData, "the graph has \(records.count) \(schema.siteLabel) nodes; the \(schema.id) credit model needs at least 50 (import the domain's sites, inspections and problems first)")
        }
        let origin = SupervisionCalendar.shift(records.now, months: -12)
        let rows = DomainFeatures.population(records, origin: origin)
        let y = DomainFeatures.outcomes(records, rows: rows, origin: origin, purpose: .credit)
        guard y.contains(1), y.contains(0) else {
            throw ModelError(code: .insufficientData, "no \(schema.siteLabel) (or every one) had a serious or overdue problem in the year after \(SupervisionTable.iso(origin)); the model needs both")
        }
        let data = try SupervisionTable.labelled(try DomainFeatures.table(records, rows: rows, origin: origin), target: target, values: y)
        let registry = ModelRegistry(models: models, name: registryName(schema))
        let version = registry.nextVersion()
        let directory = registry.directory(version)
        let outcome = try ScorecardTraining.run(data: data, target: target, split: SupervisionTable.split(count: rows.count, testShare: 0.3, seed: seed),
                                                out: directory, configuration: EnterpriseCreditModel.configuration, folds: folds, seed: seed, command: command)
        let facts: [(String, JSON)] = [("source", .string("graph")), ("domain", .string(schema.id)), ("department", .string(schema.department)),
                                         ("origin", .string(SupervisionTable.iso(origin))), ("horizonMonths", .int(12)),
                                         ("population", .int(Int64(rows.count))), ("baseRate", .double(Double(y.reduce(0, +)) / Double(rows.count)))]
        let metrics = try GraphModelCard.writeMetrics(facts, training: outcome.metrics, directory: directory)
        try GraphModelCard.write(
            name: registryName(schema), directory: directory, artifact: ScorecardTraining.artifact,
            summary: "Credit scorecard of the \(schema.id) supervision domain (\(schema.nameZh)) on the graph: monotonic WoE binning, IV and correlation selection, logistic regression, points and grades A–D, from each \(schema.siteLabel)'s record before the origin (category, key unit, size, age, problems and serious problems, overdue rectifications, inspections, its enterprise's adverse market records\(schema.id == "ecology" ? ", an expired permit" : "")).",
            intendedUse: "A credit grade of the domain's sites for graded supervision (分级分类监管) by the \(schema.department) offices. Not a sanction.",
            command: command, population: rows.count, graphPath: graph.path,
            parameters: [("domain", "\(schema.id) (\(schema.nameZh)); sites \(schema.siteLabel), problems \(schema.problemLabel)"),
                         ("target", "a serious \(schema.problemLabel) (severity \(schema.seriousSeverity)) or one left unrectified past its deadline in the year after \(SupervisionTable.iso(origin))"),
                         ("split", "30 % of sites held out (seed \(seed)), \(folds)-fold cross-validation over all")],
            metrics: metrics,
            metricDetail: [("testAUC", "held-out sites"), ("testKS", "held-out sites"), ("cvAUCMean", "\(folds)-fold, refitted per fold"),
                           ("baseRate", "share with the event")],
            limitations: ["One year of outcomes after the history on record: rare serious problems make the card coarse.",
                          "Grades are written to the sites' nodes (creditGrade, creditPoints) as of the latest records when the card grades them (training, `govbrain demo build`); they age until it grades again."])
        var promoted = false
        if registry.promoted() == nil { try registry.promote(version, artifact: ScorecardTraining.artifact); promoted = true }
        return Report(version: version, directory: directory, promoted: promoted, metrics: metrics)
    }
}
