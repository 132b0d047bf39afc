import Foundation
import Testing
import KGCore
@testable import KGML

/// The pairwise interaction search: it finds an XOR of two columns that have no effect alone,
/// finds nothing in pure noise, and the risk model scores with the derived column the same way
/// row by row, in batch and after a round trip through JSON.
@Suite struct InteractionSearchTests {
    /// A table: `a` and `b` interact (an XOR of their halves and their product), `c` adds risk
    /// alone, `n1`…`n4` are noise, `sector` a label. `interacting: false` drops the interaction.
    static func table(rows count: Int, seed: UInt64, interacting: Bool) throws -> (TabularData, [Int]) {
        var rng = SplitMix64(seed: seed)
        func u() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        var rows: [[String]] = []
        for _ in 0..<count {
            let a = u() * 2 - 1, b = u() * 2 - 1, c = u()
            let noise = (0..<4).map { _ in u() }
            var z = -2.6 + 1.2 * c
            if interacting { z += ((a > 0) != (b > 0) ? 1.3 : 0) - 1.2 * a * b }
            let event = u() < 1 / (1 + exp(-z))
            rows.append([String(format: "%.4f", a), u() < 0.03 ? "" : String(format: "%.4f", b), String(format: "%.3f", c)]
                        + noise.map { String(format: "%.3f", $0) } + [["x", "y", "z"][Int(u() * 3)], event ? "1" : "0"])
        }
        let data = try TabularData(header: ["a", "b", "c", "n1", "n2", "n3", "n4", "sector", "event"], rows: rows)
        return (data, try ScorecardTrainer.target(data, column: "event"))
    }

    static let features = ["a", "b", "c", "n1", "n2", "n3", "n4", "sector"]

    @Test func findsTheXORPairAndOnlyIt() throws {
        let (data, y) = try Self.table(rows: 8000, seed: 3, interacting: true)
        let terms = try InteractionSearch.find(data, rows: Array(0..<8000), target: y, features: Self.features)
        #expect(terms.first?.name == "a×b")
        #expect(terms.first.map { $0.pValue < 1e-6 } == true)
        #expect(terms.allSatisfy { !$0.name.contains("sector") })
    }

    @Test func findsNothingInNoise() throws {
        let (data, y) = try Self.table(rows: 8000, seed: 4, interacting: false)
        let terms = try InteractionSearch.find(data, rows: Array(0..<8000), target: y, features: Self.features)
        #expect(terms.isEmpty, "\(terms.map(\.name))")
    }

    @Test func theCentredRankProductIsBoundedAndSigned() throws {
        let grid = InteractionTerm.grid((0..<1000).map(Double.init))
        let t = InteractionTerm(first: "a", second: "b", firstGrid: grid, secondGrid: grid, statistic: 0, pValue: 0)
        #expect(Double(t.value("990", "990"))! > 0.2)
        #expect(Double(t.value("5", "995"))! < -0.2)
        #expect(abs(Double(t.value("500", "5"))!) < 0.01)
        #expect(Double(t.value("1e9", "-1e9"))! >= -0.25)
        #expect(t.value("", "3") == "" && t.value("x", "3") == "" && t.value(nil, "3") == "")
    }

    @Test func theModelScoresTheDerivedColumnTheSameEverywhere() throws {
        let (data, y) = try Self.table(rows: 6000, seed: 5, interacting: true)
        var o = RiskModelFit.Options()
        o.trees.threads = 1
        o.folds = 3
        let train = Array(0..<4500), test = Array(4500..<6000)
        let (model, _, selection) = try RiskModelFit.fit(data, target: "event", rows: train, options: o)
        #expect(model.interactions?.map(\.name) == ["a×b"])
        #expect(model.inputs.contains("a") && model.inputs.contains("b") && !model.inputs.contains("a×b"))
        let batch = try model.probabilities(data, rows: test)
        let round = try JSONDecoder().decode(RiskModel.self, from: JSONEncoder().encode(model))
        for (k, r) in test.enumerated().prefix(200) {
            let one = try round.probability(row: r) { data.column($0)?[r] }.probability
            #expect(abs(one - batch[k]) < 1e-9)
        }
        // The derived column is worth it: better than the same fit without the search.
        var off = o
        off.interactions.maxTerms = 0
        let (plain, _, _) = try RiskModelFit.fit(data, target: "event", rows: train, options: off)
        let t = test.map { y[$0] }
        let withTerms = ClassifierMetrics.auc(scores: batch, target: t)
        let without = ClassifierMetrics.auc(scores: try plain.probabilities(data, rows: test), target: t)
        #expect(withTerms > without + 0.02, "with \(withTerms), without \(without); \(selection?.reason ?? "")")
        // A table without one of the two columns is refused with the column's name.
        let missing = try TabularData(header: ["a", "c"], rows: [["0.1", "0.2"]])
        #expect(throws: ModelError.self) { try model.probabilities(missing, rows: [0]) }
    }
}
