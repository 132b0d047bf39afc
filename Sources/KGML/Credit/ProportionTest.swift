import Foundation

/// Whether two bins' bad rates differ by more than chance: the two-sided p-value of the test of
/// equal proportions in a 2×2 table (bad/good × bin A/bin B). Pearson's χ² with Yates's
/// continuity correction when every expected cell holds at least 5; Fisher's exact test
/// (hypergeometric tail, summed in log space) when one does not, which is the case for the rare
/// values whose evidence the binning must weigh before merging them.
public enum ProportionTest {
    /// - Parameters: bads and totals of the two bins.
    /// - Returns: the p-value (1 when either bin is empty or all rows share one class).
    public static func pValue(badA: Int, countA: Int, badB: Int, countB: Int) -> Double {
        let n = countA + countB, bads = badA + badB
        guard countA > 0, countB > 0, bads > 0, bads < n else { return 1 }
        let goods = n - bads
        let expected = [Double(countA) * Double(bads), Double(countA) * Double(goods), Double(countB) * Double(bads), Double(countB) * Double(goods)].map { $0 / Double(n) }
        if expected.allSatisfy({ $0 >= 5 }) {
            let observed = [badA, countA - badA, badB, countB - badB].map(Double.init)
            var chi2 = 0.0
            for (o, e) in zip(observed, expected) {
                let d = max(0, abs(o - e) - 0.5)
                chi2 += d * d / e
            }
            // χ² with one degree of freedom: P(X > x) = erfc(√(x/2)).
            return erfc((chi2 / 2).squareRoot())
        }
        return fisher(badA: badA, countA: countA, bads: bads, n: n)
    }

    /// Two-sided Fisher exact test: the probability of every table with A's bad count at most as
    /// likely as the observed one, margins fixed.
    static func fisher(badA: Int, countA: Int, bads: Int, n: Int) -> Double {
        func logChoose(_ a: Int, _ b: Int) -> Double { lgamma(Double(a + 1)) - lgamma(Double(b + 1)) - lgamma(Double(a - b + 1)) }
        let total = logChoose(n, bads)
        func logP(_ k: Int) -> Double { logChoose(countA, k) + logChoose(n - countA, bads - k) - total }
        let low = max(0, bads - (n - countA)), high = min(countA, bads)
        let observed = logP(badA) + 1e-9
        var p = 0.0
        for k in low...high {
            let l = logP(k)
            if l <= observed { p += exp(l) }
        }
        return min(1, p)
    }
}

extension ProportionTest {
    /// P(X > x) for X ~ χ² with `df` degrees of freedom: the regularized upper incomplete gamma
    /// Q(df/2, x/2), by its series below a + 1 and its continued fraction (modified Lentz) above.
    public static func chiSquareSurvival(_ x: Double, df: Int) -> Double {
        guard x > 0, df > 0 else { return 1 }
        let a = Double(df) / 2, z = x / 2
        let logPrefix = a * log(z) - z - lgamma(a)
        if z < a + 1 {
            var term = 1 / a, sum = term, k = a
            for _ in 0..<500 {
                k += 1; term *= z / k; sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return max(0, min(1, 1 - sum * exp(logPrefix)))
        }
        let tiny = 1e-300
        var b = z + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...500 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b; if abs(d) < tiny { d = tiny }
            c = b + an / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return max(0, min(1, exp(logPrefix) * h))
    }

    /// The likelihood-ratio (G) statistic of bins against one bin: 2 Σ [bad·ln(rate/overall) +
    /// good·ln((1 − rate)/(1 − overall))].
    static func gStatistic(counts: [Int], bads: [Int]) -> Double {
        let n = counts.reduce(0, +), b = bads.reduce(0, +)
        guard n > 0, b > 0, b < n else { return 0 }
        let overall = Double(b) / Double(n)
        var g = 0.0
        for (c, y) in zip(counts, bads) where c > 0 {
            let rate = Double(y) / Double(c)
            if y > 0 { g += Double(y) * log(rate / overall) }
            if y < c { g += Double(c - y) * log((1 - rate) / (1 - overall)) }
        }
        return 2 * g
    }
}
