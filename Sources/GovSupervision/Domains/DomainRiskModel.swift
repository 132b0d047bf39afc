import Foundation
import KGCore
import KGEngine
import KGML

/// The risk-warning model of a supervision domain (`govbrain model train risk --graph --domain
/// ecology|emergency|housing`): the generic risk training of KGML (`RiskModel.train`, the
/// scorecard, trees or blend chosen by cross-validation) on `DomainFeatures`, supervised on
/// observed outcomes (a problem at the site in the next 182 days), validated out of time like the
/// enterprise model: fitted on three past quarterly origins, measured on the latest origin whose
/// half-year is complete, beside plain logistic regression on the same rows.
public enum DomainRiskModel {
    public static let target = "problemNextHalfYear"

    /// The registry name of a domain's model (`ecology-risk` …).
    public static func registryName(_ schema: SupervisionDomainSchema) -> String { "\(schema.id)-risk" }

    public struct Report: Sendable {
        public let version: String
        public let directory: String
        public let promoted: Bool
        public let metrics: JSON
    }

    /// Trains a new version into `models`/<domain>-risk/vN (promoted when it is the first).
    /// - Parameter withOutcomes: add the current period's resolved alerts of the domain as training
    ///   rows (`DomainAlertOutcomes`: confirmed 1, false_alarm 0; features as of now).
    /// - Throws: `ModelError` (InsufficientData) when the graph has too few sites or no events.
    public static func train(graph: KnowledgeGraph, schema: SupervisionDomainSchema, models: String, command: String,
                             algorithm: RiskAlgorithm = .auto, withOutcomes: Bool = false) throws -> Report {
        let records = try DomainSiteRecords(graph: graph, schema: schema)
        guard records.count >= 50 else {
            throw ModelError(code: .insufficientData, "the graph has \(records.count) \(schema.siteLabel) nodes; the \(schema.id) risk model needs at least 50 (import the domain's sites, inspections and problems first)")
        }
        let now = records.now
        let testOrigin = SupervisionCalendar.shift(now, months: -6)
        let trainOrigins = [-18, -15, -12].map { SupervisionCalendar.shift(now, months: $0) }
        var tables: [TabularData] = [], split: [String] = [], events = 0, testRows = 0
        for origin in trainOrigins + [testOrigin] {
            let rows = DomainFeatures.population(records, origin: origin)
            let y = DomainFeatures.outcomes(records, rows: rows, origin: origin, purpose: .risk)
            tables.append(try SupervisionTable.labelled(try DomainFeatures.table(records, rows: rows, origin: origin), target: target, values: y))
            split += [String](repeating: origin == testOrigin ? "test" : "train", count: rows.count)
            events += y.reduce(0, +)
            if origin == testOrigin { testRows = rows.count }
        }
        guard events > 0 else {
            throw ModelError(code: .insufficientData, "no \(schema.problemLabel) falls in the half-years after the training origins; the \(schema.id) risk model needs events")
        }
        let outcomes = withOutcomes ? try DomainAlertOutcomes.read(graph: graph, records: records) : nil
        if let outcomes, !outcomes.rows.isEmpty {
            let rows = outcomes.rows.map(\.site)
            tables.append(try SupervisionTable.labelled(try DomainFeatures.table(records, rows: rows, origin: now), target: target, values: outcomes.rows.map(\.label)))
            split += [String](repeating: "train", count: rows.count)
        }
        let data = try SupervisionTable.stacked(tables)
        let registry = ModelRegistry(models: models, name: registryName(schema))
        let version = registry.nextVersion()
        let directory = registry.directory(version)
        // The enterprise model's settings: the same card bins, alert levels, and no interaction search.
        let (model, trained) = try RiskModel.train(data: data, target: target, split: split, out: directory,
                                                   options: EnterpriseRiskModel.options(algorithm: algorithm), command: command)
        var facts: [(String, JSON)] = [("source", .string("graph")), ("domain", .string(schema.id)), ("department", .string(schema.department)),
                                         ("trainOrigins", .array(trainOrigins.map { .string(SupervisionTable.iso($0)) })),
                                         ("testOrigin", .string(SupervisionTable.iso(testOrigin))), ("horizonMonths", .int(6)),
                                         ("validation", .string("out of time: fitted on the train origins, measured on the test origin's next half-year"))]
        if let outcomes {
            facts.append(("supervisorOutcomes", .object([("period", .string(outcomes.period)), ("rows", .int(Int64(outcomes.rows.count))),
                                                         ("confirmed", .int(Int64(outcomes.confirmed))), ("falseAlarms", .int(Int64(outcomes.falseAlarms))),
                                                         ("skipped", .int(Int64(outcomes.skipped)))])))
        }
        let metrics = try GraphModelCard.writeMetrics(facts, training: trained, directory: directory)
        try GraphModelCard.write(
            name: registryName(schema), directory: directory, artifact: RiskModel.artifact,
            summary: "Risk warning of the \(schema.id) supervision domain (\(schema.nameZh)) on the graph: \(EnterpriseRiskModel.scorer(model.algorithm)) on each \(schema.siteLabel)'s record before the origin — category, key unit, size, age, problems (\(schema.problemLabel)) of the past one and two years and the serious ones, rectifications left overdue, days since the last problem, inspections, its enterprise's market-supervision adverse records\(schema.id == "ecology" ? ", an expired emission permit" : ""). Score 0–100 = probability × 100 of a problem at the site in the next half-year.",
            intendedUse: "Ranking the domain's sites for targeted inspection by the \(schema.department) offices; a ranking for human follow-up, not a sanction.",
            command: command, population: testRows, graphPath: graph.path,
            parameters: [("domain", "\(schema.id) (\(schema.nameZh)); sites \(schema.siteLabel), problems \(schema.problemLabel), inspections \(schema.inspectionLabel)"),
                         ("target", "a \(schema.problemLabel) at the site in the half-year after the origin"),
                         ("algorithm", "\(model.algorithm.rawValue) (asked: \(algorithm.rawValue))"),
                         ("train origins", trainOrigins.map(SupervisionTable.iso).joined(separator: ", ")),
                         ("test origin", SupervisionTable.iso(testOrigin) + " (out of time)")],
            metrics: metrics,
            metricDetail: [("testAUC", "out-of-time test origin"), ("baselineTestAUC", "plain logistic regression, same rows"),
                           ("testAveragePrecision", "out-of-time test origin"), ("testPrecisionAt5Percent", "out-of-time test origin")],
            limitations: ["Supervised on recorded problems, which depend on what the offices inspect: sites never inspected look safer than they are.",
                          "On demo data the generator's planted probabilities (truth/\(schema.id)_risk.csv) are the oracle; real data have none.",
                          "Scores are written to the sites' nodes (riskScore, riskLevel, riskReasons) as of the latest records when the model scores them (training, `govbrain demo build`); they age until it scores again."])
        var promoted = false
        if registry.promoted() == nil { try registry.promote(version, artifact: RiskModel.artifact); promoted = true }
        return Report(version: version, directory: directory, promoted: promoted, metrics: metrics)
    }
}
