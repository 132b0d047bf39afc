import Foundation
import Testing
import KGCore
@testable import KGML

/// The linear candidate's interaction pairs come from the level of the search (the strict one the
/// card and the trees use, or a looser one of `linearInteractionLevels`) that cross-validation
/// prefers: a pair the strict level misses still reaches the linear model when held-out rows say
/// it ranks them better, and a looser level that adds no pair changes nothing.
@Suite struct LinearInteractionLevelTests {
    @Test func aPairTheStrictLevelMissesReachesTheLinearModelWhenCrossValidationPrefersIt() throws {
        // A strong XOR (InteractionSearchTests' table); the strict level is set so low that the
        // card and the trees get no pair, the looser one keeps it.
        let (data, y) = try InteractionSearchTests.table(rows: 4000, seed: 21, interacting: true)
        var o = RiskModelFit.Options()
        o.algorithm = .linear
        o.folds = 3
        o.linearPenalties = [10]
        o.interactions.alpha = 1e-300
        o.linearInteractionLevels = [0.01]
        let train = Array(0..<3000), test = Array(3000..<4000)
        let (model, _, selection) = try RiskModelFit.fit(data, target: "event", rows: train, options: o)
        let reason = try #require(selection?.reason)
        #expect(model.interactions?.map(\.name) == ["a×b"], "\(reason)")
        #expect(model.linear?.factors.contains("a×b") == true)
        #expect(reason.contains("family-wise level 0.01, of 1e-300 (log-loss"), "\(reason)")
        // The figures in the reason: the looser level's out-of-fold log-loss is the lower.
        let note = try #require(reason.components(separatedBy: "family-wise level").last)
        let losses = note.components(separatedBy: "log-loss ").dropFirst().compactMap { Double($0.prefix { $0 != ")" }) }
        #expect(losses.count == 2 && losses[1] < losses[0], "\(reason)")
        // Without the looser level the same fit has no pair, and ranks the held-out rows worse.
        var strict = o
        strict.linearInteractionLevels = []
        let (plain, _, plainSelection) = try RiskModelFit.fit(data, target: "event", rows: train, options: strict)
        #expect(plain.interactions?.isEmpty != false)
        #expect(plainSelection?.reason.contains("family-wise level") == false)
        let t = test.map { y[$0] }
        let withPair = ClassifierMetrics.auc(scores: try model.probabilities(data, rows: test), target: t)
        let without = ClassifierMetrics.auc(scores: try plain.probabilities(data, rows: test), target: t)
        #expect(withPair > without + 0.02, "with \(withPair), without \(without)")
        // The written model scores the pair from the raw columns after a round trip.
        let round = try JSONDecoder().decode(RiskModel.self, from: JSONEncoder().encode(model))
        let batch = try model.probabilities(data, rows: Array(test.prefix(50)))
        for (k, r) in test.prefix(50).enumerated() {
            let one = try round.probability(row: r) { data.column($0)?[r] }.probability
            #expect(abs(one - batch[k]) < 1e-9)
        }
    }

    @Test func aLooserLevelThatAddsNoPairChangesNothing() throws {
        // No interaction and no pair under either level: the same inputs, the same fit, the strict level.
        let (data, _) = try InteractionSearchTests.table(rows: 3000, seed: 4, interacting: false)
        var o = RiskModelFit.Options()
        o.algorithm = .linear
        o.folds = 3
        o.linearPenalties = [1, 100]
        o.linearInteractionLevels = [0.5]
        let rows = Array(0..<3000)
        let terms = try InteractionSearch.find(data, rows: rows, target: try ScorecardTrainer.target(data, column: "event"),
                                               features: InteractionSearchTests.features, settings: { var s = InteractionSearch.Settings(); s.alpha = 0.5; return s }())
        try #require(terms.isEmpty, "a pair under 0.5 on these rows: \(terms.map(\.name)); pick another seed")
        let (looser, _, selection) = try RiskModelFit.fit(data, target: "event", rows: rows, options: o)
        var strict = o
        strict.linearInteractionLevels = []
        let (plain, _, _) = try RiskModelFit.fit(data, target: "event", rows: rows, options: strict)
        #expect(looser.linear == plain.linear)
        #expect(looser.interactions?.isEmpty != false)
        #expect(selection?.reason.contains("family-wise level 0.01") == true, "\(selection?.reason ?? "")")
    }
}
