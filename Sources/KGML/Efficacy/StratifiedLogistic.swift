import CLinearAlgebra
import Foundation
import KGCore

/// Logistic regression with one intercept per stratum and slopes shared by all strata: with the
/// strata being offices, a fixed-effects (conditional on office) logistic model.
///
/// Why: when case mix is correlated with who handles the case, a pooled regression of y on x
/// credits part of the handlers' effect to x (omitted-variable bias). With one intercept per
/// handler the slopes are learnt from the variation of x within handlers only, which no
/// handler effect can bias. With the strata being peer groups instead, it is the plain pooled
/// model with a group term.
///
/// Fitted by Newton's method on the penalised log-likelihood with step halving. The Hessian is
/// an arrow matrix (diagonal in the intercepts), so each step solves only the k × k Schur
/// complement (LAPACK `dposv`): O(n·k²) per iteration, whatever the number of strata.
/// Penalties: ridge `l2` on the slopes (x should be standardised) and a weak ridge
/// `interceptL2` pulling every intercept toward the logit of the overall rate, which keeps the
/// intercept of a stratum whose outcomes are all 0 or all 1 finite.
///
/// Peer: statsmodels `GLM(y, [C(stratum), x], family=Binomial())` gives the same slopes when
/// both penalties are 0 and no stratum is separated.
public enum StratifiedLogistic {
    /// The penalties and stopping rule.
    public struct Configuration: Sendable {
        /// Ridge penalty on the slopes (≥ 0).
        public var l2: Double = 1
        /// Ridge penalty on each intercept's distance from the logit of the overall rate (≥ 0).
        public var interceptL2: Double = 0.5
        public var maxIterations: Int = 100
        /// Stop when no parameter moves by more than this.
        public var tolerance: Double = 1e-8

        public init() {}

        /// - Throws: `ModelError` for a negative penalty or a non-positive iteration count.
        public func validate() throws {
            guard l2 >= 0, interceptL2 >= 0, l2.isFinite, interceptL2.isFinite else {
                throw ModelError(code: .invalidArgumentValue, "the L2 penalties must be finite and ≥ 0")
            }
            guard maxIterations > 0, tolerance > 0 else { throw ModelError(code: .invalidArgumentValue, "maxIterations and tolerance must be > 0") }
        }
    }

    /// The fitted intercepts (one per stratum) and shared slopes.
    public struct Fit: Sendable {
        public let intercepts: [Double]
        public let coefficients: [Double]
        public let iterations: Int
        public let converged: Bool

        /// The linear predictor of a row without its stratum's intercept: x·β.
        public func slopePart(_ row: [Double]) -> Double {
            var z = 0.0
            for (b, v) in zip(coefficients, row) { z += b * v }
            return z
        }
    }

    /// - Parameters:
    ///   - x: one row of k features per observation (standardise them: the penalty is on β).
    ///   - y: 0/1 outcomes.
    ///   - stratum: each observation's stratum, in 0..<strata.
    ///   - strata: the number of strata.
    /// - Throws: `ModelError` for mismatched lengths or a stratum out of range, or when the slopes'
    ///   system is singular (a constant or duplicated feature with `l2` = 0).
    public static func fit(x: [[Double]], y: [Int], stratum: [Int], strata: Int, configuration c: Configuration = .init()) throws -> Fit {
        try c.validate()
        let n = y.count, k = x.first?.count ?? 0
        guard n > 0, x.count == n, stratum.count == n, strata > 0 else {
            throw ModelError(code: .invalidArgumentValue, "stratified logistic regression needs one feature row, outcome and stratum per observation")
        }
        guard x.allSatisfy({ $0.count == k }) else { throw ModelError(code: .invalidArgumentValue, "every feature row must have \(k) values") }
        guard stratum.allSatisfy({ (0..<strata).contains($0) }) else { throw ModelError(code: .invalidArgumentValue, "a stratum index is outside 0..<\(strata)") }
        let mean = min(max(Double(y.reduce(0, +)) / Double(n), 1e-4), 1 - 1e-4)
        let centre = log(mean / (1 - mean))
        var alpha = [Double](repeating: centre, count: strata), beta = [Double](repeating: 0, count: k)

        func objective(_ a: [Double], _ b: [Double]) -> Double {
            var ll = 0.0
            for i in 0..<n {
                let z = a[stratum[i]] + dot(b, x[i])
                // log(1 + e^z) without overflow.
                let softplus = z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
                ll += Double(y[i]) * z - softplus
            }
            var penalty = 0.0
            for v in b { penalty += v * v }
            var ip = 0.0
            for v in a { ip += (v - centre) * (v - centre) }
            return ll - 0.5 * c.l2 * penalty - 0.5 * c.interceptL2 * ip
        }

        var current = objective(alpha, beta)
        var iterations = 0, converged = false
        while iterations < c.maxIterations {
            iterations += 1
            // Gradient and the arrow Hessian: d (strata diagonal), bMat (strata × k), cMat (k × k).
            var ga = [Double](repeating: 0, count: strata), gb = [Double](repeating: 0, count: k)
            var d = [Double](repeating: c.interceptL2, count: strata)
            var bMat = [Double](repeating: 0, count: strata * k), cMat = [Double](repeating: 0, count: k * k)
            for i in 0..<n {
                let s = stratum[i], row = x[i]
                let p = sigmoid(alpha[s] + dot(beta, row))
                let w = max(p * (1 - p), 1e-12), r = Double(y[i]) - p
                ga[s] += r
                d[s] += w
                for a in 0..<k {
                    gb[a] += r * row[a]
                    bMat[s * k + a] += w * row[a]
                    for b in a..<k { cMat[a * k + b] += w * row[a] * row[b] }
                }
            }
            for s in 0..<strata { ga[s] -= c.interceptL2 * (alpha[s] - centre) }
            for a in 0..<k { gb[a] -= c.l2 * beta[a]; cMat[a * k + a] += c.l2 }
            // Schur complement: (C − Bᵀ D⁻¹ B) Δβ = g_β − Bᵀ D⁻¹ g_α; then Δα = D⁻¹ (g_α − B Δβ).
            var rhs = gb
            for s in 0..<strata where d[s] > 0 {
                let gOverD = ga[s] / d[s]
                for a in 0..<k {
                    rhs[a] -= bMat[s * k + a] * gOverD
                    for b in a..<k { cMat[a * k + b] -= bMat[s * k + a] * bMat[s * k + b] / d[s] }
                }
            }
            for a in 0..<k { for b in 0..<a { cMat[a * k + b] = cMat[b * k + a] } }
            var stepBeta = rhs
            if k > 0 {
                let info = LAPACKE_dposv(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), Int32(k), 1, &cMat, Int32(k), &stepBeta, 1)
                guard info == 0 else {
                    throw ModelError(code: .insufficientData, "the case-mix slopes cannot be estimated within strata (LAPACK dposv info \(info)): a feature is constant within every stratum or duplicates another; drop it or raise the L2 penalty")
                }
            }
            var stepAlpha = [Double](repeating: 0, count: strata)
            for s in 0..<strata where d[s] > 0 {
                var v = ga[s]
                for a in 0..<k { v -= bMat[s * k + a] * stepBeta[a] }
                stepAlpha[s] = v / d[s]
            }
            // Step halving keeps every iteration an ascent of the (concave) objective.
            var t = 1.0, next = current, a1 = alpha, b1 = beta
            for _ in 0..<30 {
                a1 = zip(alpha, stepAlpha).map { $0 + t * $1 }
                b1 = zip(beta, stepBeta).map { $0 + t * $1 }
                next = objective(a1, b1)
                if next >= current - 1e-12 * abs(current) { break }
                t /= 2
            }
            let moved = max(stepAlpha.map { abs(t * $0) }.max() ?? 0, stepBeta.map { abs(t * $0) }.max() ?? 0)
            alpha = a1; beta = b1; current = next
            if moved < c.tolerance { converged = true; break }
        }
        return Fit(intercepts: alpha, coefficients: beta, iterations: iterations, converged: converged)
    }

    /// The intercept c for which Σ sigmoid(c + offset_i) equals `total` (calibration in the large:
    /// the expected count of a set of rows matches the observed), by Newton's method on a
    /// monotone function; clamped to ±30 when the total is 0 or every row.
    /// - Parameters:
    ///   - offsets: each row's linear predictor without intercept (x·β).
    ///   - total: the observed number of successes among those rows.
    public static func calibratedIntercept(offsets: [Double], total: Double) -> Double {
        guard !offsets.isEmpty else { return 0 }
        var c = 0.0
        for _ in 0..<100 {
            var e = 0.0, v = 0.0
            for o in offsets { let p = sigmoid(c + o); e += p; v += p * (1 - p) }
            let step = min(max((total - e) / max(v, 1e-12), -5), 5)
            c = min(max(c + step, -30), 30)
            if abs(step) < 1e-10 || abs(c) == 30 { break }
        }
        return c
    }

    @inline(__always) static func dot(_ b: [Double], _ row: [Double]) -> Double {
        var z = 0.0
        for j in 0..<b.count { z += b[j] * row[j] }
        return z
    }

    /// The logistic function.
    @inline(__always) public static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
}
