import KGCore
import KGEngine
import KGML

/// Helpers to assemble labelled tables for the graph models: the feature table with a target
/// column appended, several origins stacked, and a seeded train/test split.
enum SupervisionTable {
    /// `data` with `target` appended as its last column.
    static func labelled(_ data: TabularData, target: String, values: [Int]) throws -> TabularData {
        var rows: [[String]] = []
        rows.reserveCapacity(data.rowCount)
        for r in 0..<data.rowCount { rows.append(data.cells.map { $0[r] } + [String(values[r])]) }
        return try TabularData(header: data.columns + [target], rows: rows)
    }

    /// Tables with the same columns, one after the other.
    static func stacked(_ tables: [TabularData]) throws -> TabularData {
        guard let first = tables.first else { throw ModelError(code: .internalError, "nothing to stack") }
        var rows: [[String]] = []
        for t in tables { for r in 0..<t.rowCount { rows.append(t.cells.map { $0[r] }) } }
        return try TabularData(header: first.columns, rows: rows)
    }

    /// "train" or "test" per row, `testShare` of rows to test, shuffled with `seed`.
    static func split(count: Int, testShare: Double, seed: UInt64) -> [String] {
        var rng = SplitMix64(seed: seed)
        var order = Array(0..<count)
        for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        var out = [String](repeating: "train", count: count)
        for i in order.prefix(Int((Double(count) * testShare).rounded())) { out[i] = "test" }
        return out
    }

    /// ISO date of a day number.
    static func iso(_ day: Int) -> String { CypherDate(daysSinceEpoch: day).description }
}
