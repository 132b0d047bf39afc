import CLinearAlgebra

/// Limited-memory BFGS (Nocedal & Wright, algorithm 7.4/7.5) with a backtracking Armijo line
/// search: minimises a smooth function of many float parameters given its value and gradient.
/// Vector arithmetic goes through BLAS (`sdot` with double accumulation, `saxpy`).
public enum LBFGS {
    /// The outcome of a minimisation.
    public struct Result: Sendable {
        public let x: [Float]
        public let value: Double
        public let iterations: Int
        /// True when the gradient or the relative decrease fell below the tolerance.
        public let converged: Bool
    }

    /// Minimises `evaluate`, which returns f(x) and writes ∇f(x) into its second argument.
    /// - Parameters:
    ///   - memory: correction pairs kept.
    ///   - tolerance: stop when max |∇f| ≤ tolerance · max(1, |f|), or f decreases by less than tolerance · |f| over an iteration.
    public static func minimize(x0: [Float], memory: Int = 7, maxIterations: Int = 200, tolerance: Double = 1e-5,
                                evaluate: ([Float], inout [Float]) -> Double) -> Result {
        let n = Int32(x0.count)
        var x = x0
        var g = [Float](repeating: 0, count: x0.count)
        var f = evaluate(x, &g)
        var s: [[Float]] = [], y: [[Float]] = [], rho: [Double] = []
        var iteration = 0
        func dot(_ a: [Float], _ b: [Float]) -> Double { Double(cblas_dsdot(n, a, 1, b, 1)) }
        func maxAbs(_ a: [Float]) -> Double { a.isEmpty ? 0 : Double(abs(a[Int(cblas_isamax(n, a, 1))])) }
        if maxAbs(g) <= tolerance * max(1, abs(f)) { return Result(x: x, value: f, iterations: 0, converged: true) }
        while iteration < maxIterations {
            iteration += 1
            // Two-loop recursion: d = −H g.
            var q = g
            var alpha = [Double](repeating: 0, count: s.count)
            for k in stride(from: s.count - 1, through: 0, by: -1) {
                alpha[k] = rho[k] * dot(s[k], q)
                cblas_saxpy(n, Float(-alpha[k]), y[k], 1, &q, 1)
            }
            if let ls = s.last, let ly = y.last {
                cblas_sscal(n, Float(dot(ls, ly) / dot(ly, ly)), &q, 1)
            } else {
                cblas_sscal(n, Float(1 / max(1e-12, dot(g, g).squareRoot())), &q, 1)
            }
            for k in 0..<s.count {
                let beta = rho[k] * dot(y[k], q)
                cblas_saxpy(n, Float(alpha[k] - beta), s[k], 1, &q, 1)
            }
            var direction = q
            cblas_sscal(n, -1, &direction, 1)
            var slope = dot(g, direction)
            if slope >= 0 {  // not a descent direction: restart from steepest descent
                s.removeAll(); y.removeAll(); rho.removeAll()
                direction = g
                cblas_sscal(n, Float(-1 / max(1e-12, dot(g, g).squareRoot())), &direction, 1)
                slope = dot(g, direction)
            }
            // Backtracking line search (Armijo, c1 = 1e-4).
            var step: Float = 1
            var trial = x, trialGradient = g
            var trialValue = f
            var accepted = false
            for _ in 0..<30 {
                trial = x
                cblas_saxpy(n, step, direction, 1, &trial, 1)
                trialValue = evaluate(trial, &trialGradient)
                if trialValue <= f + 1e-4 * Double(step) * slope { accepted = true; break }
                step *= 0.5
            }
            if !accepted { return Result(x: x, value: f, iterations: iteration, converged: false) }
            var sk = trial, yk = trialGradient
            cblas_saxpy(n, -1, x, 1, &sk, 1)
            cblas_saxpy(n, -1, g, 1, &yk, 1)
            let sy = dot(sk, yk)
            if sy > 1e-10 {
                s.append(sk); y.append(yk); rho.append(1 / sy)
                if s.count > memory { s.removeFirst(); y.removeFirst(); rho.removeFirst() }
            }
            let decrease = f - trialValue
            x = trial; g = trialGradient; f = trialValue
            if maxAbs(g) <= tolerance * max(1, abs(f)) || decrease <= tolerance * 1e-2 * max(1, abs(f)) {
                return Result(x: x, value: f, iterations: iteration, converged: true)
            }
        }
        return Result(x: x, value: f, iterations: iteration, converged: false)
    }
}
