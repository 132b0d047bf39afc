import Foundation
import KGCore

/// The generic risk-warning model for a table: the WoE logistic model of the scorecard, or
/// gradient-boosted trees, their blend or the linear model with interaction products when they
/// rank better (`RiskAlgorithm`), a 0–100 risk score (the event
/// probability × 100) and warning levels at shares of the training population's top scores (by
/// default the top 5 % red, the next 10 % orange and the next 20 % yellow); the rest is green.
/// Reasons: the three factors that add most risk: against their lowest-risk bin for the
/// scorecard, by exact TreeSHAP value for the trees, by β·z against an average row for the linear model.
public struct RiskModel: Codable, Sendable {
    public var format = 2
    /// The scorecard: the scorer unless `trees` is present, and always the transparent reference.
    public let model: Scorecard
    /// Gradient-boosted trees, when they were chosen (format 2; absent in format 1 files).
    public var trees: GradientBoostedTrees?
    /// Pairwise interaction columns the scorer reads besides the table's own (derived from two
    /// columns each; absent when the search found none or was off).
    public var interactions: [InteractionTerm]?
    /// Whether the score is the blend of the card and the trees (the mean of their log-odds);
    /// absent or false: the trees score alone when present.
    public var blended: Bool?
    /// The linear candidate (columns plus the interaction pairs' XOR and product), when it was
    /// chosen: it scores, the card stays the transparent reference.
    public var linear: LinearRiskModel?
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

    /// Cumulative shares of the training population at or above each level's cut-off.
    public struct LevelShares: Sendable {
        public let red: Double, orange: Double, yellow: Double
        public init(red: Double, orange: Double, yellow: Double) { self.red = red; self.orange = orange; self.yellow = yellow }
        /// The generic table model's: 5 %, 15 %, 35 %.
        public static let standard = LevelShares(red: 0.05, orange: 0.15, yellow: 0.35)
    }

    public init(model: Scorecard, trees: GradientBoostedTrees? = nil, interactions: [InteractionTerm]? = nil, blended: Bool = false,
                linear: LinearRiskModel? = nil, red: Double, orange: Double, yellow: Double) {
        self.model = model; self.trees = trees; self.linear = linear; self.red = red; self.orange = orange; self.yellow = yellow
        self.interactions = interactions?.isEmpty == true ? nil : interactions
        self.blended = blended && trees != nil ? true : nil
    }

    /// The algorithm that scores.
    public var algorithm: RiskAlgorithm { linear != nil ? .linear : trees == nil ? .scorecard : (blended == true ? .blend : .trees) }

    /// The blend of two probabilities: the mean of their log-odds.
    public static func blend(_ a: Double, _ b: Double) -> Double {
        func logit(_ p: Double) -> Double { let q = min(max(p, 1e-9), 1 - 1e-9); return log(q / (1 - q)) }
        return 1 / (1 + exp(-(logit(a) + logit(b)) / 2))
    }

    /// The columns the scorer reads.
    public var factors: [String] {
        if let linear { return linear.factors }
        let card = model.variables.map(\.binning.name)
        guard let trees else { return card }
        let split = trees.features.map(\.name)
        return blended == true ? split + card.filter { !split.contains($0) } : split
    }

    /// The table columns the scorer reads: its factors, with each interaction replaced by its two columns.
    public var inputs: [String] {
        var out: [String] = []
        for f in factors {
            let columns = (interactions ?? []).first { $0.name == f }.map { [$0.first, $0.second] } ?? [f]
            for c in columns where !out.contains(c) { out.append(c) }
        }
        return out
    }

    /// The event probability of one row, its reasons (the factors that add most risk) and the
    /// factors whose value the training data never had.
    public func probability(row: Int, cell: (String) -> String?) throws -> (probability: Double, reasons: [String], unseen: [String]) {
        if let interactions {
            return try withoutActuallyEscaping(cell) { cell in try scored(row: row, cell: InteractionTerm.reader(interactions, cell)) }
        }
        return try scored(row: row, cell: cell)
    }

    private func scored(row: Int, cell: (String) -> String?) throws -> (probability: Double, reasons: [String], unseen: [String]) {
        if let linear { return try linear.score(row: row, cell: cell) }
        if let trees {
            let codes = try trees.codes(row: row, cell: cell)
            let shap = trees.shap(codes: codes).values
            let p = trees.probability(margin: trees.margin(codes: codes))
            guard blended == true else { return (p, trees.topRiskFactors(shap: shap).map(\.feature), []) }
            // Half of each model's log-odds: the card's β · WoE and the trees' SHAP values, both
            // against the population, summed per factor; the three that add most risk.
            let card = try model.score(row: row, cell: cell)
            var added: [String: Double] = [:]
            for c in card.contributions { added[c.variable, default: 0] += c.logOdds / 2 }
            for (f, v) in zip(trees.features, shap) { added[f.name, default: 0] += v / 2 }
            let reasons = added.filter { $0.value > 0 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3).map(\.key)
            return (Self.blend(card.probability, p), reasons, card.unseen)
        }
        let s = try model.score(row: row, cell: cell)
        return (s.probability, s.reasons, s.unseen)
    }

    /// The score (probability × 100), level and reasons of one row.
    public func score(row: Int, cell: (String) -> String?) throws -> Score {
        let s = try probability(row: row, cell: cell)
        let value = s.probability * 100
        return Score(score: value, level: level(of: value), reasons: s.reasons, unseen: s.unseen)
    }

    func level(of value: Double) -> String {
        value >= red ? "red" : (value >= orange ? "orange" : (value >= yellow ? "yellow" : "green"))
    }

    /// Probabilities of `rows` of `data`.
    public func probabilities(_ data: TabularData, rows: [Int]) throws -> [Double] {
        if let linear { return try linear.probabilities(data, rows: rows) }
        let data = try InteractionTerm.augment(data, with: interactions ?? [])
        let card = { try rows.map { r in try model.score(row: r) { data.column($0)?[r] }.probability } }
        guard let trees else { return try card() }
        let split = try trees.probabilities(data, rows: rows)
        return blended == true ? zip(try card(), split).map { Self.blend($0, $1) } : split
    }

    /// The model with level cut-offs at the top `levels` shares of `scores` (0–100).
    func leveled(by scores: [Double], levels: LevelShares) -> RiskModel {
        let sorted = scores.sorted(by: >)
        func top(_ share: Double) -> Double { sorted[min(sorted.count - 1, max(0, Int(share * Double(sorted.count)) - 1))] }
        return RiskModel(model: model, trees: trees, interactions: interactions, blended: blended == true, linear: linear,
                         red: top(levels.red), orange: top(levels.orange), yellow: top(levels.yellow))
    }

    public static func read(from path: String) throws -> RiskModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError(code: .modelNotFound, "no risk model at \(path); train one with `govbrain model train risk --data FILE.csv --target COLUMN`")
        }
        let model: RiskModel
        do { model = try JSONDecoder().decode(RiskModel.self, from: data) } catch { throw ModelError(code: .invalidArtifact, "\(path) is not a GovBrain risk model: \(error)") }
        do { try model.linear?.validate() } catch let e as ModelError { throw ModelError(code: e.code, "\(path): \(e.message)") }
        return model
    }

    static func percent(_ share: Double) -> String {
        let p = share * 100
        return p == p.rounded() ? String(Int(p)) : String(format: "%.1f", p)
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
