import CLinearAlgebra
import Foundation
import KGCore

/// Cox proportional-hazards regression: the hazard of the event at time t for covariates x is
/// h₀(t)·exp(βᵀx). β maximises Breslow's partial likelihood with a ridge penalty by Newton's
/// method (each step solved with LAPACK's Cholesky `dposv`, halved while the likelihood falls);
/// the baseline cumulative hazard H₀ is Breslow's estimator. Covariates are standardised inside.
public struct CoxRegression: Sendable {
    /// Coefficients on the standardised covariates.
    public let coefficients: [Double]
    public let means: [Double]
    public let scales: [Double]
    /// Event times, ascending, and H₀ just after each.
    public let times: [Double]
    public let cumulativeHazard: [Double]
    public let iterations: Int

    /// - Parameters:
    ///   - x: covariates per subject.
    ///   - time: time observed (to the event, or to censoring).
    ///   - event: whether the event was seen (false: censored).
    ///   - l2: ridge penalty on the standardised coefficients.
    public init(x: [[Double]], time: [Double], event: [Bool], l2: Double = 1, maxIterations: Int = 30) throws {
        let n = x.count, p = x.first?.count ?? 0
        guard n > 1, time.count == n, event.count == n, p > 0, x.allSatisfy({ $0.count == p }) else {
            throw ModelError(code: .invalidArgumentValue, "a Cox regression needs rows of equal width with one time and one event flag each")
        }
        guard event.contains(true) else { throw ModelError(code: .insufficientData, "a Cox regression needs at least one observed event") }
        var means = [Double](repeating: 0, count: p), scales = [Double](repeating: 1, count: p)
        for j in 0..<p {
            var s = 0.0, ss = 0.0
            for i in 0..<n { s += x[i][j]; ss += x[i][j] * x[i][j] }
            let m = s / Double(n)
            means[j] = m
            let sd = (max(0, ss / Double(n) - m * m)).squareRoot()
            scales[j] = sd > 1e-12 ? sd : 1
        }
        var z = [Double](repeating: 0, count: n * p)
        for i in 0..<n { for j in 0..<p { z[i * p + j] = (x[i][j] - means[j]) / scales[j] } }
        // Latest first: the risk set at t is everyone with time ≥ t.
        let order = (0..<n).sorted { time[$0] > time[$1] }
        var beta = [Double](repeating: 0, count: p)
        var loss = Self.penalisedLikelihood(beta, z: z, p: p, order: order, time: time, event: event, l2: l2)
        var iterations = 0
        for it in 1...maxIterations {
            iterations = it
            var (g, h) = Self.gradientAndHessian(beta, z: z, p: p, order: order, time: time, event: event)
            for a in 0..<p { g[a] -= l2 * beta[a]; h[a * p + a] += l2 }
            var step = g
            let info = LAPACKE_dposv(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), Int32(p), 1, &h, Int32(p), &step, 1)
            guard info == 0 else {
                throw ModelError(code: .insufficientData, "the Cox regression's information matrix is singular (LAPACK dposv info \(info)); raise the L2 penalty")
            }
            var scale = 1.0, next = beta, nextLoss = loss
            for _ in 0..<20 {
                next = zip(beta, step).map { $0 + scale * $1 }
                nextLoss = Self.penalisedLikelihood(next, z: z, p: p, order: order, time: time, event: event, l2: l2)
                if nextLoss >= loss - 1e-12 { break }
                scale /= 2
            }
            let moved = zip(beta, next).map { abs($0 - $1) }.max() ?? 0
            beta = next
            let gain = nextLoss - loss
            loss = nextLoss
            if moved < 1e-7 || abs(gain) < 1e-10 * max(1, abs(loss)) { break }
        }
        // Breslow's baseline: ΔH₀(t) = events at t / Σ_{risk set} exp(βᵀz).
        var risk = 0.0, k = 0
        var steps: [(Double, Double)] = []
        while k < n {
            let t = time[order[k]]
            var deaths = 0
            while k < n && time[order[k]] == t {
                let i = order[k]
                risk += exp(Self.dot(beta, z, i * p))
                if event[i] { deaths += 1 }
                k += 1
            }
            if deaths > 0 { steps.append((t, Double(deaths) / risk)) }
        }
        steps.reverse()
        var h0 = 0.0
        times = steps.map(\.0)
        cumulativeHazard = steps.map { h0 += $0.1; return h0 }
        coefficients = beta
        self.means = means
        self.scales = scales
        self.iterations = iterations
    }

    /// βᵀx on the standardised covariates: the log relative hazard.
    public func linearPredictor(_ x: [Double]) -> Double {
        var s = 0.0
        for j in coefficients.indices { s += coefficients[j] * (x[j] - means[j]) / scales[j] }
        return s
    }

    /// H₀(t).
    public func baselineHazard(at t: Double) -> Double {
        var lo = 0, hi = times.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? 0 : cumulativeHazard[lo - 1]
    }

    /// S(t | x) = exp(−H₀(t)·exp(βᵀx)): the chance the event has not happened by `t`.
    public func survival(at t: Double, _ x: [Double]) -> Double {
        exp(-baselineHazard(at: t) * exp(linearPredictor(x)))
    }

    static func dot(_ beta: [Double], _ z: [Double], _ offset: Int) -> Double {
        var s = 0.0
        for j in beta.indices { s += beta[j] * z[offset + j] }
        return s
    }

    /// The log partial likelihood (Breslow) minus the ridge penalty.
    static func penalisedLikelihood(_ beta: [Double], z: [Double], p: Int, order: [Int], time: [Double], event: [Bool], l2: Double) -> Double {
        var risk = 0.0, total = 0.0, k = 0
        let n = order.count
        while k < n {
            let t = time[order[k]]
            var eventsEta = 0.0, deaths = 0
            while k < n && time[order[k]] == t {
                let i = order[k], eta = dot(beta, z, i * p)
                risk += exp(eta)
                if event[i] { eventsEta += eta; deaths += 1 }
                k += 1
            }
            if deaths > 0 { total += eventsEta - Double(deaths) * log(risk) }
        }
        return total - 0.5 * l2 * beta.reduce(0) { $0 + $1 * $1 }
    }

    /// The gradient and the information matrix (negative Hessian, upper triangle filled and mirrored).
    static func gradientAndHessian(_ beta: [Double], z: [Double], p: Int, order: [Int], time: [Double], event: [Bool]) -> ([Double], [Double]) {
        var g = [Double](repeating: 0, count: p), h = [Double](repeating: 0, count: p * p)
        var s0 = 0.0, s1 = [Double](repeating: 0, count: p), s2 = [Double](repeating: 0, count: p * p)
        var k = 0
        let n = order.count
        while k < n {
            let t = time[order[k]]
            var deaths = 0
            var eventSum = [Double](repeating: 0, count: p)
            while k < n && time[order[k]] == t {
                let i = order[k], base = i * p
                let w = exp(dot(beta, z, base))
                s0 += w
                for a in 0..<p {
                    let wa = w * z[base + a]
                    s1[a] += wa
                    if wa != 0 { for b in a..<p { s2[a * p + b] += wa * z[base + b] } }
                }
                if event[i] {
                    deaths += 1
                    for a in 0..<p { eventSum[a] += z[base + a] }
                }
                k += 1
            }
            guard deaths > 0 else { continue }
            let d = Double(deaths)
            for a in 0..<p {
                let ma = s1[a] / s0
                g[a] += eventSum[a] - d * ma
                for b in a..<p { h[a * p + b] += d * (s2[a * p + b] / s0 - ma * s1[b] / s0) }
            }
        }
        for a in 0..<p { for b in 0..<a { h[a * p + b] = h[b * p + a] } }
        return (g, h)
    }
}
