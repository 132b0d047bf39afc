import Foundation
import KGCore
@testable import KGML

/// Small generated tables for the boosted-trees tests (seeded, so every run sees the same rows).
enum BoostingFixtures {
    /// A table from named columns of cells.
    static func table(_ columns: [(String, [String])]) throws -> TabularData {
        let n = columns[0].1.count
        return try TabularData(header: columns.map(\.0), rows: (0..<n).map { r in columns.map { $0.1[r] } })
    }

    static func cell(_ x: Double) -> String { String(format: "%.4f", x) }

    static func bernoulli(_ p: Double, _ rng: inout SplitMix64) -> Int { rng.nextUniform() < p ? 1 : 0 }

    /// Two uniform columns whose risk is an XOR of their halves (invisible to a linear model),
    /// plus two noise columns.
    static func xor(rows n: Int, seed: UInt64) throws -> (TabularData, [Int]) {
        var rng = SplitMix64(seed: seed)
        var a: [String] = [], b: [String] = [], c: [String] = [], d: [String] = [], y: [Int] = []
        for _ in 0..<n {
            let x1 = rng.nextUniform(), x2 = rng.nextUniform()
            a.append(cell(x1)); b.append(cell(x2)); c.append(cell(rng.nextUniform())); d.append(cell(rng.nextUniform()))
            y.append(bernoulli((x1 > 0.5) != (x2 > 0.5) ? 0.9 : 0.1, &rng))
        }
        return (try table([("x1", a), ("x2", b), ("noise1", c), ("noise2", d)]), y)
    }

    /// A logistic target on two numeric columns (one 10 % missing, where risk is high) and a
    /// categorical sector column, plus a noise column.
    static func mixed(rows n: Int, seed: UInt64) throws -> (TabularData, [Int]) {
        var rng = SplitMix64(seed: seed)
        let sectors = ["farm", "mine", "shop", "mill", "port"], sectorRisk = [-1.0, 1.0, 0.0, 0.5, -0.5]
        var a: [String] = [], b: [String] = [], s: [String] = [], e: [String] = [], y: [Int] = []
        for _ in 0..<n {
            let x1 = rng.nextUniform(), x2 = rng.nextUniform(), k = Int(rng.next() % 5)
            let missing = rng.nextUniform() < 0.1
            let z = -1 + 2 * x1 - 1.5 * (missing ? -0.5 : x2) + sectorRisk[k] + (x1 > 0.7 && k == 1 ? 1 : 0)
            a.append(cell(x1)); b.append(missing ? "" : cell(x2)); s.append(sectors[k]); e.append(cell(rng.nextUniform()))
            y.append(bernoulli(1 / (1 + exp(-z)), &rng))
        }
        return (try table([("overdue", a), ("income", b), ("sector", s), ("noise", e)]), y)
    }

    /// The cell lookup of one row of a table.
    static func cells(_ data: TabularData, _ r: Int) -> (String) -> String? {
        { name in data.column(name)?[r] }
    }
}
