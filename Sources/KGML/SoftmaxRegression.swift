import Foundation
import KGCore
import KGEmbedding

/// Multinomial logistic regression over sparse features, fitted by L-BFGS on the penalised
/// log-likelihood Σᵢ −log pᵢ(yᵢ) + ‖W‖² / (2C) (the formulation of scikit-learn's
/// `LogisticRegression(multi_class="multinomial")`; the intercepts are not penalised). The
/// gradient is computed on both cores.
public struct SoftmaxRegression: Sendable {
    public let featureCount: Int
    public let classCount: Int
    /// `featureCount × classCount`, feature-major: a feature's class weights are contiguous.
    public let weights: [Float]
    public let bias: [Float]

    public init(featureCount: Int, classCount: Int, weights: [Float], bias: [Float]) {
        precondition(weights.count == featureCount * classCount && bias.count == classCount, "weights must be features × classes")
        self.featureCount = featureCount; self.classCount = classCount; self.weights = weights; self.bias = bias
    }

    /// How the fit went.
    public struct FitReport: Sendable {
        public let iterations: Int
        public let objective: Double
        public let converged: Bool
    }

    /// Fits the model.
    /// - Parameters:
    ///   - rows: the feature vectors (indices < `featureCount`).
    ///   - labels: the class of each row, in `0..<classCount`.
    ///   - c: inverse regularisation strength.
    public static func fit(rows: [SparseVector], labels: [Int], featureCount: Int, classCount: Int, c: Double = 10,
                           maxIterations: Int = 300, tolerance: Double = 1e-5) throws -> (SoftmaxRegression, FitReport) {
        guard rows.count == labels.count, !rows.isEmpty else { throw ModelError(code: .invalidArgumentValue, "training needs one label per row and at least one row") }
        guard c > 0 else { throw ModelError(code: .invalidArgumentValue, "the inverse regularisation strength C must be positive, got \(c)") }
        if let bad = labels.first(where: { $0 < 0 || $0 >= classCount }) { throw ModelError(code: .invalidArgumentValue, "label \(bad) is outside 0..<\(classCount)") }
        let k = classCount, wCount = featureCount * classCount
        let threads = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunks = (0..<threads).map { t in (rows.count * t / threads)..<(rows.count * (t + 1) / threads) }
        let result = LBFGS.minimize(x0: [Float](repeating: 0, count: wCount + k), maxIterations: maxIterations, tolerance: tolerance) { params, gradient in
            let partial = ParallelMap.map(chunks, threads: threads) { range -> (Double, [Float]) in
                var g = [Float](repeating: 0, count: wCount + k)
                var loss = 0.0
                let z = UnsafeMutablePointer<Float>.allocate(capacity: k)
                defer { z.deallocate() }
                params.withUnsafeBufferPointer { pb in
                    g.withUnsafeMutableBufferPointer { gb in
                        let p = pb.baseAddress!, gp = gb.baseAddress!
                        for i in range {
                            let x = rows[i], y = labels[i]
                            x.indices.withUnsafeBufferPointer { idx in
                                x.values.withUnsafeBufferPointer { val in
                                    z.update(from: p + wCount, count: k)
                                    for t in 0..<idx.count {
                                        let row = p + Int(idx[t]) * k, v = val[t]
                                        for j in 0..<k { z[j] += v * row[j] }
                                    }
                                    var m = z[0]
                                    for j in 1..<k where z[j] > m { m = z[j] }
                                    var sum: Float = 0
                                    for j in 0..<k { z[j] = exp(z[j] - m); sum += z[j] }
                                    loss -= Double(log(max(z[y] / sum, 1e-30)))
                                    let inv = 1 / sum
                                    for j in 0..<k { z[j] *= inv }
                                    z[y] -= 1
                                    for t in 0..<idx.count {
                                        let row = gp + Int(idx[t]) * k, v = val[t]
                                        for j in 0..<k { row[j] += v * z[j] }
                                    }
                                    let gb = gp + wCount
                                    for j in 0..<k { gb[j] += z[j] }
                                }
                            }
                        }
                    }
                }
                return (loss, g)
            }
            var loss = 0.0
            gradient.withUnsafeMutableBufferPointer { out in
                for j in 0..<out.count { out[j] = 0 }
                for (l, g) in partial {
                    loss += l
                    g.withUnsafeBufferPointer { gp in for j in 0..<out.count { out[j] += gp[j] } }
                }
                params.withUnsafeBufferPointer { p in
                    let inv = Float(1 / c)
                    var penalty = 0.0
                    for j in 0..<wCount { out[j] += inv * p[j]; penalty += Double(p[j]) * Double(p[j]) }
                    loss += penalty / (2 * c)
                }
            }
            return loss
        }
        let model = SoftmaxRegression(featureCount: featureCount, classCount: k, weights: Array(result.x[0..<wCount]),
                                      bias: Array(result.x[wCount...]))
        return (model, FitReport(iterations: result.iterations, objective: result.value, converged: result.converged))
    }

    /// The class scores (log-odds up to a constant) of `x`.
    public func logits(_ x: SparseVector) -> [Float] {
        var z = bias
        let k = classCount
        weights.withUnsafeBufferPointer { w in
            for (c, v) in zip(x.indices, x.values) where Int(c) < featureCount {
                let base = Int(c) * k
                for j in 0..<k { z[j] += v * w[base + j] }
            }
        }
        return z
    }

    /// Softmax of `logits` at temperature `temperature`.
    public static func softmax(_ logits: [Float], temperature: Float = 1) -> [Float] {
        guard let m = logits.max() else { return [] }
        var e = logits.map { exp(($0 - m) / temperature) }
        let s = e.reduce(0, +)
        for j in 0..<e.count { e[j] /= s }
        return e
    }
}
