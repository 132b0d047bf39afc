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

    @Test func aTailThresholdInsideTheFirstPreBinGetsItsOwnBin() throws {
        // Risk × 4 in odds below 1 year of age, 2.6 % of the rows: inside the first 5 % pre-bin,
        // which closes near 1.5 years. The finer cuts find the step; the bin ends at 0.9 (x ≤ 0.9 is
        // under one year, ages having one decimal).
        let t = Self.table(rows: 14000, seed: 7) { rng in
            let age = (Self.uniform(&rng) < 0.026 ? Self.uniform(&rng) * 0.95 : 1 + Self.uniform(&rng) * 20)
            let rounded = (age * 10).rounded(.down) / 10
            return ([String(format: "%.1f", rounded)], rounded < 1 ? -1.5 : -2.9)
        }
        let b = try VariableBinning.fit(name: "age", cells: t.cells[0], target: t.target, kind: .numeric, minimumShare: 0.05)
        #expect(b.edges.first.map { $0 >= 0.8 && $0 < 1 } == true)
        let share = Double(b.counts[0]) / 14000
        #expect(share > 0.02 && share < 0.03)
        #expect(b.woe[0] > b.woe[1] + 0.8)
    }

    @Test func finerCutsAddNoBinToPureNoise() throws {
        // Twenty noise columns (continuous, one decimal, a skewed amount), 6,000 rows: with a cut tried
        // every 3 rows at a corrected 1 %, none gains a bin beyond what the 5 % pre-bins gave.
        var rng = SplitMix64(seed: 8)
        let target = (0..<6000).map { _ in Self.uniform(&rng) < 0.06 ? 1 : 0 }
        for k in 0..<20 {
            let cells = target.indices.map { _ -> String in
                switch k % 3 {
                case 0: return String(format: "%.4f", Self.normal(&rng))
                case 1: return String(format: "%.1f", Self.uniform(&rng) * 30)
                default: return String(format: "%.2f", exp(Self.normal(&rng) * 1.5))
                }
            }
            var values = zip(cells, target).map { (Double($0.0)!, $0.1) }
            values.sort { $0.0 < $1.0 }
            var coarse = BinGroups(groups: VariableBinning.preBins(values), totalBad: target.reduce(0, +), totalGood: 6000 - target.reduce(0, +))
            coarse.mergeSmall(minimum: 300, floor: 10, alpha: 0.01)
            coarse.shape(alpha: 0.05, level: 0.001)
            #expect(BinGroups.isMonotonic(coarse.groups), "noise column \(k) kept a zigzag")
            var fine = coarse
            fine.refine(values: values, cuts: BinGroups.candidateCuts(values, step: 3), side: 30, alpha: 0.01, maximum: 12)
            #expect(fine.count == coarse.count, "noise column \(k) gained a bin")
            // The whole fit gives the coarse bins (after the same limit to 6).
            coarse.limit(to: 6)
            let b = try VariableBinning.fit(name: "noise\(k)", cells: cells, target: target, kind: .numeric)
            #expect(b.counts == coarse.groups.map(\.count))
        }
    }

    @Test func theCorrectionForTheChosenCutHoldsItsLevel() {
        // 400 noise columns of 2,000 rows, every row a candidate cut: the best cut's raw p-value is
        // below 5 % on nearly every column, the corrected one on about 5 % of them at most.
        var rng = SplitMix64(seed: 9)
        var raw = 0, corrected = 0
        for _ in 0..<400 {
            let values = (0..<2000).map { k in (Double(k), Self.uniform(&rng) < 0.1 ? 1 : 0) }
            let bads = values.reduce(0) { $0 + $1.1 }
            var single = BinGroups(groups: [.init(key: [], upper: 1999, count: 2000, bad: bads, special: false)], totalBad: bads, totalGood: 2000 - bads)
            var least = 1.0, cumulative = 0
            for c in 1..<2000 {
                cumulative += values[c - 1].1
                guard c >= 20 && 2000 - c >= 20 else { continue }
                least = min(least, ProportionTest.pValue(badA: cumulative, countA: c, badB: bads - cumulative, countB: 2000 - c))
            }
            if least < 0.05 { raw += 1 }
            single.refine(values: values, cuts: Array(1..<2000), side: 20, alpha: 0.05, maximum: 2)
            if single.count > 1 { corrected += 1 }
        }
        #expect(raw > 200)
        #expect(corrected <= 30)
        // By hand: 65 of 500 bad against 35 of 500 is z = √10, scanned over shares 0.1–0.9:
        // φ(z)(z − 1/z)·ln 81 + 4φ(z)/z = 0.03702; Bonferroni over 1,000 cuts would give 1.
        let p = BinGroups.selectedPValue(badA: 65, countA: 500, badB: 35, countB: 500, side: 100, cuts: 1000)
        #expect(abs(p - 0.037019) < 1e-5)
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
