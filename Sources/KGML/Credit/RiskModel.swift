import Foundation
import KGCore

/// The generic risk-warning model for a table: the WoE logistic model of the scorecard (so every
/// factor's contribution is explainable), a 0–100 risk score (the event probability × 100) and
/// warning levels at shares of the training population's top scores (by default the top 5 % red,
/// the next 10 % orange and the next 20 % yellow); the rest is green. Reasons: the three factors that add most risk against their
/// lowest-risk bin.
public struct RiskModel: Codable, Sendable {
    public var format = 1
    public let model: Scorecard
    /// Lowest scores of red, orange and yellow.
    public let red: Double
    public let orange: Double
    public let yellow: Double

    public static let artifact = "model.json"

    public struct Score: Sendable {
        public let score: Double
        public let level: String
        public let reasons: [String]
        public let unseen: [String]
    }

    public func score(row: Int, cell: (String) -> String?) throws -> Score {
        let s = try model.score(row: row, cell: cell)
        let value = s.probability * 100
        let level = value >= red ? "red" : (value >= orange ? "orange" : (value >= yellow ? "yellow" : "green"))
        return Score(score: value, level: level, reasons: s.reasons, unseen: s.unseen)
    }

    /// Trains on `split`'s train rows (all rows without a split), evaluates on its test rows, and
    /// writes `model.json`, `metrics.json` and `MODEL.md` into `out`.
    /// Cumulative shares of the training population at or above each level's cut-off.
    public struct LevelShares: Sendable {
        public let red: Double, orange: Double, yellow: Double
        public init(red: Double, orange: Double, yellow: Double) { self.red = red; self.orange = orange; self.yellow = yellow }
        /// The generic table model's: 5 %, 15 %, 35 %.
        public static let standard = LevelShares(red: 0.05, orange: 0.15, yellow: 0.35)
    }

    /// Fits the model on `rows` of `data` (binning, selection, IRLS) and sets the level cut-offs
    /// at the top `levels` shares of those rows' scores.
    public static func fit(_ data: TabularData, target: String, rows: [Int], configuration: ScorecardTrainer.Configuration = .init(),
                           levels: LevelShares = .standard) throws -> (RiskModel, [ScorecardTrainer.ColumnReport]) {
        let (card, columns) = try ScorecardTrainer.fit(data, target: target, rows: rows, configuration: configuration)
        let scores = try rows.map { r in try card.score(row: r) { data.column($0)?[r] }.probability * 100 }.sorted(by: >)
        func top(_ share: Double) -> Double { scores[min(scores.count - 1, max(0, Int(share * Double(scores.count)) - 1))] }
        return (RiskModel(model: card, red: top(levels.red), orange: top(levels.orange), yellow: top(levels.yellow)), columns)
    }

    public static func train(data: TabularData, target: String, split: [String]?, out: String, configuration: ScorecardTrainer.Configuration = .init(),
                             levels: LevelShares = .standard, command: String) throws -> (RiskModel, JSON) {
        guard data.rowCount > 0 else { throw ModelError(code: .insufficientData, "the data has no rows") }
        let y = try ScorecardTrainer.target(data, column: target)
        let trainRows = split.map { s in s.indices.filter { s[$0] == "train" } } ?? Array(0..<data.rowCount)
        let testRows = split.map { s in s.indices.filter { s[$0] == "test" } } ?? []
        let (risk, columns) = try fit(data, target: target, rows: trainRows, configuration: configuration, levels: levels)
        let card = risk.model
        func probabilities(_ rows: [Int]) throws -> [Double] { try rows.map { r in try card.score(row: r) { data.column($0)?[r] }.probability * 100 } }
        var members: [(String, JSON)] = [("model", .string("risk")), ("target", .string(target)), ("trainRows", .int(Int64(trainRows.count))),
                                         ("testRows", .int(Int64(testRows.count))), ("factors", .array(card.variables.map { .string($0.binning.name) })),
                                         ("levels", .object([("red", .double(risk.red)), ("orange", .double(risk.orange)), ("yellow", .double(risk.yellow))]))]
        if !testRows.isEmpty {
            let s = try probabilities(testRows), t = testRows.map { y[$0] }
            members += [("testAUC", .double(ClassifierMetrics.auc(scores: s, target: t))),
                        ("testAveragePrecision", .double(averagePrecision(scores: s, target: t))),
                        ("testPrecisionAt1Percent", .double(precision(at: 0.01, scores: s, target: t))),
                        ("testPrecisionAt5Percent", .double(precision(at: 0.05, scores: s, target: t))),
                        ("testRecallAt5Percent", .double(recall(at: 0.05, scores: s, target: t)))]
        }
        members.append(("columns", .array(columns.map { .object([("name", .string($0.name)), ("iv", .double($0.iv)), ("outcome", .string($0.outcome))]) })))
        let metrics = JSON.object(members)
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
            throw ModelError(code: .pathNotWritable, "cannot create \(out): \(error.localizedDescription)")
        }
        let path = (out as NSString).appendingPathComponent(artifact)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { try AtomicFile.write(try encoder.encode(risk), to: path) } catch { throw ModelError(code: .pathNotWritable, "cannot write \(path): \(error.localizedDescription)") }
        try AtomicFile.write(Data((JSONWriter.string(metrics) + "\n").utf8), to: (out as NSString).appendingPathComponent("metrics.json"))
        var modelCard = ModelCard(
            name: "risk", version: (out as NSString).lastPathComponent,
            summary: "Risk warning on a table: WoE logistic regression (the scorecard's binning, selection and IRLS fit), score 0–100, levels red (top \(percent(levels.red)) % of the training population), orange (next \(percent(levels.orange - levels.red)) %), yellow (next \(percent(levels.yellow - levels.orange)) %), green.",
            intendedUse: "Ranking entities for supervision attention (`govbrain model predict risk`), with the three factors that add most risk as reasons. A ranking for human follow-up, not a sanction.",
            command: command, parameters: [("target", target), ("levels", "red ≥ \(String(format: "%.2f", risk.red)), orange ≥ \(String(format: "%.2f", risk.orange)), yellow ≥ \(String(format: "%.2f", risk.yellow))")],
            metrics: ["testAUC", "testAveragePrecision", "testPrecisionAt1Percent", "testPrecisionAt5Percent", "testRecallAt5Percent"].compactMap { k in
                metrics[k]?.doubleValue.map { ModelCard.Metric(k, $0, "held-out rows") }
            },
            limitations: ["Supervised on the labels given; it learns what the target records, not latent risk.", "No interactions between factors."])
        modelCard.artifact = try ModelCard.artifactDigest(path)
        try modelCard.write(to: out, markdownFile: "MODEL.md", jsonFile: "card.json")
        return (risk, metrics)
    }

    static func percent(_ share: Double) -> String {
        let p = share * 100
        return p == p.rounded() ? String(Int(p)) : String(format: "%.1f", p)
    }

    public static func read(from path: String) throws -> RiskModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError(code: .modelNotFound, "no risk model at \(path); train one with `govbrain model train risk --data FILE.csv --target COLUMN`")
        }
        do { return try JSONDecoder().decode(RiskModel.self, from: data) } catch { throw ModelError(code: .invalidArtifact, "\(path) is not a GovBrain risk model: \(error)") }
    }

    public static func ranked(_ scores: [Double], _ target: [Int]) -> [Int] { scores.indices.sorted { scores[$0] > scores[$1] }.map { target[$0] } }

    public static func precision(at share: Double, scores: [Double], target: [Int]) -> Double {
        let k = max(1, Int((share * Double(scores.count)).rounded()))
        return Double(ranked(scores, target).prefix(k).reduce(0, +)) / Double(k)
    }

    public static func recall(at share: Double, scores: [Double], target: [Int]) -> Double {
        let k = max(1, Int((share * Double(scores.count)).rounded())), positives = target.reduce(0, +)
        return positives > 0 ? Double(ranked(scores, target).prefix(k).reduce(0, +)) / Double(positives) : .nan
    }

    public static func averagePrecision(scores: [Double], target: [Int]) -> Double {
        var hits = 0, total = 0.0
        for (i, t) in ranked(scores, target).enumerated() where t == 1 { hits += 1; total += Double(hits) / Double(i + 1) }
        return hits > 0 ? total / Double(hits) : .nan
    }
}
