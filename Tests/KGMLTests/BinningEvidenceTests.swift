import Foundation
import Testing
import KGCore
@testable import KGML

/// The binning keeps rare strong evidence (a 4 % flag, a count that is zero for 95 % of rows),
/// lets a U-shape be, and still drops pure noise.
@Suite struct BinningEvidenceTests {
    /// A seeded table: `columns(rng)` gives the cells of one row and its event logit.
    static func table(rows: Int, seed: UInt64, _ row: (inout SplitMix64) -> ([String], Double)) -> (cells: [[String]], target: [Int]) {
        var rng = SplitMix64(seed: seed)
        var cells: [[String]] = [], target: [Int] = []
        for _ in 0..<rows {
            let (r, z) = row(&rng)
            if cells.isEmpty { cells = r.map { _ in [] } }
            for (k, c) in r.enumerated() { cells[k].append(c) }
            target.append(uniform(&rng) < 1 / (1 + exp(-z)) ? 1 : 0)
        }
        return (cells, target)
    }

    static func uniform(_ rng: inout SplitMix64) -> Double { Double(rng.next() >> 11) / Double(1 << 53) }

    static func normal(_ rng: inout SplitMix64) -> Double {
        (-2 * log(max(1e-300, uniform(&rng)))).squareRoot() * cos(2 * Double.pi * uniform(&rng))
    }

    @Test func aRareStrongFlagKeepsItsTwoBins() throws {
        // 4 % of rows flagged, odds × 6: under a 5 % minimum share the old binning merged it away.
        let t = Self.table(rows: 6000, seed: 1) { rng in
            let flag = Self.uniform(&rng) < 0.04 ? 1 : 0
            return ([String(flag)], -3 + 1.8 * Double(flag))
        }
        let b = try VariableBinning.fit(name: "abnormal", cells: t.cells[0], target: t.target, kind: .numeric, minimumShare: 0.05)
        #expect(b.binCount == 2)
        #expect(b.iv > 0.2)
        #expect(b.woe[1] > 1)
    }

    @Test func aSparseCountKeepsZeroApartAndItsRareTail() throws {
        // 0 for 95 % of rows; 1–6 complaints otherwise, risk rising with the count.
        let t = Self.table(rows: 8000, seed: 2) { rng in
            let n = Self.uniform(&rng) < 0.95 ? 0 : 1 + Int(rng.next() % 6)
            return ([String(n)], -3.2 + 0.55 * Double(n))
        }
        let b = try VariableBinning.fit(name: "wageComplaints", cells: t.cells[0], target: t.target, kind: .numeric, minimumShare: 0.05)
        #expect(b.binCount >= 2)
        #expect(b.edges.first == 0)           // zero is a bin of its own
        #expect(b.counts[0] > 7000)
        #expect(b.woe.last! > b.woe[0] + 1)   // the tail carries the evidence
        #expect(b.iv > 0.2)
        let rates = zip(b.bads, b.counts).map { Double($0) / Double($1) }
        #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func aNegativeSentinelIsItsOwnBin() throws {
        // −1 = "unknown" for 3 % of rows, much riskier than any count.
        let t = Self.table(rows: 6000, seed: 3) { rng in
            let u = Self.uniform(&rng)
            let n = u < 0.03 ? -1 : (u < 0.8 ? 0 : Int(rng.next() % 4) + 1)
            return ([String(n)], n < 0 ? -0.5 : -2.5 + 0.2 * Double(n))
        }
        let b = try VariableBinning.fit(name: "reports", cells: t.cells[0], target: t.target, kind: .numeric, minimumShare: 0.05)
        #expect(b.edges.prefix(2) == [-1, 0])
        #expect(b.woe[0] == b.woe.max())
    }

    @Test func aUShapeIsNotForcedMonotonic() throws {
        // Risk high at both ends of x: a monotonic card would flatten it.
        let t = Self.table(rows: 10000, seed: 4) { rng in
            let x = Self.uniform(&rng) * 10
            return ([String(format: "%.3f", x)], -3 + 0.12 * (x - 5) * (x - 5))
        }
        let b = try VariableBinning.fit(name: "x", cells: t.cells[0], target: t.target, kind: .numeric, minimumShare: 0.05, maximumBins: 8)
        let rates = zip(b.bads, b.counts).map { Double($0) / Double($1) }
        let low = rates.indices.min { rates[$0] < rates[$1] }!
        #expect(low > 0 && low < rates.count - 1)
        #expect(b.iv > 0.3)
    }

    @Test func aThresholdEffectKeepsItsStep() throws {
        // Flat below 7, four times the odds above.
        let t = Self.table(rows: 8000, seed: 5) { rng in
            let x = Self.uniform(&rng) * 10
            return ([String(format: "%.3f", x)], x > 7 ? -1.6 : -3)
        }
        let b = try VariableBinning.fit(name: "x", cells: t.cells[0], target: t.target, kind: .numeric, minimumShare: 0.05)
        #expect(b.edges.contains { abs($0 - 7) < 0.6 })
        #expect(b.iv > 0.15)
    }

    @Test func noiseColumnsAreStillLeftOut() throws {
        // A real flag and count, beside noise: a continuous column, a rare noise flag, a sparse
        // noise count and a noise category.
        let header = ["flag", "count", "noise", "noiseFlag", "noiseCount", "noiseCategory", "bad"]
        let t = Self.table(rows: 6000, seed: 6) { rng in
            let flag = Self.uniform(&rng) < 0.04 ? 1 : 0
            let count = Self.uniform(&rng) < 0.95 ? 0 : 1 + Int(rng.next() % 4)
            let noise = Self.normal(&rng)
            let noiseFlag = Self.uniform(&rng) < 0.04 ? 1 : 0
            let noiseCount = Self.uniform(&rng) < 0.95 ? 0 : 1 + Int(rng.next() % 4)
            let category = ["a", "b", "c", "d", "e", "f"][Int(rng.next() % 6)]
            return ([String(flag), String(count), String(format: "%.4f", noise), String(noiseFlag), String(noiseCount), category],
                    -3 + 1.8 * Double(flag) + 0.5 * Double(count))
        }
        let rows = (0..<t.target.count).map { r in t.cells.map { $0[r] } + [String(t.target[r])] }
        let data = try TabularData(header: header, rows: rows)
        let (card, columns) = try ScorecardTrainer.fit(data, target: "bad", rows: Array(0..<data.rowCount))
        #expect(Set(card.variables.map(\.binning.name)) == ["flag", "count"])
        for name in ["noise", "noiseFlag", "noiseCount", "noiseCategory"] {
            #expect(columns.first { $0.name == name }?.outcome != "selected")
        }
    }

    @Test func theTwoProportionTestAgreesWithHandValues() {
        // 10 of 20 bad against 50 of 1000: Fisher's exact test (an expected cell under 5).
        #expect(ProportionTest.pValue(badA: 10, countA: 20, badB: 50, countB: 1000) < 1e-5)
        #expect(ProportionTest.pValue(badA: 1, countA: 20, badB: 50, countB: 1000) > 0.5)
        // χ² survival: P(χ²₁ > 3.841) = 0.05, P(χ²₅ > 11.07) = 0.05.
        #expect(abs(ProportionTest.chiSquareSurvival(3.841459, df: 1) - 0.05) < 1e-5)
        #expect(abs(ProportionTest.chiSquareSurvival(11.0705, df: 5) - 0.05) < 1e-4)
    }
}
