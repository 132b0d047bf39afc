import Foundation
import KGCore

/// A pairwise interaction of two numeric columns made into a column of its own, so that an additive
/// scorecard can weigh it and the trees can split on it at once (a greedy tree cannot find an
/// interaction whose columns have no effect alone, such as an XOR).
///
/// The value (`Form.scaled`, the default) is the product of the two columns' robust scores,
/// s(x) = (clip(x, P1, P99) − median) / IQR, with the percentiles of the training values: positive
/// when both columns are on the same side of their medians, negative when they move in opposite
/// directions, larger the further both are from their medians, and bounded whatever outliers the
/// columns hold (each factor by its 1st and 99th percentiles). Missing when either cell is
/// missing. The column is named `first×second`.
///
/// Why magnitudes and not only ranks: the first form (`Form.rank`, the product of centred ranks,
/// bounded in [−¼, ¼], still read from older model files) squeezes the tails, where the top of the
/// list lives: on the planted interaction table (headcount and tax moving in opposite directions,
/// stronger the larger both moves) plain logistic regression on the rank product put 0.20 events
/// in its top 1 %, on the scaled product 0.31 (oracle 0.33; seeds 1–3, `Tools/bench/risk_tables.py`).
public struct InteractionTerm: Codable, Sendable, Equatable {
    public let first: String
    public let second: String
    /// Percentiles 1…99 of each column's training values (ascending).
    public let firstGrid: [Double]
    public let secondGrid: [Double]
    /// The search's statistic (score test of the best 2 × 2 cut on the additive model's
    /// residuals) and its p-value corrected for every pair and cut tried.
    public let statistic: Double
    public let pValue: Double
    /// How the value is made (absent in older files: `rank`).
    public var form: Form?

    /// The value's construction.
    public enum Form: String, Codable, Sendable {
        /// The product of centred ranks (F(x) − ½), in [−¼, ¼].
        case rank
        /// The product of robust scores (clip(x, P1, P99) − median) / IQR.
        case scaled
    }

    /// The name of the derived column.
    public var name: String { "\(first)×\(second)" }

    public init(first: String, second: String, firstGrid: [Double], secondGrid: [Double], statistic: Double, pValue: Double, form: Form = .scaled) {
        self.first = first; self.second = second
        self.firstGrid = firstGrid; self.secondGrid = secondGrid
        self.statistic = statistic; self.pValue = pValue
        self.form = form
    }

    /// Percentiles 1…99 of `values` (empty for no values).
    static func grid(_ values: [Double]) -> [Double] {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return [] }
        return (1...99).map { sorted[min(sorted.count - 1, $0 * sorted.count / 100)] }
    }

    /// The centred rank of `x` on a grid: the share of grid points strictly below it, averaged with
    /// the share at or below it (ties split), minus ½.
    static func centredRank(_ x: Double, grid: [Double]) -> Double {
        guard !grid.isEmpty else { return 0 }
        var lo = 0, hi = grid.count
        while lo < hi { let m = (lo + hi) / 2; if grid[m] < x { lo = m + 1 } else { hi = m } }
        var upper = lo
        while upper < grid.count && grid[upper] == x { upper += 1 }
        return (Double(lo + upper) / 2 + 0.5) / Double(grid.count + 1) - 0.5
    }

    /// The derived cell of a row from its two cells: the product as text, or "" when either is
    /// missing or not a number.
    public func value(_ a: String?, _ b: String?) -> String {
        guard let a = a.flatMap(TreeFeature.text).flatMap(TreeFeature.number),
              let b = b.flatMap(TreeFeature.text).flatMap(TreeFeature.number) else { return "" }
        let v = (form ?? .rank) == .rank ? Self.centredRank(a, grid: firstGrid) * Self.centredRank(b, grid: secondGrid)
                                         : Self.robustScore(a, grid: firstGrid) * Self.robustScore(b, grid: secondGrid)
        return String(format: "%.6f", v)
    }

    /// The robust score of `x` on a grid of percentiles 1…99: (clip(x, P1, P99) − median) / IQR,
    /// with half the P1–P99 range when the IQR is 0 (a count that is mostly zero), and 1 when that is 0 too.
    static func robustScore(_ x: Double, grid: [Double]) -> Double {
        guard grid.count == 99 else { return 0 }
        let lo = grid[0], hi = grid[98], median = grid[49]
        let iqr = grid[74] - grid[24], range = (hi - lo) / 2
        let scale = iqr > 0 ? iqr : (range > 0 ? range : 1)
        return (min(max(x, lo), hi) - median) / scale
    }

    /// `data` with one more column per term (the terms' names must not be columns already).
    public static func augment(_ data: TabularData, with terms: [InteractionTerm]) throws -> TabularData {
        guard !terms.isEmpty else { return data }
        var columns = data.columns, cells = data.cells
        for t in terms {
            guard let a = data.column(t.first), let b = data.column(t.second) else {
                throw ModelError(code: .badHeader, "the data has no column \(data.column(t.first) == nil ? t.first : t.second), which the interaction \(t.name) uses")
            }
            guard !columns.contains(t.name) else { continue }
            columns.append(t.name)
            cells.append(zip(a, b).map { t.value($0, $1) })
        }
        return try TabularData(columns: columns, cells: cells)
    }

    /// A cell reader that also answers for the terms' derived columns.
    public static func reader(_ terms: [InteractionTerm], _ cell: @escaping (String) -> String?) -> (String) -> String? {
        guard !terms.isEmpty else { return cell }
        return { name in
            if let t = terms.first(where: { $0.name == name }) {
                guard let a = cell(t.first), let b = cell(t.second) else { return nil }
                return t.value(a, b)
            }
            return cell(name)
        }
    }
}
