import Foundation

/// Ranking metrics for a binary target (1 = bad = the event): ROC AUC (Mann–Whitney, ties
/// counted half), KS = max(TPR − FPR), Gini = 2·AUC − 1, and the population stability index.
public enum ClassifierMetrics {
    /// AUC of `scores` (higher = more likely bad).
    public static func auc(scores: [Double], target: [Int]) -> Double {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0, i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j where target[order[k]] == 1 { rankSum += rank }
            i = j + 1
        }
        let pos = Double(target.reduce(0, +)), neg = Double(target.count) - pos
        guard pos > 0, neg > 0 else { return .nan }
        return (rankSum - pos * (pos + 1) / 2) / (pos * neg)
    }

    /// KS statistic of `scores` (higher = more likely bad).
    public static func ks(scores: [Double], target: [Int]) -> Double {
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        let pos = Double(target.reduce(0, +)), neg = Double(target.count) - pos
        guard pos > 0, neg > 0 else { return .nan }
        var tp = 0.0, fp = 0.0, best = 0.0, i = 0
        while i < order.count {
            var j = i
            while j < order.count && scores[order[j]] == scores[order[i]] {
                if target[order[j]] == 1 { tp += 1 } else { fp += 1 }
                j += 1
            }
            best = max(best, tp / pos - fp / neg)
            i = j
        }
        return best
    }

    /// PSI of `current` against `reference`, over the reference's deciles (0.5 added to empty bins).
    public static func psi(reference: [Double], current: [Double], bins: Int = 10) -> Double {
        guard !reference.isEmpty, !current.isEmpty else { return .nan }
        let sorted = reference.sorted()
        var edges: [Double] = []
        for k in 1..<bins { edges.append(sorted[min(sorted.count - 1, k * sorted.count / bins)]) }
        edges = Array(Set(edges)).sorted()
        func shares(_ xs: [Double]) -> [Double] {
            var c = [Double](repeating: 0, count: edges.count + 1)
            for x in xs { c[edges.firstIndex { x < $0 } ?? edges.count] += 1 }
            return c.map { ($0 + 0.5) / (Double(xs.count) + 0.5 * Double(c.count)) }
        }
        let r = shares(reference), c = shares(current)
        return zip(r, c).reduce(0) { $0 + ($1.1 - $1.0) * log($1.1 / $1.0) }
    }
}

extension ClassifierMetrics {
    /// Expected calibration error: the row-weighted mean |mean probability − event rate| over
    /// `bins` equal-count bins of the sorted probabilities.
    public static func calibrationError(probabilities p: [Double], target: [Int], bins: Int = 10) -> Double {
        guard !p.isEmpty else { return .nan }
        let order = p.indices.sorted { p[$0] < p[$1] }
        var total = 0.0
        for b in 0..<bins {
            let lo = b * order.count / bins, hi = (b + 1) * order.count / bins
            guard hi > lo else { continue }
            let slice = order[lo..<hi]
            let meanP = slice.reduce(0) { $0 + p[$1] } / Double(slice.count)
            let rate = Double(slice.reduce(0) { $0 + target[$1] }) / Double(slice.count)
            total += Double(slice.count) * abs(meanP - rate)
        }
        return total / Double(order.count)
    }

    /// Brier score: the mean squared difference between probability and outcome.
    /// Mean negative log-likelihood of 0/1 targets (probabilities clipped to [1e-12, 1 − 1e-12]).
    public static func logLoss(probabilities p: [Double], target: [Int]) -> Double {
        guard !p.isEmpty else { return 0 }
        let total = zip(p, target).reduce(0.0) { sum, item in
            let q = min(max(item.0, 1e-12), 1 - 1e-12)
            return sum - (item.1 == 1 ? log(q) : log(1 - q))
        }
        return total / Double(p.count)
    }

    /// A penalty or other setting for a card: an integer without decimals, else 4 significant digits.
    static func format(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%.4g", x) }

    public static func brier(probabilities p: [Double], target: [Int]) -> Double {
        zip(p, target).reduce(0) { $0 + ($1.0 - Double($1.1)) * ($1.0 - Double($1.1)) } / Double(max(1, p.count))
    }
}
