import Foundation
import Testing
import KGCore
@testable import KGML

@Suite struct CreditTests {
    @Test func aucAndKSMatchHandComputedValues() {
        // Scores of bads 0.9, 0.4; goods 0.8, 0.3, 0.1: pairs won 5 of 6 → AUC 5/6.
        let scores = [0.9, 0.8, 0.4, 0.3, 0.1], target = [1, 0, 1, 0, 0]
        #expect(abs(ClassifierMetrics.auc(scores: scores, target: target) - 5.0 / 6) < 1e-12)
        // Thresholds from the top: after 0.4, TPR 1, FPR 1/3 → KS 2/3.
        #expect(abs(ClassifierMetrics.ks(scores: scores, target: target) - 2.0 / 3) < 1e-12)
        #expect(abs(ClassifierMetrics.auc(scores: [1, 1, 1, 1], target: [1, 0, 1, 0]) - 0.5) < 1e-12)  // ties count half
        #expect(ClassifierMetrics.psi(reference: Array(0..<100).map(Double.init), current: Array(0..<100).map(Double.init)) < 1e-9)
        #expect(ClassifierMetrics.psi(reference: Array(0..<100).map(Double.init), current: Array(50..<150).map(Double.init)) > 0.5)
    }

    @Test func numericBinsHaveMonotonicWoEAndMinimumSize() throws {
        // Bad rate falls with x, with noise that a plain quantile binning would leave non-monotonic.
        var rng = SplitMix64(seed: 3)
        var cells: [String] = [], target: [Int] = []
        for _ in 0..<2000 {
            let x = Double(rng.next() % 1000)
            let p = 0.6 - 0.5 * x / 1000 + (Int(x) % 97 == 0 ? 0.3 : 0)
            cells.append(String(Int(x))); target.append(Double(rng.next() % 10_000) / 10_000 < p ? 1 : 0)
        }
        cells[5] = ""  // a missing value gets its own bin
        let b = try VariableBinning.fit(name: "x", cells: cells, target: target, kind: .numeric)
        #expect(b.hasMissingBin)
        let woe = Array(b.woe.dropLast())
        #expect(woe.count >= 2 && woe.count <= 6)
        #expect(zip(woe, woe.dropFirst()).allSatisfy { $0 > $1 } || zip(woe, woe.dropFirst()).allSatisfy { $0 < $1 })
        #expect(b.counts.dropLast().allSatisfy { $0 >= 100 })
        #expect(b.iv > 0.1)
        #expect(try b.bin(of: "-5", row: 0) == 0)
        #expect(try b.bin(of: "99999", row: 0) == woe.count - 1)
        #expect(throws: ModelError.self) { try b.bin(of: "abc", row: 7) }
    }

    @Test func irlsReachesTheMaximumLikelihood() throws {
        var rng = SplitMix64(seed: 9)
        var x: [[Double]] = [], y: [Int] = []
        for _ in 0..<500 {
            let a = Double(rng.next() % 1000) / 500 - 1, b = Double(rng.next() % 1000) / 500 - 1
            let p = 1 / (1 + exp(-(0.5 + 2 * a - 1 * b)))
            x.append([a, b]); y.append(Double(rng.next() % 10_000) / 10_000 < p ? 1 : 0)
        }
        let fit = try LogisticIRLS.fit(x: x, y: y)
        // The score equations hold at the optimum: Σ (y − p) · (1, a, b) = 0.
        var g = [0.0, 0.0, 0.0]
        for (xi, yi) in zip(x, y) {
            let p = 1 / (1 + exp(-(fit.intercept + fit.coefficients[0] * xi[0] + fit.coefficients[1] * xi[1])))
            g[0] += Double(yi) - p; g[1] += (Double(yi) - p) * xi[0]; g[2] += (Double(yi) - p) * xi[1]
        }
        #expect(g.allSatisfy { abs($0) < 1e-6 })
        #expect(fit.coefficients[0] > 1 && fit.coefficients[1] < 0)
        #expect(throws: ModelError.self) { try LogisticIRLS.fit(x: [[1, 1], [1, 1], [1, 1]], y: [0, 1, 0]) }  // collinear
    }
}
