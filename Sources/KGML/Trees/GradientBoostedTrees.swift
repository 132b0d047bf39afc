import Foundation
import KGCore

/// A fitted gradient-boosted tree ensemble for a 0/1 target: the margin (log-odds) of a row is
/// `baseMargin` plus one leaf value per tree; `probability` maps it through Platt scaling fitted
/// on held-out rows. Built by `GradientBoostingTrainer.fit`; `Codable` (JSON) for persistence.
public struct GradientBoostedTrees: Codable, Sendable {
    /// Version of the JSON layout (`read(from:)` accepts 1).
    public var format = 1
    /// The features in the order of the bin codes, with their bins and constraints.
    public let features: [TreeFeature]
    /// The trees kept: those up to the best validation round.
    public let trees: [RegressionTree]
    /// Log-odds of the training bad rate: the margin before any tree.
    public let baseMargin: Double
    /// Maps a margin to a calibrated probability (fitted on the validation rows' margins).
    public let calibration: PlattScaling
    /// Boosting rounds run before stopping (early stopping runs past the best).
    public let roundsTrained: Int
    /// Validation log-loss at the best round (nil when nothing was held out).
    public let validationLogLoss: Double?
    /// The settings the model was fitted with.
    public let configuration: GradientBoostingTrainer.Configuration

    /// Boosting rounds kept (`trees.count`): the round at which the validation log-loss was
    /// lowest (0: no tree beat the base rate). Stored so the JSON states it.
    public let bestIteration: Int

    /// Assembles a model (`GradientBoostingTrainer.fit` builds one; JSON decoding restores one).
    public init(features: [TreeFeature], trees: [RegressionTree], baseMargin: Double, calibration: PlattScaling, roundsTrained: Int,
                validationLogLoss: Double?, configuration: GradientBoostingTrainer.Configuration) {
        self.features = features
        self.trees = trees
        self.baseMargin = baseMargin
        self.calibration = calibration
        self.roundsTrained = roundsTrained
        self.bestIteration = trees.count
        self.validationLogLoss = validationLogLoss
        self.configuration = configuration
    }

    /// The bin codes of one row given as cells by column name.
    /// - Throws: `ModelError` naming the row and column for a missing column (`badHeader`) or a
    ///   non-number in a numeric feature (`badValue`); the cell's value is never repeated.
    public func codes(row: Int, cell: (String) -> String?) throws -> [UInt8] {
        try features.map { feature in
            guard let value = cell(feature.name) else {
                throw ModelError(code: .badHeader, "row \(row): the data has no column \(feature.name), which the model uses")
            }
            return try feature.code(of: value, row: row)
        }
    }

    /// The raw margin (log-odds: base plus the trees' outputs) of a row of bin codes.
    public func margin(codes: [UInt8]) -> Double {
        codes.withUnsafeBufferPointer { c in
            trees.reduce(baseMargin) { $0 + $1.nodes[$1.leaf(codes: c)].value }
        }
    }

    /// The raw margin of one row given as cells by column name.
    /// - Throws: as `codes(row:cell:)`.
    public func margin(row: Int, cell: (String) -> String?) throws -> Double {
        margin(codes: try codes(row: row, cell: cell))
    }

    /// The calibrated probability of the event for a margin.
    public func probability(margin: Double) -> Double { calibration.probability(margin: margin) }

    /// The calibrated probability of the event for one row given as cells by column name.
    /// - Throws: as `codes(row:cell:)`.
    public func probability(row: Int, cell: (String) -> String?) throws -> Double {
        probability(margin: try margin(row: row, cell: cell))
    }

    /// Raw margins of `rows` of a table (the columns are looked up once).
    /// - Throws: as `codes(row:cell:)`.
    public func margins(_ data: TabularData, rows: [Int]) throws -> [Double] {
        let columns = try features.map { feature in
            guard let k = data.columns.firstIndex(of: feature.name) else {
                throw ModelError(code: .badHeader, "row \(rows.first ?? 0): the data has no column \(feature.name), which the model uses")
            }
            return k
        }
        var codes = [UInt8](repeating: 0, count: features.count)
        return try rows.map { r in
            for f in features.indices { codes[f] = try features[f].code(of: data.cells[columns[f]][r], row: r) }
            return margin(codes: codes)
        }
    }

    /// Calibrated probabilities of `rows` of a table.
    /// - Throws: as `codes(row:cell:)`.
    public func probabilities(_ data: TabularData, rows: [Int]) throws -> [Double] {
        try margins(data, rows: rows).map(probability(margin:))
    }

    /// Total split gain per feature over all trees, largest first: which features the model leans on.
    public var featureImportance: [(feature: String, gain: Double)] {
        var gain = [Double](repeating: 0, count: features.count)
        for tree in trees { for node in tree.nodes where !node.isLeaf { gain[node.feature] += node.gain } }
        return zip(features.map(\.name), gain).sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map { ($0.0, $0.1) }
    }
}
