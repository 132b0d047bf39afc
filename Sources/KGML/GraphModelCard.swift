import Foundation
import KGCore

/// The model cards of models trained on the graph (credit, risk, policy recommender): `MODEL.md`,
/// `card.json` and `metrics.json`, written once the graph-specific facts (origins, population,
/// validation) are known.
public enum GraphModelCard {
    /// `graph` facts first, then the training metrics; written to `metrics.json` in `directory`.
    public static func writeMetrics(_ graph: [(String, JSON)], training: JSON, directory: String) throws -> JSON {
        var members = graph
        if case .object(let m) = training { members += m }
        let metrics = JSON.object(members)
        try AtomicFile.write(Data((JSONWriter.string(metrics) + "\n").utf8), to: (directory as NSString).appendingPathComponent("metrics.json"))
        return metrics
    }

    public static func write(name: String, directory: String, artifact: String, summary: String, intendedUse: String, command: String,
                      population: Int, graphPath: String, parameters: [(String, String)], metrics: JSON, metricDetail: [(String, String)],
                      limitations: [String]) throws {
        var card = ModelCard(
            name: name, version: (directory as NSString).lastPathComponent, summary: summary, intendedUse: intendedUse, command: command,
            data: [ModelCard.DataSource(path: graphPath, records: population, sha256: "")],
            parameters: parameters,
            metrics: metricDetail.compactMap { key, detail in metrics[key]?.doubleValue.map { ModelCard.Metric(key, $0, detail) } },
            limitations: limitations)
        card.artifact = try ModelCard.artifactDigest((directory as NSString).appendingPathComponent(artifact))
        try card.write(to: directory, markdownFile: "MODEL.md", jsonFile: "card.json")
    }
}
