import Foundation
import KGCore

/// Finds pairs of numeric columns that interact: whose joint effect on the event an additive model
/// misses. Greedy trees and additive scorecards both miss a pair whose columns have no effect alone
/// (headcount and tax moving in opposite directions); this search looks at every pair at once.
///
/// The method is the FAST ranking of GA²M models (Lou, Caruana et al., 2013), with a test added:
/// 1. an additive model (boosted stumps: one split per tree, so no interaction) is fitted and its
///    gradients g = p − y and hessians h = p(1 − p) taken on the rows;
/// 2. every numeric column is cut into at most `bins` quantile bins (missing cells apart);
/// 3. for every pair, over every pair of cuts, the four quadrants (and the rows with a missing
///    cell) get their own Newton step, and the score statistic Σ G²/(H + λ) − G²ₜₒₜ/(Hₜₒₜ + λ)
///    is kept at the best cuts (cumulative sums make each pair O(bins²) after one pass over the rows);
/// 4. under no interaction the statistic is about χ² with 3 degrees of freedom (4 with a missing
///    group); its p-value is multiplied by the number of cut pairs tried over all pairs
///    (Bonferroni), and a pair is kept when that is below `alpha`.
/// The strongest pairs kept (at most `maxTerms`) become `InteractionTerm`s.
public enum InteractionSearch {
    /// Settings of the search.
    public struct Settings: Sendable {
        /// Pairs kept at most (0: no search).
        public var maxTerms = 3
        /// Family-wise level of the corrected test.
        public var alpha = 0.01
        /// Quantile bins per column.
        public var bins = 32
        /// Ridge λ of the quadrant steps.
        public var l2 = 1.0
        /// At most this many numeric columns (the first in table order) enter the search: bounds
        /// the pairs (n(n − 1)/2) on wide tables.
        public var maxColumns = 60
        public var seed: UInt64 = 42
        public init() {}
    }

    /// One pair measured.
    public struct Pair: Sendable {
        public let first: String, second: String
        public let statistic: Double
        public let pValue: Double
        /// The best 2 × 2 cut: a row is on the low side of a column when its value is at or below the cut.
        public let firstCut: Double?, secondCut: Double?
    }

    /// The interaction terms of `features` on `rows`, strongest first.
    /// - Parameter target: 0/1 per table row.
    public static func find(_ data: TabularData, rows: [Int], target: [Int], features: [String], settings s: Settings = .init()) throws -> [InteractionTerm] {
        guard s.maxTerms > 0 else { return [] }
        let numeric = numericColumns(data, rows: rows, features: features)
        guard numeric.count >= 2 else { return [] }
        let (g, h) = try residuals(data, rows: rows, target: target, features: features, seed: s.seed)
        let columns = Array(numeric.prefix(s.maxColumns))
        let coded = columns.map { codes(data.column($0)!, rows: rows, bins: s.bins) }
        var tried = 0.0
        var found: [(Pair, Int, Int)] = []
        for i in 0..<columns.count {
            for j in (i + 1)..<columns.count {
                let b = best(coded[i], coded[j], g: g, h: h, l2: s.l2)
                tried += Double(b.tried)
                found.append((Pair(first: columns[i], second: columns[j], statistic: b.statistic, pValue: ProportionTest.chiSquareSurvival(b.statistic, df: b.df),
                                   firstCut: coded[i].edge(b.cut.0), secondCut: coded[j].edge(b.cut.1)), i, j))
            }
        }
        let kept = found.map { (p, i, j) in (Pair(first: p.first, second: p.second, statistic: p.statistic, pValue: min(1, p.pValue * max(1, tried)),
                                                  firstCut: p.firstCut, secondCut: p.secondCut), i, j) }
            .filter { $0.0.pValue < s.alpha }
            // A pair whose derived name is already a column of the table would be shadowed by it.
            .filter { data.column("\($0.0.first)×\($0.0.second)") == nil }
            .sorted { $0.0.statistic > $1.0.statistic }
            .prefix(s.maxTerms)
        return kept.map { p, i, j in
            InteractionTerm(first: p.first, second: p.second, firstGrid: InteractionTerm.grid(coded[i].values), secondGrid: InteractionTerm.grid(coded[j].values),
                            statistic: p.statistic, pValue: p.pValue, firstCut: p.firstCut, secondCut: p.secondCut)
        }
    }

    /// Columns whose present cells on `rows` are all numbers, with at least two distinct values.
    static func numericColumns(_ data: TabularData, rows: [Int], features: [String]) -> [String] {
        features.filter { name in
            guard let cells = data.column(name) else { return false }
            var first: Double?, varied = false
            for r in rows {
                guard let text = TreeFeature.text(cells[r]) else { continue }
                guard let x = TreeFeature.number(text) else { return false }
                if let f = first { if f != x { varied = true } } else { first = x }
            }
            return varied
        }
    }

    /// Gradients and hessians of an additive model (boosted stumps) on `rows`.
    static func residuals(_ data: TabularData, rows: [Int], target: [Int], features: [String], seed: UInt64) throws -> ([Double], [Double]) {
        var c = GradientBoostingTrainer.Configuration()
        c.maxLeaves = 2
        c.learningRate = 0.1
        c.maxRounds = 400
        c.earlyStoppingRounds = 30
        c.minChildSamples = 50
        c.threads = 1
        c.seed = seed
        let additive = try GradientBoostingTrainer.fit(data, rows: rows, target: target, features: features, configuration: c)
        let margins = try additive.margins(data, rows: rows)
        var g = [Double](repeating: 0, count: rows.count), h = g
        for (k, r) in rows.enumerated() {
            let p = 1 / (1 + exp(-margins[k]))
            g[k] = p - Double(target[r]); h[k] = p * (1 - p)
        }
        return (g, h)
    }

    /// A column's quantile-bin codes on `rows` (`bins` = the missing code), its present values and
    /// the bins' upper edges (a value is in bin k when it is at or below `edges[k]` and above the one before).
    struct Coded {
        let codes: [UInt8]; let bins: Int; let values: [Double]; let edges: [Double]
        /// The value a cut after bin `k` falls at (nil past the last edge).
        func edge(_ k: Int) -> Double? { edges.indices.contains(k) ? edges[k] : nil }
    }

    static func codes(_ cells: [String], rows: [Int], bins: Int) -> Coded {
        let x = rows.map { TreeFeature.text(cells[$0]).flatMap(TreeFeature.number) }
        let values = x.compactMap { $0 }
        let edges = TreeFeature.quantileEdges(values, maxBins: bins)
        let feature = TreeFeature(name: "", kind: .numeric, edges: edges)
        let missing = UInt8(edges.count + 1)
        return Coded(codes: x.map { $0.map(feature.code(ofValue:)) ?? missing }, bins: edges.count + 1, values: values, edges: edges)
    }

    /// The best 2 × 2 cut of a pair: its statistic, degrees of freedom, the number of cut pairs
    /// tried and the cut (the last bin of each column's low side).
    static func best(_ a: Coded, _ b: Coded, g: [Double], h: [Double], l2: Double) -> (statistic: Double, df: Int, tried: Int, cut: (Int, Int)) {
        let na = a.bins, nb = b.bins, width = nb + 1
        var G = [Double](repeating: 0, count: (na + 1) * width), H = G
        for k in 0..<g.count {
            let cell = Int(a.codes[k]) * width + Int(b.codes[k])
            G[cell] += g[k]; H[cell] += h[k]
        }
        // The rows with a missing cell in either column form one group.
        var gMissing = 0.0, hMissing = 0.0
        for i in 0...na { gMissing += G[i * width + nb]; hMissing += H[i * width + nb] }
        for j in 0..<nb { gMissing += G[na * width + j]; hMissing += H[na * width + j] }
        // Cumulative sums over the present cells: C[i][j] = Σ cells (≤ i, ≤ j).
        var CG = [Double](repeating: 0, count: na * nb), CH = CG
        for i in 0..<na {
            var rowG = 0.0, rowH = 0.0
            for j in 0..<nb {
                rowG += G[i * width + j]; rowH += H[i * width + j]
                CG[i * nb + j] = rowG + (i > 0 ? CG[(i - 1) * nb + j] : 0)
                CH[i * nb + j] = rowH + (i > 0 ? CH[(i - 1) * nb + j] : 0)
            }
        }
        let tG = CG[na * nb - 1], tH = CH[na * nb - 1]
        func step(_ g: Double, _ h: Double) -> Double { g * g / (h + l2) }
        let totalG = tG + gMissing, totalH = tH + hMissing
        var bestGain = 0.0, bestCut = (0, 0)
        for i in 0..<(na - 1) {
            let rowEndG = CG[i * nb + nb - 1], rowEndH = CH[i * nb + nb - 1]
            for j in 0..<(nb - 1) {
                let g00 = CG[i * nb + j], h00 = CH[i * nb + j]
                let g01 = rowEndG - g00, h01 = rowEndH - h00
                let g10 = CG[(na - 1) * nb + j] - g00, h10 = CH[(na - 1) * nb + j] - h00
                let g11 = tG - g00 - g01 - g10, h11 = tH - h00 - h01 - h10
                let gain = step(g00, h00) + step(g01, h01) + step(g10, h10) + step(g11, h11)
                if gain > bestGain { bestGain = gain; bestCut = (i, j) }
            }
        }
        let stat = max(0, bestGain + step(gMissing, hMissing) - step(totalG, totalH))
        return (stat, hMissing > 0 ? 4 : 3, max(1, (na - 1) * (nb - 1)), bestCut)
    }
}
