/// The best split of one leaf: a feature, the highest bin sent left, the side missing values
/// take, the children's sums and (bounded) outputs.
///
/// Gain is the second-order loss reduction: −(2·G·w + (H + λ)·w²) for each child at its output w,
/// minus the same for the parent; with no bounds active w = −G/(H + λ) and a child scores G²/(H + λ), the
/// usual XGBoost/LightGBM gain (without the factor ½). Under a monotone constraint the outputs
/// are clamped to the leaf's bounds and a split whose outputs go the wrong way is rejected.
struct TreeSplit: Sendable {
    var gain: Double
    var feature: Int
    var bin: Int
    var missingLeft: Bool
    var left: Sums
    var right: Sums
    /// Children's outputs before the learning rate, within the parent's bounds.
    var leftValue: Double
    var rightValue: Double

    /// Gradient, hessian and row-count sums of a set of rows.
    struct Sums: Sendable {
        var g = 0.0, h = 0.0, n = 0.0
        static func - (a: Sums, b: Sums) -> Sums { Sums(g: a.g - b.g, h: a.h - b.h, n: a.n - b.n) }
        static func + (a: Sums, b: Sums) -> Sums { Sums(g: a.g + b.g, h: a.h + b.h, n: a.n + b.n) }
    }

    /// What a split must respect: the growth settings and the leaf's output bounds.
    struct Limits: Sendable {
        var l2: Double
        var minChildSamples: Double
        var minChildHessian: Double
        var minSplitGain: Double
    }

    /// The output of a leaf with sums `s`, clamped to [lower, upper].
    static func output(_ s: Sums, l2: Double, lower: Double, upper: Double) -> Double {
        min(upper, max(lower, -s.g / (s.h + l2)))
    }

    /// The loss reduction a leaf with sums `s` achieves at output `w` (G²/(H+λ) at the optimum).
    static func score(_ s: Sums, l2: Double, value w: Double) -> Double {
        -(2 * s.g * w + (s.h + l2) * w * w)
    }

    /// The best split of a leaf over all features, or nil when none passes the limits.
    static func best(histogram: GradientHistogram, total: Sums, features: [TreeFeature], allowed: [Bool], lower: Double, upper: Double, limits: Limits) -> TreeSplit? {
        let l2 = limits.l2
        let parentScore = score(total, l2: l2, value: output(total, l2: l2, lower: lower, upper: upper))
        let bounded = lower > -.infinity || upper < .infinity
        var best: TreeSplit?, bestGain = limits.minSplitGain
        histogram.sums.withUnsafeBufferPointer { sums in
            for f in features.indices where allowed[f] {
                let binCount = features[f].binCount, monotone = features[f].monotone
                let base = f * GradientHistogram.slots * 3
                let m = base + Int(TreeFeature.missingCode) * 3
                let missing = Sums(g: sums[m], h: sums[m + 1], n: sums[m + 2])
                let options = missing.n > 0 ? 2 : 1
                var acc = Sums()
                for t in 0..<binCount {
                    let s = base + t * 3
                    // An empty bin leaves the split as it was at the previous bin.
                    if sums[s + 2] == 0 && t > 0 { continue }
                    acc.g += sums[s]; acc.h += sums[s + 1]; acc.n += sums[s + 2]
                    // Missing values right, then (when there are any) left. Without missing
                    // training values, unseen ones later follow the larger child.
                    for option in 0..<options {
                        let missingLeft = options == 2 ? option == 1 : acc.n >= total.n - acc.n
                        let left = missingLeft ? acc + missing : acc, right = total - left
                        guard left.n >= limits.minChildSamples, right.n >= limits.minChildSamples,
                              left.h >= limits.minChildHessian, right.h >= limits.minChildHessian else { continue }
                        let gain: Double
                        if !bounded && monotone == 0 {
                            gain = left.g * left.g / (left.h + l2) + right.g * right.g / (right.h + l2) - parentScore
                        } else {
                            let wl = output(left, l2: l2, lower: lower, upper: upper), wr = output(right, l2: l2, lower: lower, upper: upper)
                            if monotone > 0 && wl > wr || monotone < 0 && wl < wr { continue }
                            gain = score(left, l2: l2, value: wl) + score(right, l2: l2, value: wr) - parentScore
                        }
                        guard gain > bestGain else { continue }
                        bestGain = gain
                        best = TreeSplit(gain: gain, feature: f, bin: t, missingLeft: missingLeft, left: left, right: right, leftValue: 0, rightValue: 0)
                    }
                }
            }
        }
        guard var split = best else { return nil }
        split.leftValue = output(split.left, l2: l2, lower: lower, upper: upper)
        split.rightValue = output(split.right, l2: l2, lower: lower, upper: upper)
        return split
    }
}
