import Foundation

/// The working bins of one variable while `VariableBinning` fits it: adjacent groups of values
/// (or categories, in bad-rate order) with their row and bad counts, and the merges the binning
/// applies. A special group (a count's zero, a sentinel such as −1) is never merged with another.
struct BinGroups {
    struct Group {
        var key: [String]
        var upper: Double
        var count: Int
        var bad: Int
        var special: Bool
        var rate: Double { Double(bad) / Double(max(1, count)) }
    }

    var groups: [Group]
    let totalBad: Int
    let totalGood: Int

    var count: Int { groups.count }

    /// Information value of `gs` (0.5 added to empty cells, as the WoE).
    func iv(_ gs: [Group]) -> Double {
        gs.reduce(0) { total, g in
            let pb = (Double(g.bad) + 0.5) / Double(totalBad + 1), pg = (Double(g.count - g.bad) + 0.5) / Double(totalGood + 1)
            return total + (pb - pg) * log(pb / pg)
        }
    }

    static func merged(_ gs: [Group], _ k: Int) -> [Group] {
        var out = gs
        let a = out[k], b = out[k + 1]
        out[k] = Group(key: a.key + b.key, upper: b.upper, count: a.count + b.count, bad: a.bad + b.bad, special: false)
        out.remove(at: k + 1)
        return out
    }

    static func mergeable(_ gs: [Group], _ k: Int) -> Bool { k >= 0 && k + 1 < gs.count && !gs[k].special && !gs[k + 1].special }

    static func pValue(_ a: Group, _ b: Group) -> Double { ProportionTest.pValue(badA: a.bad, countA: a.count, badB: b.bad, countB: b.count) }

    /// Bins under `minimum` rows are merged into their neighbour unless their bad rate differs
    /// from every neighbour's at level `alpha`: the minimum share protects against noise, not
    /// against signal. A bin under `floor` rows is merged whatever its evidence. The small bin
    /// whose nearest neighbour is the least distinguishable goes first.
    mutating func mergeSmall(minimum: Int, floor: Int, alpha: Double) {
        while true {
            var best: (k: Int, p: Double)?
            for i in groups.indices where groups[i].count < minimum && !groups[i].special {
                for j in [i - 1, i + 1] where j >= 0 && j < groups.count && !groups[j].special {
                    let p = groups[i].count < floor ? 2 : Self.pValue(groups[i], groups[j])
                    if best == nil || p > best!.p { best = (min(i, j), p) }
                }
            }
            guard let b = best, b.p >= alpha else { return }
            groups = Self.merged(groups, b.k)
        }
    }

    /// Adjacent non-special bins merged (the least distinguishable pair first) until every pair
    /// differs at level `alpha` (ChiMerge).
    static func chiMerged(_ start: [Group], alpha: Double) -> [Group] {
        var gs = start
        while true {
            var best: (k: Int, p: Double)?
            for k in 0..<max(0, gs.count - 1) where mergeable(gs, k) {
                let p = pValue(gs[k], gs[k + 1])
                if best == nil || p > best!.p { best = (k, p) }
            }
            guard let b = best, b.p >= alpha else { return gs }
            gs = merged(gs, b.k)
        }
    }

    /// Adjacent non-special bins merged until the bad rate rises (or falls) along the value.
    static func monotonic(_ start: [Group], increasing: Bool) -> [Group] {
        var gs = start
        var changed = true
        while changed {
            changed = false
            var previous: Int?
            for k in gs.indices where !gs[k].special {
                if let p = previous, p == k - 1, increasing ? gs[p].rate > gs[k].rate : gs[p].rate < gs[k].rate {
                    gs = merged(gs, p)
                    changed = true
                    break
                }
                previous = k
            }
        }
        return gs
    }

    static func isMonotonic(_ gs: [Group]) -> Bool {
        let rates = gs.filter { !$0.special }.map(\.rate)
        return zip(rates, rates.dropFirst()).allSatisfy { $0 <= $1 } || zip(rates, rates.dropFirst()).allSatisfy { $0 >= $1 }
    }

    /// Monotonic where the direction is clear, not forced where it is not: the monotonic bins
    /// (in the direction that keeps more information) are used unless the significant bins
    /// (ChiMerge at `alpha`), which may rise and fall (a U-shape, a band of risk), fit the bad
    /// flags better by a likelihood-ratio test at `level` divided by the number of ways the
    /// significant bins' cuts could have been chosen among the pre-bins' boundaries.
    mutating func shape(alpha: Double, level: Double) {
        let up = Self.monotonic(groups, increasing: true), down = Self.monotonic(groups, increasing: false)
        let best = iv(up) >= iv(down) ? up : down
        let significant = Self.chiMerged(groups, alpha: alpha)
        // ChiMerge chose its cuts among the pre-bins' boundaries: the level is divided by the number
        // of ways to choose that many cuts (Bonferroni), so a noise column's best zigzag is not
        // taken for a band of risk.
        let positions = groups.filter { !$0.special }.count - 1, chosen = significant.filter { !$0.special }.count - 1
        let choices = exp(lgamma(Double(positions + 1)) - lgamma(Double(chosen + 1)) - lgamma(Double(max(0, positions - chosen) + 1)))
        groups = Self.isMonotonic(significant) || !Self.significantlyBetter(significant, than: best, level: level / max(1, choices)) ? best : significant
    }

    /// Log-likelihood of the bad flags under each bin's own rate.
    static func logLikelihood(_ gs: [Group]) -> Double {
        gs.reduce(0) { total, g in
            let r = g.rate
            return total + (g.bad > 0 ? Double(g.bad) * log(r) : 0) + (g.count > g.bad ? Double(g.count - g.bad) * log(1 - r) : 0)
        }
    }

    /// Whether bins `a` explain the bad flags better than bins `b` beyond chance: the likelihood
    /// ratio against χ² with the difference in bins as degrees of freedom (at least one).
    static func significantlyBetter(_ a: [Group], than b: [Group], level: Double) -> Bool {
        let g = 2 * (logLikelihood(a) - logLikelihood(b))
        return g > 0 && ProportionTest.chiSquareSurvival(g, df: max(1, a.count - b.count)) < level
    }

    /// At most `maximum` non-special bins: the adjacent pair whose merge loses the least
    /// information is merged each time.
    mutating func limit(to maximum: Int) {
        while groups.filter({ !$0.special }).count > maximum {
            var best: Int?, bestIV = -Double.infinity
            for k in 0..<(groups.count - 1) where Self.mergeable(groups, k) {
                let v = iv(Self.merged(groups, k))
                if v > bestIV { bestIV = v; best = k }
            }
            guard let b = best else { return }
            groups = Self.merged(groups, b)
        }
    }
}
