import Foundation
import Testing
import KGCore
@testable import KGML

/// The linear candidate's ridge penalty is chosen by cross-validation (pooled out-of-fold
/// log-loss) on the training rows; Newton's method started from a neighbouring penalty's fit
/// reaches the same coefficients; `auto` weighs the card and the linear model without a margin.
@Suite struct LinearPenaltyTests {
    /// One weak column and `noise` pure-noise columns, 8 % events.
    static func table(rows count: Int, noise: Int, seed: UInt64) throws -> TabularData {
        var rng = SplitMix64(seed: seed)
        func u() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        var rows: [[String]] = []
        for _ in 0..<count {
            let signal = u()
            var row = [String(format: "%.3f", signal)]
            for _ in 0..<noise { row.append(String(format: "%.3f", u())) }
            row.append(u() < 1 / (1 + exp(-(-2.7 + 0.8 * signal))) ? "1" : "0")
            rows.append(row)
        }
        return try TabularData(header: ["signal"] + (0..<noise).map { "noise\($0)" } + ["event"], rows: rows)
    }

    @Test func theChosenPenaltyHasTheLowestOutOfFoldLogLoss() throws {
        // A weak signal among 40 noise columns on 1,500 rows: shrinkage pays.
        let data = try Self.table(rows: 1500, noise: 40, seed: 31)
        var options = RiskModelFit.Options()
        options.algorithm = .linear
        options.folds = 3
        options.interactions.maxTerms = 0
        options.linearPenalties = [1, 1000]
        let (model, _, selection) = try RiskModelFit.fit(data, target: "event", rows: Array(0..<1500), options: options)
        let reason = try #require(selection?.reason)
        #expect(model.linear?.l2 == 1000, "\(reason)")
        #expect(reason.contains("ridge λ 1000 of 1 (log-loss"), "\(reason)")
        // The figures in the reason: λ 1000's out-of-fold log-loss is the lower.
        let losses = reason.components(separatedBy: "log-loss ").dropFirst().compactMap { Double($0.prefix { $0 != ")" }) }
        #expect(losses.count == 2 && losses[1] < losses[0], "\(reason)")
    }

    @Test func aSinglePenaltyIsUsedAsGiven() throws {
        let data = try Self.table(rows: 800, noise: 3, seed: 32)
        var options = RiskModelFit.Options()
        options.algorithm = .linear
        options.folds = 3
        options.interactions.maxTerms = 0
        options.linearPenalties = [7]
        let (model, _, _) = try RiskModelFit.fit(data, target: "event", rows: Array(0..<800), options: options)
        #expect(model.linear?.l2 == 7)
    }

    static func scores(_ name: String, auc: Double, ap: Double) -> CrossValidatedScores {
        CrossValidatedScores(name: name, foldAUCs: [auc - 0.01, auc + 0.01], foldAPs: [ap, ap], scores: [], precisionAt1Percent: 0, calibrationError: 0, seconds: 0)
    }

    @Test func autoKeepsTheLinearModelUnlessTheCardRanksBetterBeyondTheFoldsNoiseAndTheOthersNeedAMargin() {
        // decoys, seed 3: the linear model ties the card in CV AUC (0.6243 against 0.6240).
        var c = [Self.scores("scorecard", auc: 0.6240, ap: 0.1128), Self.scores("trees", auc: 0.6155, ap: 0.1079),
                 Self.scores("linear", auc: 0.6243, ap: 0.1134), Self.scores("blend", auc: 0.6235, ap: 0.1138)]
        #expect(RiskModelFit.choice(c).best.name == "linear")
        #expect(RiskModelFit.choice(c).order.map(\.name) == ["linear", "scorecard", "blend", "trees"])
        // threshold, seed 5: the card higher by 0.0004, within the margin: the linear model stays.
        c[2] = Self.scores("linear", auc: 0.6236, ap: 0.1200)
        #expect(RiskModelFit.choice(c).best.name == "linear")
        // threshold, seed 3: the card higher by 0.0076 on the mean, but by 0.0035, 0.0028 and 0.0165
        // fold by fold (standard error 0.0045): within twice the folds' noise, the linear model stays.
        c[2] = CrossValidatedScores(name: "linear", foldAUCs: [0.7244, 0.7141, 0.6773], foldAPs: [0.23, 0.23], scores: [], precisionAt1Percent: 0, calibrationError: 0, seconds: 0)
        c[0] = CrossValidatedScores(name: "scorecard", foldAUCs: [0.7279, 0.7169, 0.6938], foldAPs: [0.2, 0.2], scores: [], precisionAt1Percent: 0, calibrationError: 0, seconds: 0)
        #expect(!RiskModelFit.cardRanksBetter(c[0], than: c[2]))
        #expect(RiskModelFit.choice([c[0], c[2]]).best.name == "linear")
        // Higher by 0.004 in every fold: beyond the noise, the card.
        c[0] = Self.scores("scorecard", auc: 0.6240, ap: 0.1128)
        c[2] = Self.scores("linear", auc: 0.6200, ap: 0.1200)
        #expect(RiskModelFit.cardRanksBetter(c[0], than: c[2]))
        #expect(RiskModelFit.choice(c).best.name == "scorecard")
        // The blend must beat the kept model by more than the margin without losing average precision.
        c[3] = Self.scores("blend", auc: 0.6249, ap: 0.1200)
        #expect(RiskModelFit.choice(c).best.name == "scorecard")
        c[3] = Self.scores("blend", auc: 0.6252, ap: 0.1100)
        #expect(RiskModelFit.choice(c).best.name == "scorecard")
        c[3] = Self.scores("blend", auc: 0.6252, ap: 0.1130)
        #expect(RiskModelFit.choice(c).best.name == "blend")
        // Without a card (no additive factor) the linear model starts (and keeps its place against
        // a blend with a lower average precision).
        #expect(RiskModelFit.choice(Array(c.dropFirst())).best.name == "linear")
        #expect(RiskModelFit.choice([c[1], c[2]]).best.name == "linear")
    }

    @Test func aWarmStartReachesTheSameFit() throws {
        var rng = SplitMix64(seed: 33)
        func u() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        let x = (0..<2000).map { _ in [u(), u() - 0.5, u() * 3] }
        let y = x.map { r in u() < 1 / (1 + exp(-(-2 + 1.5 * r[0] - r[2] * 0.4))) ? 1 : 0 }
        let cold = try LogisticIRLS.fit(x: x, y: y, l2: 10)
        let from = try LogisticIRLS.fit(x: x, y: y, l2: 1)
        let warm = try LogisticIRLS.fit(x: x, y: y, l2: 10, start: from)
        #expect(abs(cold.intercept - warm.intercept) < 1e-7)
        for (a, b) in zip(cold.coefficients, warm.coefficients) { #expect(abs(a - b) < 1e-7) }
        #expect(warm.iterations <= cold.iterations)
    }
}
