import CLinearAlgebra
import Foundation
import KGCore

/// Binary logistic regression fitted by iteratively reweighted least squares (Newton's method):
/// each step solves (Xᵀ W X + λI) Δ = Xᵀ(y − p) − λβ with LAPACK's Cholesky solver `dposv`. The
/// intercept is not penalised.
public enum LogisticIRLS {
    public struct Fit: Sendable {
        public let intercept: Double
        public let coefficients: [Double]
        public let iterations: Int
    }

    /// - Parameters:
    ///   - x: rows of features.
    ///   - y: 0/1 targets.
    ///   - l2: ridge penalty λ (0: plain maximum likelihood).
    ///   - start: a fit to start Newton's method from (a neighbouring penalty's), nil: zeros.
    public static func fit(x: [[Double]], y: [Int], l2: Double = 0, maxIterations: Int = 50, start: Fit? = nil) throws -> Fit {
        let n = x.count, p = (x.first?.count ?? 0) + 1
        guard n > 0, n == y.count else { throw ModelError(code: .invalidArgumentValue, "logistic regression needs one target per row") }
        var beta = [Double](repeating: 0, count: p)
        if let start, start.coefficients.count == p - 1 { beta = [start.intercept] + start.coefficients }
        var iterations = 0
        for it in 1...maxIterations {
            iterations = it
            var h = [Double](repeating: 0, count: p * p), g = [Double](repeating: 0, count: p)
            for i in 0..<n {
                var z = beta[0]
                for j in 1..<p { z += beta[j] * x[i][j - 1] }
                let prob = 1 / (1 + exp(-z))
                let w = max(prob * (1 - prob), 1e-10), r = Double(y[i]) - prob
                for a in 0..<p {
                    let xa = a == 0 ? 1 : x[i][a - 1]
                    g[a] += xa * r
                    for b in a..<p { h[a * p + b] += w * xa * (b == 0 ? 1 : x[i][b - 1]) }
                }
            }
            for a in 1..<p { h[a * p + a] += l2; g[a] -= l2 * beta[a] }
            for a in 0..<p { for b in 0..<a { h[a * p + b] = h[b * p + a] } }
            let info = LAPACKE_dposv(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), Int32(p), 1, &h, Int32(p), &g, 1)
            guard info == 0 else { throw ModelError(code: .insufficientData, "the logistic regression's Hessian is singular (LAPACK dposv info \(info)); drop constant or duplicate variables or add an L2 penalty") }
            var step = 0.0
            for a in 0..<p { beta[a] += g[a]; step = max(step, abs(g[a])) }
            if step < 1e-9 { break }
        }
        return Fit(intercept: beta[0], coefficients: Array(beta.dropFirst()), iterations: iterations)
    }
}
