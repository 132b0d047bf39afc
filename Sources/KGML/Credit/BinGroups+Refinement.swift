import Foundation

extension BinGroups {
    /// Candidate cut positions in sorted values: a cut at `i` puts values[..<i] left and values[i...]
    /// right. One cut every `step` rows (at the next change of value), so a column of n rows has
    /// about n / step candidates whatever its number of distinct values.
    static func candidateCuts(_ values: [(Double, Int)], step: Int) -> [Int] {
        var out: [Int] = []
        var i = step
        while i < values.count {
            while i < values.count && values[i].0 == values[i - 1].0 { i += 1 }
            guard i < values.count else { break }
            out.append(i)
            i += step
        }
        return out
    }

    /// Splits bins at fine candidate cuts where the two sides' bad rates differ beyond what the
    /// number of cuts tried explains: a step that the coarse pre-bins (5 % quantiles) straddle, such
    /// as a risk that jumps below 1 year of age (2.6 % of the rows), gets its own bin.
    ///
    /// Every candidate cut of `cuts` (positions in `values`, the column's sorted non-missing values,
    /// in the same order as the bins) inside a non-special bin, with at least `side` rows on each
    /// side, is tested (the bin's two sides); its p-value is corrected for the choice of the cut
    /// within the bin (`selectedPValue`) and multiplied by the number of bins scanned (Bonferroni),
    /// so on a column without signal a split is added with probability about `alpha` at most,
    /// however fine the cuts. The most significant split
    /// is applied and the search repeats until none passes or `maximum` bins are reached. When the
    /// bins are monotonic in their bad rate they stay so: neighbours that a split puts out of order
    /// are merged, and a split whose own cut does not survive that is not taken.
    mutating func refine(values: [(Double, Int)], cuts: [Int], side: Int, alpha: Double, maximum: Int) {
        guard !cuts.isEmpty, groups.reduce(0, { $0 + $1.count }) == values.count else { return }
        var badsBefore = [0]
        for v in values { badsBefore.append(badsBefore.last! + v.1) }
        // The bins scanned (Bonferroni across them: each bin's scan has its own correction).
        let scanned = Double(max(1, groups.filter { !$0.special && $0.count >= 2 * side }.count))
        var used: Set<Int> = []
        while groups.lazy.filter({ !$0.special }).count < maximum {
            // Monotonic bins stay monotonic: after a split, neighbours that break the order are merged
            // (`monotonic`), and the split counts only when its cut survives that.
            let rates = groups.filter { !$0.special }.map(\.rate)
            let direction: Bool? = rates.count > 1 && Self.isMonotonic(groups) ? rates.last! >= rates.first! : nil
            var best: (cut: Int, p: Double, groups: [Group])?
            var inBin: [Int] = [], first = 0
            for g in groups {
                inBin.append(cuts.lazy.filter { $0 - first >= side && first + g.count - $0 >= side }.count)
                first += g.count
            }
            var start = 0
            for (k, g) in groups.enumerated() {
                defer { start += g.count }
                guard !g.special, g.count >= 2 * side else { continue }
                let end = start + g.count
                for c in cuts where c - start >= side && end - c >= side {
                    let leftBad = badsBefore[c] - badsBefore[start], rightBad = badsBefore[end] - badsBefore[c]
                    let p = Self.selectedPValue(badA: leftBad, countA: c - start, badB: rightBad, countB: end - c, side: side, cuts: inBin[k]) * scanned
                    guard p < alpha, best == nil || p < best!.p, !used.contains(c) else { continue }
                    var next = split(k, start: start, at: c, values: values, bads: badsBefore)
                    if let increasing = direction {
                        next = Self.monotonic(next, increasing: increasing)
                        guard next.contains(where: { !$0.special && $0.upper == values[c - 1].0 }) else { continue }
                    }
                    best = (c, p, next)
                }
            }
            guard let b = best else { return }
            used.insert(b.cut)
            groups = b.groups
        }
    }

    /// The p-value of the best cut of a bin, corrected for the choice of the cut: the smaller of
    /// Bonferroni (the 2 × 2 test's p-value times the `cuts` tried) and, when every expected cell
    /// holds at least 5, the approximation of Miller & Siegmund (1982) for a maximally selected χ²
    /// statistic over cuts leaving at least `side` rows on either side (Lausen & Schumacher 1992):
    /// P(max |Z| > z) ≈ φ(z)(z − 1/z)·ln(ε₂(1 − ε₁) / (ε₁(1 − ε₂))) + 4φ(z)/z, ε₁ and ε₂ the smallest
    /// and largest share of the bin's rows on the left. Adjacent cuts' statistics move together,
    /// so the scan costs far less than a test per cut, however fine the cuts.
    static func selectedPValue(badA: Int, countA: Int, badB: Int, countB: Int, side: Int, cuts: Int) -> Double {
        let bonferroni = min(1, ProportionTest.pValue(badA: badA, countA: countA, badB: badB, countB: countB) * Double(max(1, cuts)))
        let n = Double(countA + countB), bads = Double(badA + badB)
        guard bads > 0, bads < n else { return bonferroni }
        let expected = [Double(countA) * bads, Double(countA) * (n - bads), Double(countB) * bads, Double(countB) * (n - bads)].map { $0 / n }
        guard expected.allSatisfy({ $0 >= 5 }) else { return bonferroni }
        // Pearson's statistic without continuity correction: z² = n (ad − bc)² / (row and column totals).
        let a = Double(badA), b = Double(countA - badA), c = Double(badB), d = Double(countB - badB)
        let z = ((n * (a * d - b * c) * (a * d - b * c)) / (Double(countA) * Double(countB) * bads * (n - bads))).squareRoot()
        guard z > 1 else { return bonferroni }
        let e1 = Double(side) / n, e2 = 1 - e1
        guard e1 < e2 else { return bonferroni }
        let phi = exp(-z * z / 2) / (2 * Double.pi).squareRoot()
        let scan = phi * (z - 1 / z) * log(e2 * (1 - e1) / (e1 * (1 - e2))) + 4 * phi / z
        return min(bonferroni, max(0, scan))
    }

    /// The bins with bin `k` (whose first value is values[start]) split before values[cut].
    private func split(_ k: Int, start: Int, at cut: Int, values: [(Double, Int)], bads: [Int]) -> [Group] {
        let g = groups[k], end = start + g.count
        let left = Group(key: g.key, upper: values[cut - 1].0, count: cut - start, bad: bads[cut] - bads[start], special: false)
        let right = Group(key: g.key, upper: g.upper, count: end - cut, bad: bads[end] - bads[cut], special: false)
        var out = groups
        out[k] = left
        out.insert(right, at: k + 1)
        return out
    }
}
