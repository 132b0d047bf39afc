import Foundation
import KGML
import KGStore
import KGCore

/// CSV files for the tabular models (credit, risk): a header row, then one row per record.
public enum TabularCSV {
    /// - Throws: `EngineError` naming the file for a missing, empty or malformed file.
    public static func read(_ path: String) throws -> TabularData {
        guard FileManager.default.fileExists(atPath: path) else {
            throw EngineError(code: .resourcesMissing, message: "no file \(path)")
        }
        let table: CSVTable
        do { table = try CSVTable.read(path: path) } catch {
            throw EngineError(code: .badValue, message: "\(path): \(error)")
        }
        guard !table.rows.isEmpty else { throw EngineError(code: .badValue, message: "\(path) has a header but no data rows") }
        do { return try TabularData(header: table.header, rows: table.rows.map { r in table.header.map { r[$0] ?? "" } }) } catch {
            throw EngineError(code: .badValue, message: "\(path): \(error)")
        }
    }

    /// A split file (`row,set` with set train or test) as one set name per data row.
    public static func split(_ path: String, rows: Int) throws -> [String] {
        let table = try read(path)
        guard let rowColumn = table.column("row"), let setColumn = table.column("set") else {
            throw EngineError(code: .badValue, message: "\(path) needs the columns row and set")
        }
        var out = [String](repeating: "", count: rows)
        for (r, s) in zip(rowColumn, setColumn) {
            guard let i = Int(r), (0..<rows).contains(i) else {
                throw EngineError(code: .badValue, message: "\(path): row \"\(r)\" is not a data row index 0–\(rows - 1)")
            }
            guard s == "train" || s == "test" else { throw EngineError(code: .badValue, message: "\(path): set \"\(s)\" of row \(r) must be train or test") }
            out[i] = s
        }
        return out
    }
}
