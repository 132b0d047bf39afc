import Foundation

/// The values of a table's columns over a scored population, kept so that a reason can say where
/// one row stands ("高于 95% 的企业"): each numeric column sorted once, each text column counted
/// once; a lookup is then a binary search. Missing cells are left out of a column's population.
public struct ColumnPopulation: Sendable {
    private var sorted: [String: [Double]] = [:]
    private var counts: [String: [String: Int]] = [:]

    /// Where a value stands among the values of its column.
    public struct Standing: Sendable, Equatable {
        /// Rows with a strictly smaller value.
        public let below: Int
        /// Rows with a strictly greater value.
        public let above: Int
        /// Rows with a value.
        public let total: Int
        public init(below: Int, above: Int, total: Int) { self.below = below; self.above = above; self.total = total }
    }

    /// The population of every row of `table` in `columns` (nil: all of them). A column whose
    /// present cells are all numbers is numeric; one with only the values 0 and 1 is also counted
    /// (a flag reads as a share of rows); any other is counted as text.
    public init(_ table: TabularData, columns: [String]? = nil) {
        for (name, cells) in zip(table.columns, table.cells) where columns?.contains(name) ?? true {
            let present = cells.lazy.map(TabularData.trimmed).filter { !TabularData.isMissing($0) }
            let numbers = present.compactMap { Double($0) }.filter(\.isFinite)
            if numbers.count == present.count {
                sorted[name] = numbers.sorted()
                if numbers.allSatisfy({ $0 == 0 || $0 == 1 }) { counts[name] = Self.counted(present) }
            } else {
                counts[name] = Self.counted(present)
            }
        }
    }

    /// The population of every column of `table` whose kinds are known: the `counted` columns
    /// (categories and flags) counted, every other read as numbers (cells that are not numbers left out).
    public init(_ table: TabularData, counted: Set<String>) {
        for (name, cells) in zip(table.columns, table.cells) {
            if counted.contains(name) {
                counts[name] = Self.counted(cells.lazy.filter { !TabularData.isMissing($0) })
            } else {
                sorted[name] = cells.compactMap { TabularData.isMissing($0) ? nil : Double($0) }.filter { !$0.isNaN }.sorted()
            }
        }
    }

    private static func counted<S: Sequence>(_ cells: S) -> [String: Int] where S.Element == String {
        var c: [String: Int] = [:]
        for cell in cells { c[cell, default: 0] += 1 }
        return c
    }

    /// Whether the column holds only the numbers 0 and 1.
    public func isFlag(_ column: String) -> Bool { sorted[column] != nil && counts[column] != nil }

    /// Whether the column's present cells are all numbers.
    public func isNumeric(_ column: String) -> Bool { sorted[column] != nil }

    /// Where `value` stands in numeric `column`; nil when the column is not numeric or empty.
    public func standing(of value: Double, in column: String) -> Standing? {
        guard let values = sorted[column], !values.isEmpty else { return nil }
        let below = Self.firstIndex(values) { $0 >= value }, notAbove = Self.firstIndex(values) { $0 > value }
        return Standing(below: below, above: values.count - notAbove, total: values.count)
    }

    /// How many rows of counted `column` hold `value`, of how many with a value.
    public func share(of value: String, in column: String) -> (count: Int, total: Int)? {
        guard let c = counts[column] else { return nil }
        let total = c.values.reduce(0, +)
        if total == 0 { return nil }
        let key = Double(value).flatMap { v in c.keys.first { Double($0) == v } } ?? value
        return (c[key] ?? 0, total)
    }

    private static func firstIndex(_ values: [Double], where isPast: (Double) -> Bool) -> Int {
        var lo = 0, hi = values.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if isPast(values[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
