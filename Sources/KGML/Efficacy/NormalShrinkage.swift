import Foundation

/// Empirical-Bayes shrinkage of unit estimates (an office's observed − expected rate) in the
/// normal–normal model: estimate_j ~ N(θ_j, s_j²), θ_j ~ N(μ_g, τ²) within the unit's group g.
///
/// Why: a unit with few cases has a noisy estimate; its posterior mean moves it toward its
/// group's mean by the share s_j² / (s_j² + τ²), so small units are neither crowned nor shamed
/// on luck. τ² is the between-unit variance, estimated by the method of moments
/// (DerSimonian–Laird, pooled over groups: Q = Σ w_j (est_j − μ̂_g)², w_j = 1/s_j²,
/// τ² = max(0, (Q − (J − G)) / Σ_g (Σw − Σw²/Σw))); μ_g is the precision-weighted group mean
/// with weights 1 / (s_j² + τ²). Plug-in: the posterior variance B_j·s_j² ignores the
/// uncertainty of τ² and μ_g (small when groups have many units).
///
/// Peer: the DerSimonian–Laird τ² of R's `metafor::rma(method = "DL")` for one group.
public enum NormalShrinkage {
    /// One unit's posterior.
    public struct Posterior: Sendable {
        /// The posterior mean μ_g + B·(estimate − μ_g).
        public let mean: Double
        /// The posterior variance B·s².
        public let variance: Double
        /// B = τ² / (τ² + s²): the weight of the unit's own estimate (1 = no shrinkage).
        public let weight: Double
        /// The posterior mean's distance from the group mean in between-unit standard deviations,
        /// (mean − μ_g) / τ, computed as τ·(est − μ_g)/(τ² + s²) so that τ = 0 gives 0.
        public let standardized: Double
        /// The posterior variance on that scale, s² / (τ² + s²) (1 when τ = 0: nothing is known).
        public let standardizedVariance: Double
    }

    /// The fitted model: τ², the group means and every unit's posterior (in input order).
    public struct Result: Sendable {
        public let tau2: Double
        public let groupMeans: [Double]
        public let posteriors: [Posterior]
    }

    /// - Parameters:
    ///   - estimates: each unit's estimate.
    ///   - variances: each unit's sampling variance (> 0).
    ///   - groups: each unit's group in 0..<groupCount (all 0 for one group).
    /// - Returns: τ² (0 when the estimates vary no more than their sampling variances), the
    ///   group means and the posteriors.
    public static func fit(estimates: [Double], variances: [Double], groups: [Int], groupCount: Int) -> Result {
        precondition(estimates.count == variances.count && groups.count == estimates.count, "one variance and group per estimate")
        let s2 = variances.map { max($0, 1e-300) }
        let w = s2.map { 1 / $0 }
        var q = 0.0, df = 0, denominator = 0.0
        for g in 0..<groupCount {
            let members = groups.indices.filter { groups[$0] == g }
            guard members.count > 1 else { continue }
            let sw = members.reduce(0) { $0 + w[$1] }, sw2 = members.reduce(0) { $0 + w[$1] * w[$1] }
            let mean = members.reduce(0) { $0 + w[$1] * estimates[$1] } / sw
            q += members.reduce(0) { $0 + w[$1] * (estimates[$1] - mean) * (estimates[$1] - mean) }
            df += members.count - 1
            denominator += sw - sw2 / sw
        }
        let tau2 = denominator > 0 ? max(0, (q - Double(df)) / denominator) : 0
        var means = [Double](repeating: 0, count: groupCount)
        for g in 0..<groupCount {
            let members = groups.indices.filter { groups[$0] == g }
            guard !members.isEmpty else { continue }
            let sw = members.reduce(0) { $0 + 1 / (s2[$1] + tau2) }
            means[g] = members.reduce(0) { $0 + estimates[$1] / (s2[$1] + tau2) } / sw
        }
        let tau = tau2.squareRoot()
        let posteriors = estimates.indices.map { j -> Posterior in
            let mu = means[groups[j]], b = tau2 / (tau2 + s2[j])
            return Posterior(mean: mu + b * (estimates[j] - mu), variance: b * s2[j], weight: b,
                             standardized: tau * (estimates[j] - mu) / (tau2 + s2[j]),
                             standardizedVariance: s2[j] / (tau2 + s2[j]))
        }
        return Result(tau2: tau2, groupMeans: means, posteriors: posteriors)
    }
}
