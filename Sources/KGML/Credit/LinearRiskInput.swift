import Foundation
import KGCore

/// One input of `LinearRiskModel`: how a row's cells become one standardized number, and its
/// coefficient. Every input belongs to a factor (a column, or an interaction `a×b`), to which its
/// contribution β·z is credited in the row's reasons.
public struct LinearRiskInput: Codable, Sendable, Equatable {
    /// How the cells are read.
    public enum Kind: String, Codable, Sendable {
        /// A number, clipped to [lower, upper].
        case number
        /// log(1 + max(0, x)) of a number, clipped to [lower, upper] (skewed non-negative columns:
        /// counts, amounts).
        case logNumber
        /// 1 when the cell is missing, 0 otherwise.
        case missing
        /// 1 when the cell is `level`, 0 otherwise (the most frequent level is the reference).
        case level
        /// 1 when the pair's two values lie on opposite sides of their medians (one high, one low),
        /// 0 when on the same side: the XOR.
        case opposite
        /// The weight of evidence of the cell's bin in the scorecard's binning of the column (the
        /// card's view of a threshold or a rare value, which a line through the value cannot follow).
        case woe
        /// The product of the pair's deviations from their medians, each over its interquartile range,
        /// clipped to [lower, upper]: the strength of a joint move, which ranks the rows where
        /// both deviations are large.
        case product
    }

    public let factor: String
    public let kind: Kind
    /// The columns read: one, or the pair's two.
    public let columns: [String]
    /// The level of a `.level` input.
    public let level: String?
    /// The scorecard's binning of the column (`.woe`).
    public let binning: VariableBinning?
    /// The pair's centres (medians on the fitting rows) and scales (`.opposite`, `.product`).
    public let cuts: [Double]
    public let scales: [Double]
    /// Clipping bounds of the raw value (`.number`, `.logNumber`, `.product`).
    public let lower: Double
    public let upper: Double
    /// Standardization on the fitting rows: z = (x − mean) / sd; a missing number is the mean (z = 0).
    public let mean: Double
    public let sd: Double
    public var coefficient: Double

    /// How the card names the input: `factor=level` for a level, `factor (kind)` otherwise.
    public var label: String { kind == .level ? "\(factor)=\(level ?? "")" : "\(factor) (\(kind.rawValue))" }

    /// The unstandardized value of a row, nil when a cell it needs is missing (then z = 0).
    /// - Throws: `ModelError` (badValue) for a present cell that is not a number where one is read
    ///   (the value itself is not echoed: a column may hold personal data).
    func raw(row: Int, _ cell: (String) -> String?) throws -> Double? {
        func number(_ name: String) throws -> Double? {
            guard let text = cell(name).flatMap(TreeFeature.text) else { return nil }
            guard let x = TreeFeature.number(text) else {
                throw ModelError(code: .badValue, "row \(row), column \(name): the value is not a number (the linear risk model reads \(name) as a number); fix or blank the cell")
            }
            return x
        }
        switch kind {
        case .number:
            return try number(columns[0]).map { min(max($0, lower), upper) }
        case .logNumber:
            return try number(columns[0]).map { min(max(log1p(max(0, $0)), lower), upper) }
        case .missing:
            return cell(columns[0]).flatMap(TreeFeature.text) == nil ? 1 : 0
        case .level:
            guard let text = cell(columns[0]).flatMap(TreeFeature.text) else { return 0 }
            return text == level ? 1 : 0
        case .woe:
            guard let binning, let text = cell(columns[0]), let b = try binning.bin(of: text, row: row) else { return nil }
            return binning.woe[b]
        case .opposite:
            guard let a = try number(columns[0]), let b = try number(columns[1]) else { return nil }
            return (a <= cuts[0]) != (b <= cuts[1]) ? 1 : 0
        case .product:
            guard let a = try number(columns[0]), let b = try number(columns[1]) else { return nil }
            return min(max((a - cuts[0]) / scales[0] * (b - cuts[1]) / scales[1], lower), upper)
        }
    }

    /// The standardized value of a row (0 for a missing cell).
    func z(row: Int, _ cell: (String) -> String?) throws -> Double {
        guard let x = try raw(row: row, cell) else { return 0 }
        return (x - mean) / sd
    }

    /// Why this input cannot be scored, or nil when it is well formed: what a model file edited by
    /// hand (or damaged) must satisfy before a row is read through it.
    var defect: String? {
        let arity = kind == .opposite || kind == .product ? 2 : 1
        guard columns.count == arity else { return "input \(factor) (\(kind.rawValue)) reads \(columns.count) columns, not \(arity)" }
        guard [mean, sd, coefficient].allSatisfy(\.isFinite), sd > 0 else { return "input \(factor) (\(kind.rawValue)) has a non-finite mean, sd or coefficient, or sd ≤ 0" }
        guard !lower.isNaN, !upper.isNaN, lower <= upper else { return "input \(factor) (\(kind.rawValue)) has clipping bounds out of order" }
        switch kind {
        case .opposite, .product:
            guard cuts.count == 2, scales.count == 2, cuts.allSatisfy(\.isFinite), scales.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                return "input \(factor) (\(kind.rawValue)) needs two finite cuts and two positive scales"
            }
        case .level:
            guard level != nil else { return "input \(factor) (level) has no level" }
        case .woe:
            guard let b = binning else { return "input \(factor) (woe) has no binning" }
            let bins = (b.kind == .numeric ? b.edges.count + 1 : b.categories.count) + (b.hasMissingBin ? 1 : 0)
            guard b.woe.count == bins, bins > 0, b.woe.allSatisfy(\.isFinite) else { return "input \(factor) (woe) has \(b.woe.count) weights for \(bins) bins" }
        case .number, .logNumber, .missing:
            break
        }
        return nil
    }
}
