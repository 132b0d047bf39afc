import Foundation

/// The standard normal distribution's CDF and quantile, for intervals and 0–100 indexes.
public enum NormalDistribution {
    /// Φ(x) = ½·erfc(−x/√2).
    public static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// Φ⁻¹(p) for p in (0, 1), by bisection on `cdf` (to 1e-12: exact enough for intervals, and
    /// with no approximation constants to get wrong). ±∞ at 1 and 0.
    public static func quantile(_ p: Double) -> Double {
        if p <= 0 { return -.infinity }
        if p >= 1 { return .infinity }
        var lo = -40.0, hi = 40.0
        while hi - lo > 1e-12 {
            let mid = (lo + hi) / 2
            if cdf(mid) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
