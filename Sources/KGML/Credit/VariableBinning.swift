import Foundation
import KGCore

/// The bins of one variable with their weight of evidence (WoE = ln(share of bads / share of
/// goods), 0.5 added to empty counts) and information value.
///
/// Numeric variables: pre-bins at the 5 % quantiles (one per value for at most 20 distinct values), merged until every bin holds at least
/// `minimumShare` of the rows, then adjacent bins merged until the bad rate is monotonic (in the
/// direction with the larger IV, as optbinning's monotonic constraint), then until at most
/// `maximumBins` remain (each time the adjacent pair whose merge loses the least IV). Categorical
/// variables: categories sorted by bad rate, rare ones merged into their neighbour, then the same
/// least-IV-loss merging. Missing values form their own bin when the training data has them.
public struct VariableBinning: Codable, Sendable {
    public enum Kind: String, Codable, Sendable { case numeric, categorical }

    public let name: String
    public let kind: Kind
    /// Numeric: upper bounds of every bin but the last (bin k holds edges[k−1] < x ≤ edges[k]).
    public let edges: [Double]
    /// Categorical: the categories of each bin.
    public let categories: [[String]]
    /// Whether the last bin is the missing-value bin.
    public let hasMissingBin: Bool
    public let counts: [Int]
    public let bads: [Int]
    public let woe: [Double]
    public let iv: Double

    public var binCount: Int { woe.count }

    /// Bin labels for the card.
    public var labels: [String] {
        var out: [String] = []
        switch kind {
        case .numeric:
            let n = edges.count + 1
            for k in 0..<n {
                if n == 1 { out.append("all") } else if k == 0 { out.append("≤ \(Self.format(edges[0]))") } else if k == n - 1 {
                    out.append("> \(Self.format(edges[k - 1]))")
                } else { out.append("(\(Self.format(edges[k - 1])), \(Self.format(edges[k]))]") }
            }
        case .categorical:
            out = categories.map { $0.joined(separator: " | ") }
        }
        if hasMissingBin { out.append("missing") }
        return out
    }

    static func format(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%.4g", x) }

    /// The bin of a cell: nil for a value the training data never had (an unseen category, or a
    /// missing value without a missing bin).
    /// - Throws: `ModelError` for a non-number in a numeric variable.
    public func bin(of cell: String, row: Int) throws -> Int? {
        if TabularData.isMissing(cell) { return hasMissingBin ? binCount - 1 : nil }
        switch kind {
        case .numeric:
            guard let x = Double(cell.trimmingCharacters(in: .whitespaces)) else {
                // The value itself is not echoed: a column may hold personal data.
                throw ModelError(code: .badValue, "row \(row), column \(name): the value is not a number (the model bins \(name) as numeric); fix or blank the cell")
            }
            return edges.firstIndex { x <= $0 } ?? edges.count
        case .categorical:
            return categories.firstIndex { $0.contains(cell) }
        }
    }

    /// Fits the bins of one column against a 0/1 target (1 = bad).
    public static func fit(name: String, cells: [String], target: [Int], kind: Kind, minimumShare: Double = 0.05, maximumBins: Int = 6) throws -> VariableBinning {
        let n = cells.count
        let minimum = max(1, Int((minimumShare * Double(n)).rounded(.up)))
        let totalBad = target.reduce(0, +), totalGood = n - totalBad
        var missingCount = 0, missingBad = 0
        var groups: [(key: [String], upper: Double, count: Int, bad: Int)] = []
        switch kind {
        case .numeric:
            var values: [(Double, Int)] = []
            for (c, y) in zip(cells, target) {
                if TabularData.isMissing(c) { missingCount += 1; missingBad += y; continue }
                guard let x = Double(c.trimmingCharacters(in: .whitespaces)) else {
                    throw ModelError(code: .badValue, "column \(name): a value is not a number")
                }
                values.append((x, y))
            }
            values.sort { $0.0 < $1.0 }
            // Distinct values in order, then pre-bins closing at the 5 % quantiles; a variable
            // with at most 20 distinct values (a count) gets one pre-bin per value, so a rare tail
            // (3, 5, 9 complaints) is not lumped into one pre-bin with the first non-zero value.
            var distinct = 0
            for k in values.indices where k == 0 || values[k].0 != values[k - 1].0 { distinct += 1; if distinct > 20 { break } }
            var i = 0
            let step = distinct <= 20 ? 1 : max(1, values.count / 20)
            while i < values.count {
                var j = min(values.count, i + step)
                while j < values.count && values[j].0 == values[j - 1].0 { j += 1 }
                let slice = values[i..<j]
                groups.append(([], slice.last!.0, slice.count, slice.reduce(0) { $0 + $1.1 }))
                i = j
            }
        case .categorical:
            var byCategory: [String: (Int, Int)] = [:]
            for (c, y) in zip(cells, target) {
                if TabularData.isMissing(c) { missingCount += 1; missingBad += y; continue }
                byCategory[c, default: (0, 0)].0 += 1
                byCategory[c, default: (0, 0)].1 += y
            }
            groups = byCategory.map { (key: [$0.key], upper: 0.0, count: $0.value.0, bad: $0.value.1) }.sorted { a, b in
                let ra = Double(a.bad) / Double(a.count), rb = Double(b.bad) / Double(b.count)
                return ra != rb ? ra < rb : a.key[0] < b.key[0]
            }
        }
        func merge(_ k: Int) {
            let a = groups[k], b = groups[k + 1]
            groups[k] = (a.key + b.key, b.upper, a.count + b.count, a.bad + b.bad)
            groups.remove(at: k + 1)
        }
        func iv(_ gs: [(key: [String], upper: Double, count: Int, bad: Int)]) -> Double {
            gs.reduce(0) { total, g in
                let pb = (Double(g.bad) + 0.5) / Double(totalBad + 1), pg = (Double(g.count - g.bad) + 0.5) / Double(totalGood + 1)
                return total + (pb - pg) * log(pb / pg)
            }
        }
        // Every bin at least the minimum size: merge the smallest with its smaller neighbour.
        while groups.count > 1, let k = groups.indices.min(by: { groups[$0].count < groups[$1].count }), groups[k].count < minimum {
            if k == 0 { merge(0) } else if k == groups.count - 1 { merge(k - 1) } else { merge(groups[k - 1].count <= groups[k + 1].count ? k - 1 : k) }
        }
        if kind == .numeric && groups.count > 1 {
            // Monotonic bad rate, in the direction that keeps more information.
            func monotonic(_ start: [(key: [String], upper: Double, count: Int, bad: Int)], increasing: Bool) -> [(key: [String], upper: Double, count: Int, bad: Int)] {
                var gs = start
                var changed = true
                while changed && gs.count > 1 {
                    changed = false
                    for k in 0..<(gs.count - 1) {
                        let r0 = Double(gs[k].bad) / Double(gs[k].count), r1 = Double(gs[k + 1].bad) / Double(gs[k + 1].count)
                        if increasing ? r0 > r1 : r0 < r1 {
                            let a = gs[k], b = gs[k + 1]
                            gs[k] = (a.key, b.upper, a.count + b.count, a.bad + b.bad)
                            gs.remove(at: k + 1)
                            changed = true
                            break
                        }
                    }
                }
                return gs
            }
            let up = monotonic(groups, increasing: true), down = monotonic(groups, increasing: false)
            groups = iv(up) >= iv(down) ? up : down
        }
        // At most `maximumBins`: merge the adjacent pair that loses the least IV.
        while groups.count > maximumBins {
            var best = 0, bestIV = -Double.infinity
            for k in 0..<(groups.count - 1) {
                var trial = groups
                let a = trial[k], b = trial[k + 1]
                trial[k] = (a.key + b.key, b.upper, a.count + b.count, a.bad + b.bad)
                trial.remove(at: k + 1)
                let v = iv(trial)
                if v > bestIV { bestIV = v; best = k }
            }
            merge(best)
        }
        var counts = groups.map(\.count), bads = groups.map(\.bad)
        let hasMissing = missingCount > 0
        if hasMissing { counts.append(missingCount); bads.append(missingBad) }
        let woe = zip(counts, bads).map { count, bad -> Double in
            let pb = (Double(bad) + 0.5) / Double(totalBad + 1), pg = (Double(count - bad) + 0.5) / Double(totalGood + 1)
            return log(pb / pg)
        }
        let info = zip(zip(counts, bads), woe).reduce(0.0) { total, item in
            let ((count, bad), w) = item
            let pb = (Double(bad) + 0.5) / Double(totalBad + 1), pg = (Double(count - bad) + 0.5) / Double(totalGood + 1)
            return total + (pb - pg) * w
        }
        return VariableBinning(name: name, kind: kind, edges: kind == .numeric ? groups.dropLast().map(\.upper) : [],
                               categories: kind == .categorical ? groups.map(\.key) : [], hasMissingBin: hasMissing,
                               counts: counts, bads: bads, woe: woe, iv: info)
    }
}
