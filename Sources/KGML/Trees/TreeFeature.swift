import Foundation
import KGCore

/// How one column of a table becomes the small integer bin codes the boosted trees split on.
///
/// Numeric columns: at most `maxBins` bins at quantile edges of the training values (one bin per
/// distinct value when there are fewer). Categorical columns: each category becomes an ordinal by
/// its smoothed bad rate on the training rows (so an ordered split groups low-risk categories
/// against high-risk ones), and the ordinals are binned like numbers. Missing cells, and categories
/// the training rows never had, take the reserved code `missingCode`; every split learns the side
/// they go to.
public struct TreeFeature: Codable, Sendable, Equatable {
    /// Whether a column's cells are numbers or labels.
    public enum Kind: String, Codable, Sendable { case numeric, categorical }

    /// The code of a missing value (and of an unseen category) in every feature.
    public static let missingCode: UInt8 = 255

    /// The column the feature reads.
    public let name: String
    public let kind: Kind
    /// Upper bounds of every bin but the last: a value x falls in the first bin k with x ≤ edges[k]
    /// (the last bin when none). Categorical features bin their ordinals.
    public let edges: [Double]
    /// Categorical: the ordinal of each training category (0 = lowest smoothed bad rate).
    public let ordinals: [String: Int]
    /// Monotone constraint: +1 risk never falls as the value rises, −1 never rises, 0 none.
    public let monotone: Int

    /// Bins of present values (codes `0..<binCount`); the missing code comes on top.
    public var binCount: Int { edges.count + 1 }

    /// A feature with given bins (`GradientBoostingTrainer` fits them from the training rows).
    public init(name: String, kind: Kind, edges: [Double], ordinals: [String: Int] = [:], monotone: Int = 0) {
        self.name = name
        self.kind = kind
        self.edges = edges
        self.ordinals = ordinals
        self.monotone = monotone
    }

    /// A cell's text trimmed of spaces (`TabularData.trimmed`), or nil when the cell counts as
    /// missing (`TabularData.isMissing`).
    static func text(_ cell: String) -> String? {
        switch TabularData.trimmed(cell) {
        case "", "NA", "null", "NULL", "NaN": return nil
        case let text: return text
        }
    }

    /// The number a present cell's text holds (nil for a label, NaN or infinity: JSON cannot
    /// carry them in bin edges).
    static func number(_ text: String) -> Double? {
        guard let x = Double(text), x.isFinite else { return nil }
        return x
    }

    /// The bin code of a value (a number, or a categorical ordinal).
    func code(ofValue x: Double) -> UInt8 {
        var lo = 0, hi = edges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if x <= edges[mid] { hi = mid } else { lo = mid + 1 }
        }
        return UInt8(lo)
    }

    /// The bin code of a cell.
    /// - Throws: `ModelError` naming the row and column (never the value) when a numeric feature's
    ///   cell is not a number.
    public func code(of cell: String, row: Int) throws -> UInt8 {
        guard let text = Self.text(cell) else { return Self.missingCode }
        switch kind {
        case .numeric:
            guard let x = Self.number(text) else {
                // The value itself is not echoed: a column may hold personal data.
                throw ModelError(code: .badValue, "row \(row), column \(name): the value is not a number (the model reads \(name) as numeric); fix or blank the cell")
            }
            return code(ofValue: x)
        case .categorical:
            guard let k = ordinals[text] else { return Self.missingCode }
            return code(ofValue: Double(k))
        }
    }

    /// Fits the bins of one column on the training cells.
    /// - Parameters:
    ///   - kind: numeric when every present cell of the rows the model sees is a number.
    ///   - smoothing: pseudo-rows at the overall bad rate added to each category's bad rate.
    static func fit(name: String, cells: [String], target: [Int], kind: Kind, maxBins: Int, smoothing: Double, monotone: Int) -> TreeFeature {
        switch kind {
        case .numeric:
            let values = cells.compactMap { text($0).flatMap(number) }
            return TreeFeature(name: name, kind: kind, edges: quantileEdges(values, maxBins: maxBins), monotone: monotone)
        case .categorical:
            var counts: [String: (n: Double, bad: Double)] = [:]
            var total = 0.0, bad = 0.0
            for (cell, y) in zip(cells, target) {
                guard let key = text(cell) else { continue }
                counts[key, default: (0, 0)].n += 1
                counts[key, default: (0, 0)].bad += Double(y)
                total += 1; bad += Double(y)
            }
            let prior = total > 0 ? bad / total : 0
            let rate = counts.mapValues { ($0.bad + smoothing * prior) / ($0.n + smoothing) }
            let order = rate.keys.sorted { rate[$0]! != rate[$1]! ? rate[$0]! < rate[$1]! : $0 < $1 }
            var ordinals: [String: Int] = [:]
            for (k, key) in order.enumerated() { ordinals[key] = k }
            let edges = quantileEdges(cells.compactMap { text($0).flatMap { ordinals[$0] }.map(Double.init) }, maxBins: maxBins)
            return TreeFeature(name: name, kind: kind, edges: edges, ordinals: ordinals, monotone: monotone)
        }
    }

    /// Edges for at most `maxBins` bins: midpoints between distinct values when there are few,
    /// otherwise the values at the quantiles (ties can make fewer bins).
    static func quantileEdges(_ values: [Double], maxBins: Int) -> [Double] {
        let sorted = values.sorted()
        var distinct: [Double] = []
        for x in sorted where distinct.last != x {
            distinct.append(x)
            if distinct.count > maxBins { break }
        }
        if distinct.count <= maxBins {
            return zip(distinct, distinct.dropFirst()).map { $0 + ($1 - $0) / 2 }
        }
        var edges: [Double] = []
        for k in 1..<maxBins {
            let x = sorted[k * sorted.count / maxBins]
            if x < sorted[sorted.count - 1] && edges.last.map({ x > $0 }) ?? true { edges.append(x) }
        }
        return edges
    }
}
