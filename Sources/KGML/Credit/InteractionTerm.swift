import Foundation
import KGCore

/// A pairwise interaction of two numeric columns made into a column of its own, so that an additive
/// scorecard can weigh it and the trees can split on it at once (a greedy tree cannot find an
/// interaction whose columns have no effect alone, such as an XOR).
///
/// The value is the product of the two columns' centred ranks, (F₁(x₁) − ½)·(F₂(x₂) − ½), where
/// Fᵢ is the share of the training values at or below xᵢ, read off a stored grid of percentiles:
/// positive when both columns are on the same side of their medians, negative when they move in
/// opposite directions, bounded in [−¼, ¼] whatever outliers the columns hold. Missing when either
/// cell is missing. The column is named `first×second`.
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
    /// The search's best 2 × 2 cut of each column (a value at or below it is on the low side);
    /// absent in models trained before the linear candidate, which reads them.
    public let firstCut: Double?
    public let secondCut: Double?

    /// The name of the derived column.
    public var name: String { "\(first)×\(second)" }

    public init(first: String, second: String, firstGrid: [Double], secondGrid: [Double], statistic: Double, pValue: Double,
                firstCut: Double? = nil, secondCut: Double? = nil) {
        self.first = first; self.second = second
        self.firstGrid = firstGrid; self.secondGrid = secondGrid
        self.statistic = statistic; self.pValue = pValue
        self.firstCut = firstCut; self.secondCut = secondCut
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
        let v = Self.centredRank(a, grid: firstGrid) * Self.centredRank(b, grid: secondGrid)
        return String(format: "%.6f", v)
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
