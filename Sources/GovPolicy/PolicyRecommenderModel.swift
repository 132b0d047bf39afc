import Foundation
import KGCore
import GovSupervision
import KGEngine
import KGML

/// The versioned policy recommender (`Models/policy-recommender/vN`): the blend weights, learned
/// and measured by the temporal hold-out of `PolicyRecommendationEvaluation`, then refitted the
/// same way one half-year later (history before now − 6 months, truth in the last half-year) so
/// that the served weights reflect the most recent uptake.
public enum PolicyRecommenderModel {
    public static let registryName = "policy-recommender"
    public static let artifact = "model.json"

    public struct Report: Sendable {
        public let version: String
        public let directory: String
        public let promoted: Bool
        public let metrics: JSON
        public let table: [PolicyRecommendationEvaluation.Metrics]
    }

    /// Evaluates, refits on the latest half-year and writes a new version (promoted when it is the first).
    public static func train(graph: KnowledgeGraph, models: String, command: String, peers: [(name: String, path: String)] = []) throws -> Report {
        let context = try PolicyRecommendationContext(graph: graph)
        let evaluation = try PolicyRecommendationEvaluation(context: context)
        let table = try evaluation.table(peers: peers)
        let (rows, labels) = evaluation.test.trainingRows()
        let served = try PolicyBlend.fit(features: PolicyFeature.allCases, rows: rows, labels: labels)
        let registry = ModelRegistry(models: models, name: registryName)
        let version = registry.nextVersion()
        let directory = registry.directory(version)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let model = JSON.object([("format", .int(1)), ("blend", served.json), ("fittedOn", .string(PolicyRecommender.iso(evaluation.test.cut)))])
        try AtomicFile.write(Data((JSONWriter.string(model) + "\n").utf8), to: (directory as NSString).appendingPathComponent(artifact))
        let byName = Dictionary(table.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var members: [(String, JSON)] = [
            ("validationCut", .string(PolicyRecommender.iso(evaluation.validation.cut))), ("testCut", .string(PolicyRecommender.iso(evaluation.test.cut))),
            ("now", .string(PolicyRecommender.iso(evaluation.test.end))), ("testUsers", .int(Int64(evaluation.test.truth.count))),
            ("reachableRecall", .double(evaluation.reachable)), ("openPolicies", .int(Int64(evaluation.test.openPolicies))), ("validationBlend", evaluation.blend.json), ("servedBlend", served.json),
            ("table", .array(try table.map { try JSONValueEncoder().encode($0) })),
        ]
        if let b = byName["blend"], let p = byName["popularity"] {
            members += [("testRecallAt10", .double(b.recall)), ("testNDCGAt10", .double(b.ndcg)), ("testCoverage", .double(b.coverage)),
                        ("ndcgVsPopularity", .double(b.ndcg / max(p.ndcg, 1e-12)))]
        }
        let metrics = JSON.object(members)
        try AtomicFile.write(Data((JSONWriter.string(metrics) + "\n").utf8), to: (directory as NSString).appendingPathComponent("metrics.json"))
        try GraphModelCard.write(
            name: registryName, directory: directory, artifact: artifact,
            summary: "Policy recommendation for enterprises: eligibility by the policies' structured rules first, then the eligible policies the enterprise has not applied for ranked by a learned blend of content match (BM25 of industry and business scope against the policy text), industry targeting, item-based collaborative evidence (uptake cosine), peers of the same industry and city or industry, popularity in the last year, deadline urgency and freshness.",
            intendedUse: "Suggesting support policies to enterprises (惠企政策精准推送) and ranking eligible enterprises that have not applied for a policy (政策找人), with the rules met and the evidence as reasons. A suggestion; eligibility is decided by the issuing office.",
            command: command, population: evaluation.test.truth.count, graphPath: graph.path,
            parameters: [("learner", "logistic regression (IRLS, ridge 1) of applied-and-granted on the features of every eligible candidate"),
                         ("validation", "history before \(PolicyRecommender.iso(evaluation.validation.cut)), truth in the half-year after"),
                         ("test", "history before \(PolicyRecommender.iso(evaluation.test.cut)), truth in the half-year after (out of time)"),
                         ("served weights", "refitted on the test half-year: " + zip(served.features, served.weights).map { "\($0.rawValue) \(String(format: "%.3f", $1))" }.joined(separator: ", "))],
            metrics: metrics,
            metricDetail: [("testRecallAt10", "blend, out-of-time test half-year"), ("testNDCGAt10", "blend, out-of-time test half-year"),
                           ("testCoverage", "share of open policies recommended to someone"), ("ndcgVsPopularity", "NDCG@10 of the blend / popularity's"),
                           ("reachableRecall", "share of the test truth that was eligible and open at the cut")],
            limitations: ["Learned and measured on the demo data's generated uptake; real uptake depends on publicity and office practice the graph does not hold.",
                          "Enterprises with no uptake history get content, targeting, peer and popularity evidence only.",
                          "Rules the graph does not hold (tax compliance, documents) are not checked."])
        var promoted = false
        if registry.promoted() == nil { try registry.promote(version, artifact: artifact); promoted = true }
        return Report(version: version, directory: directory, promoted: promoted, metrics: metrics, table: table)
    }

    /// The promoted blend, or a clear error.
    public static func load(models: String) throws -> (version: String, blend: PolicyBlend) {
        let (version, path) = try ModelRegistry(models: models, name: registryName).promotedArtifact(
            artifact, missing: "no policy recommender in \(models); train one with `govbrain model train recommend --db PATH`")
        guard let data = FileManager.default.contents(atPath: path), let json = try? JSONParser.parse(String(decoding: data, as: UTF8.self)),
              let blend = json["blend"] else {
            throw ModelError(code: .invalidArtifact, "\(path) is not a policy recommender model (expected {\"format\": 1, \"blend\": {…}})")
        }
        return (version, try PolicyBlend(json: blend))
    }
}
