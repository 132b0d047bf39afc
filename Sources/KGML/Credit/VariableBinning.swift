import Foundation
import KGCore

/// The bins of one variable with their weight of evidence (WoE = ln(share of bads / share of
/// goods), 0.5 added to empty counts) and information value.
///
/// Numeric variables: pre-bins at the 5 % quantiles (one per value for at most 20 distinct
/// values); a count's zero and a lone negative sentinel are special bins that are never merged.
/// Bins under `minimumShare` of the rows are merged into their neighbour only when their bad rate
/// does not differ from it significantly (`ProportionTest`): a rare value with strong evidence
/// keeps its own bin. The bad rate is then made monotonic (in the direction that keeps more IV)
/// where the direction is clear, that is unless the significant bins (ChiMerge at 5 %) fit the
/// bad flags better by a likelihood-ratio test at 0.1 % divided by the number of ways their cuts
/// could be chosen among the pre-bins' boundaries; then they stay as they are (a U-shape). Then
/// finer cuts, one every 0.05 % of the rows: a bin is split where its two sides (each at least
/// 0.5 % of the rows) differ at `evidence` once the p-value is corrected for the choice of the cut
/// (a maximally selected χ², Bonferroni across bins), so a step inside a pre-bin (a risk that jumps below one year of age, 2.6 % of the rows) gets its own bin
/// and a column without signal almost never gains one (monotonic bins stay monotonic). Last,
/// adjacent bins merged until at most `maximumBins` remain (each time the pair
/// whose merge loses the least IV). A two-valued column (a flag) always keeps both bins.
/// Categorical variables: categories sorted by bad rate, rare ones merged into their neighbour
/// under the same test, then the same least-IV-loss merging. Missing values form their own bin
/// when the training data has them.
public struct VariableBinning: Codable, Sendable, Equatable {
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

    /// The p-value of the bins against one bin (likelihood ratio, χ² with bins − 1 degrees of
    /// freedom): how likely bins this different would be if the column said nothing.
    public var pValue: Double {
        ProportionTest.chiSquareSurvival(ProportionTest.gStatistic(counts: counts, bads: bads), df: max(1, binCount - 1))
    }

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
            guard let x = Double(TabularData.trimmed(cell)) else {
                // The value itself is not echoed: a column may hold personal data.
                throw ModelError(code: .badValue, "row \(row), column \(name): the value is not a number (the model bins \(name) as numeric); fix or blank the cell")
            }
            return edges.firstIndex { x <= $0 } ?? edges.count
        case .categorical:
            return categories.firstIndex { $0.contains(cell) }
        }
    }

    /// Fits the bins of one column against a 0/1 target (1 = bad).
    /// - Parameters:
    ///   - minimumShare: bins under this share of the rows are merged into a neighbour unless
    ///     their bad rate differs from it at level `evidence` (a test, not the share alone).
    ///   - evidence: the significance level that lets a small bin keep its own evidence.
    public static func fit(name: String, cells: [String], target: [Int], kind: Kind, minimumShare: Double = 0.05, maximumBins: Int = 6,
                           evidence: Double = 0.01) throws -> VariableBinning {
        let n = cells.count
        let minimum = max(1, Int((minimumShare * Double(n)).rounded(.up)))
        // The smallest bin kept on evidence alone: 10 rows, or 0.1 % of them on large tables.
        let floor = max(10, n / 1000)
        let totalBad = target.reduce(0, +), totalGood = n - totalBad
        var missingCount = 0, missingBad = 0
        var initial: [BinGroups.Group] = []
        var values: [(Double, Int)] = []
        switch kind {
        case .numeric:
            for (c, y) in zip(cells, target) {
                if TabularData.isMissing(c) { missingCount += 1; missingBad += y; continue }
                guard let x = Double(TabularData.trimmed(c)) else {
                    throw ModelError(code: .badValue, "column \(name): a value is not a number")
                }
                values.append((x, y))
            }
            values.sort { $0.0 < $1.0 }
            initial = preBins(values)
        case .categorical:
            var byCategory: [String: (Int, Int)] = [:]
            for (c, y) in zip(cells, target) {
                if TabularData.isMissing(c) { missingCount += 1; missingBad += y; continue }
                byCategory[c, default: (0, 0)].0 += 1
                byCategory[c, default: (0, 0)].1 += y
            }
            initial = byCategory.map { BinGroups.Group(key: [$0.key], upper: 0, count: $0.value.0, bad: $0.value.1, special: false) }.sorted { a, b in
                a.rate != b.rate ? a.rate < b.rate : a.key[0] < b.key[0]
            }
        }
        var bins = BinGroups(groups: initial, totalBad: totalBad, totalGood: totalGood)
        // A binary flag keeps both values, however rare one of them is.
        if bins.count != 2 {
            bins.mergeSmall(minimum: minimum, floor: floor, alpha: evidence)
            if kind == .numeric && bins.count > 1 { bins.shape(alpha: 0.05, level: 0.001) }
            if kind == .numeric {
                // Finer cuts (every 0.05 % of the rows; new bins of at least 0.5 % of them), kept only
                // on evidence corrected for the choice of the cut; the least informative bins are
                // merged again below.
                let side = max(floor, values.count / 200)
                bins.refine(values: values, cuts: BinGroups.candidateCuts(values, step: max(1, values.count / 2000)), side: side, alpha: evidence,
                            maximum: 2 * maximumBins)
            }
            bins.limit(to: maximumBins)
        }
        let groups = bins.groups
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

    /// Pre-bins of sorted numeric values. A count's zero (every value an integer, zero for at least
    /// 10 % of the rows, at least three distinct values) and a lone negative sentinel of such a column
    /// (−1, −999: "unknown") are special bins of their own. The rest: one pre-bin per value for at
    /// most 20 distinct values (so a rare tail of 3, 5, 9 complaints is not lumped into one pre-bin
    /// with the first non-zero value), else pre-bins closing at the 5 % quantiles.
    static func preBins(_ values: [(Double, Int)]) -> [BinGroups.Group] {
        guard !values.isEmpty else { return [] }
        let integral = values.allSatisfy { $0.0 == $0.0.rounded() }
        let negatives = Set(values.lazy.filter { $0.0 < 0 }.map(\.0))
        let distinctAll = Set(values.map(\.0)).count
        let zeros = values.lazy.filter { $0.0 == 0 }.count
        let countLike = integral && negatives.count <= 1 && distinctAll > 2 && zeros * 10 >= values.count
        var out: [BinGroups.Group] = []
        var rest = values[...]
        if countLike {
            for special in negatives.sorted() + [0] {
                let slice = rest.prefix { $0.0 == special }
                guard !slice.isEmpty else { continue }
                out.append(.init(key: [], upper: special, count: slice.count, bad: slice.reduce(0) { $0 + $1.1 }, special: true))
                rest = rest.dropFirst(slice.count)
            }
        }
        let part = Array(rest)
        var distinct = 0
        for k in part.indices where k == 0 || part[k].0 != part[k - 1].0 { distinct += 1; if distinct > 20 { break } }
        let step = distinct <= 20 ? 1 : max(1, part.count / 20)
        var i = 0
        while i < part.count {
            var j = min(part.count, i + step)
            while j < part.count && part[j].0 == part[j - 1].0 { j += 1 }
            let slice = part[i..<j]
            out.append(.init(key: [], upper: slice.last!.0, count: slice.count, bad: slice.reduce(0) { $0 + $1.1 }, special: false))
            i = j
        }
        return out
    }
}
