import Foundation
import Testing
import KGCore
@testable import KGML

/// The linear risk model's backward elimination: a planted threshold effect is kept as a sharp
/// step (the card's bins read through their weight of evidence), flat on either side of the cut,
/// while pure-noise columns, whose coefficients would reorder the rows within the risk group, are
/// left out; the one-step estimates of the elimination are close to a refit.
@Suite struct LinearEliminationTests {
    static let noise = 12

    /// `tax` uniform on −100…100 with the log-odds 2.4 higher below −35, a weak column `w`, and
    /// `noise` pure-noise columns; 6 % events or so.
    static func table(rows count: Int, seed: UInt64) throws -> TabularData {
        var rng = SplitMix64(seed: seed)
        func u() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        var rows: [[String]] = []
        for _ in 0..<count {
            let tax = (u() * 2000).rounded() / 10 - 100, w = u()
            var row = [String(format: "%.1f", tax), String(format: "%.3f", w)]
            for _ in 0..<noise { row.append(String(format: "%.3f", u())) }
            let z = -3.4 + (tax < -35 ? 2.4 : 0) + 0.8 * w
            row.append(u() < 1 / (1 + exp(-z)) ? "1" : "0")
            rows.append(row)
        }
        return try TabularData(header: ["tax", "w"] + (0..<noise).map { "noise\($0)" } + ["event"], rows: rows)
    }

    static func fit(minimumZ: Double) throws -> LinearRiskModel {
        let data = try table(rows: 30_000, seed: 41)
        let rows = Array(0..<30_000)
        let y = try ScorecardTrainer.target(data, column: "event")
        let card = try ScorecardTrainer.fit(data, target: "event", rows: rows, configuration: .init()).0
        let features = ["tax", "w"] + (0..<noise).map { "noise\($0)" }
        return try LinearRiskModel.fit(data, rows: rows, target: y, features: features, terms: [], card: card, l2: 100, minimumZ: minimumZ)
    }

    /// The model's log-odds of a row with `tax` and every other column at 0.5.
    static func logOdds(_ model: LinearRiskModel, tax: Double) throws -> Double {
        let p = try model.score(row: 0) { $0 == "tax" ? String(format: "%.1f", tax) : "0.5" }.probability
        return log(p / (1 - p))
    }

    @Test func aPlantedThresholdIsASharpStepAndTheNoiseColumnsAreLeftOut() throws {
        let model = try Self.fit(minimumZ: 2)
        let factors = Set(model.factors)
        #expect(factors.contains("tax") && factors.contains("w"), "\(model.factors)")
        let noiseKept = factors.filter { $0.hasPrefix("noise") }
        // At |z| ≥ 2 a noise column stays by chance one time in twenty; twelve of them all stay
        // without the elimination.
        #expect(noiseKept.count <= 2, "kept \(noiseKept.sorted()); left out \(model.eliminated ?? [])")
        #expect(model.eliminated?.filter { $0.hasPrefix("noise") }.count ?? 0 >= Self.noise - 2)
        // The step: 2.4 in the log-odds across the cut, flat on either side of it.
        let step = try Self.logOdds(model, tax: -36) - Self.logOdds(model, tax: -34)
        let shape = model.inputs.map { "\($0.label) \($0.coefficient) \($0.binning.map { "\($0.edges) \($0.woe)" } ?? "")" }
        #expect(abs(step - 2.4) < 0.5, "step \(step): \(shape)")
        let below = try Self.logOdds(model, tax: -95) - Self.logOdds(model, tax: -40)
        let above = try Self.logOdds(model, tax: -30) - Self.logOdds(model, tax: 95)
        #expect(abs(below) < 0.3 && abs(above) < 0.3, "below the cut \(below), above \(above)")
    }

    @Test func withoutEliminationEveryNoiseColumnStays() throws {
        let model = try Self.fit(minimumZ: 0)
        #expect(model.factors.filter { $0.hasPrefix("noise") }.count == Self.noise)
        #expect(model.eliminated == nil)
    }

    @Test func theOneStepEstimatesAreCloseToARefit() throws {
        // Two signals and six noise columns, standardized normal.
        var rng = SplitMix64(seed: 43)
        func u() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        func normal() -> Double { (-2 * log(max(u(), 1e-300))).squareRoot() * cos(2 * .pi * u()) }
        var x: [[Double]] = [], y: [Int] = []
        for _ in 0..<6000 {
            let r = (0..<8).map { _ in normal() }
            x.append(r)
            y.append(u() < 1 / (1 + exp(-(-2.5 + 0.5 * r[0] - 0.4 * r[1]))) ? 1 : 0)
        }
        let full = try LogisticIRLS.fit(x: x, y: y, l2: 1)
        let e = try LogisticIRLS.backwardElimination(x: x, y: y, fit: full, l2: 1, minimumZ: 2)
        #expect(e.kept.starts(with: [0, 1]) && e.kept.count <= 3, "\(e.kept)")
        let refit = try LogisticIRLS.fit(x: x.map { r in e.kept.map { r[$0] } }, y: y, l2: 1)
        #expect(abs(e.start.intercept - refit.intercept) < 0.02, "\(e.start.intercept) vs \(refit.intercept)")
        for (a, b) in zip(e.start.coefficients, refit.coefficients) { #expect(abs(a - b) < 0.02, "\(a) vs \(b)") }
        // Nothing under the bar: everything is kept, as fitted.
        let all = try LogisticIRLS.backwardElimination(x: x, y: y, fit: full, l2: 1, minimumZ: 0)
        #expect(all.kept == Array(0..<8) && all.start.coefficients == full.coefficients)
    }
}
