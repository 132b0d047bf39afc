import Foundation
import Testing
import KGCore
@testable import KGML

/// `--algorithm auto` keeps the trees on an interaction the scorecard cannot see (the interaction
/// search off), and the
/// written model scores with them, reasons from TreeSHAP.
@Suite struct RiskModelSelectionTests {
    @Test func autoChoosesTheTreesForAnInteractionAndWritesAnHonestCard() throws {
        var rng = SplitMix64(seed: 11)
        func u() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        var rows: [[String]] = []
        for _ in 0..<3000 {
            let a = u(), b = u(), noise = u()
            let z = (a > 0.5) != (b > 0.5) ? -0.5 : -2.5
            rows.append([String(format: "%.3f", a), String(format: "%.3f", b), String(format: "%.3f", noise), u() < 1 / (1 + exp(-z)) ? "1" : "0"])
        }
        let data = try TabularData(header: ["a", "b", "noise", "event"], rows: rows)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("risk-auto-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var options = RiskModelFit.Options()
        options.trees.threads = 1
        options.interactions.maxTerms = 0   // the scorecard alone cannot see the XOR (InteractionSearchTests: with the search it can)
        let split = (0..<3000).map { $0 < 2200 ? "train" : "test" }
        let (model, metrics) = try RiskModel.train(data: data, target: "event", split: split, out: dir, options: options, command: "test")
        #expect(model.algorithm == .trees)
        #expect(metrics["selection"]?["chosen"]?.stringValue == "trees")
        #expect((metrics["testAUC"]?.doubleValue ?? 0) > (metrics["baselineTestAUC"]?.doubleValue ?? 1) + 0.1)
        let read = try RiskModel.read(from: (dir as NSString).appendingPathComponent(RiskModel.artifact))
        let s = try read.score(row: 2500) { data.column($0)?[2500] }
        #expect(s.reasons.allSatisfy { ["a", "b", "noise"].contains($0) })
        let card = try String(contentsOfFile: (dir as NSString).appendingPathComponent("MODEL.md"), encoding: .utf8)
        #expect(card.contains("CV trees") && card.contains("baseline"))
    }

    @Test func theBlendScoresTheMeanLogOddsOfCardAndTrees() throws {
        let (data, _) = try InteractionSearchTests.table(rows: 4000, seed: 9, interacting: true)
        var options = RiskModelFit.Options()
        options.algorithm = .blend
        options.trees.threads = 1
        options.folds = 3
        let (model, _, selection) = try RiskModelFit.fit(data, target: "event", rows: Array(0..<3000), options: options)
        #expect(model.algorithm == .blend)
        #expect(selection?.candidates.map(\.name) == ["scorecard", "trees", "blend"])
        let trees = try #require(model.trees)
        let rows = Array(3000..<3200)
        let batch = try model.probabilities(data, rows: rows)
        let augmented = try InteractionTerm.augment(data, with: model.interactions ?? [])
        let cardOnly = try RiskModel(model: model.model, red: 0, orange: 0, yellow: 0).probabilities(augmented, rows: rows)
        let treesOnly = try trees.probabilities(augmented, rows: rows)
        let round = try JSONDecoder().decode(RiskModel.self, from: JSONEncoder().encode(model))
        #expect(round.algorithm == .blend)
        for (k, r) in rows.enumerated() {
            #expect(abs(batch[k] - RiskModel.blend(cardOnly[k], treesOnly[k])) < 1e-9)
            let one = try round.probability(row: r) { data.column($0)?[r] }
            #expect(abs(one.probability - batch[k]) < 1e-9)
            #expect(one.reasons.count <= 3 && one.reasons.allSatisfy { model.factors.contains($0) })
        }
        // Between the two: the blend's log-odds is the mean of theirs.
        #expect(abs(RiskModel.blend(0.1, 0.4) - 1 / (1 + exp(-(log(0.1 / 0.9) + log(0.4 / 0.6)) / 2))) < 1e-12)
    }
}
