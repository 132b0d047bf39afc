import Foundation
import KGML

/// The values of every feature over a scored population (the enterprises scored on the same day),
/// kept so a reason can say where one enterprise stands: each numeric column sorted once, each
/// category or flag column counted once; a lookup is then a binary search.
///
/// Built once per scoring pass (`RiskAlerts.scoreAndRaise`) or once per snapshot of the records
/// (`SupervisionService`), never per reason. Missing cells are left out of a column's population.
public struct ReasonPopulation: Sendable {
    /// Sorted non-missing values of each numeric column.
    private var sorted: [String: [Double]] = [:]
    /// How many rows hold each value of each category or flag column.
    private var counts: [String: [String: Int]] = [:]

    /// Where a value stands among the population's values of its column.
    public struct Standing: Sendable, Equatable {
        /// Rows with a strictly smaller value.
        public let below: Int
        /// Rows with a strictly greater value.
        public let above: Int
        /// Rows with a value (the population of the column).
        public let total: Int
    }

    /// The population of `table`'s rows, every column of it.
    public init(_ table: TabularData) {
        for (name, cells) in zip(table.columns, table.cells) {
            switch SupervisionFeatures.meaning[name]?.kind {
            case .category?, .flag?:
                var c: [String: Int] = [:]
                for cell in cells where !TabularData.isMissing(cell) { c[cell, default: 0] += 1 }
                counts[name] = c
            default:
                sorted[name] = cells.compactMap { TabularData.isMissing($0) ? nil : Double($0) }.filter { !$0.isNaN }.sorted()
            }
        }
    }

    /// Where `value` stands among the values of numeric column `factor`; nil when the column is
    /// not numeric here or has no values.
    public func standing(of value: Double, in factor: String) -> Standing? {
        guard let values = sorted[factor], !values.isEmpty else { return nil }
        let below = Self.firstIndex(in: values) { $0 >= value }
        let notAbove = Self.firstIndex(in: values) { $0 > value }
        return Standing(below: below, above: values.count - notAbove, total: values.count)
    }

    /// How many rows of category or flag column `factor` hold `value`, and of how many with a
    /// value; nil when the column is not counted here or has no values.
    public func share(of value: String, in factor: String) -> (count: Int, total: Int)? {
        guard let c = counts[factor] else { return nil }
        let total = c.values.reduce(0, +)
        return total > 0 ? (c[value] ?? 0, total) : nil
    }

    /// The first index of ascending `values` where `isPast` holds (`values.count` when nowhere).
    private static func firstIndex(in values: [Double], where isPast: (Double) -> Bool) -> Int {
        var lo = 0, hi = values.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if isPast(values[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
