import KGCore
import Foundation

/// A table of text cells by column (a CSV file as the credit and risk commands read it).
public struct TabularData: Sendable {
    public let columns: [String]
    /// `cells[column][row]`.
    public let cells: [[String]]
    public var rowCount: Int { cells.first?.count ?? 0 }

    /// - Throws: `ModelError` for an empty table or duplicate column names.
    public init(header: [String], rows: [[String]]) throws {
        guard !header.isEmpty else { throw ModelError(code: .badHeader, "the table has no columns") }
        guard Set(header).count == header.count else { throw ModelError(code: .badHeader, "the table repeats a column name: \(header)") }
        columns = header
        var cells = [[String]](repeating: [], count: header.count)
        for (r, row) in rows.enumerated() {
            guard row.count == header.count else { throw ModelError(code: .wrongColumnCount, "row \(r) has \(row.count) cells; the header has \(header.count)") }
            for c in 0..<header.count { cells[c].append(row[c]) }
        }
        self.cells = cells
    }

    /// A table from its columns' cells (`cells[column][row]`).
    /// - Throws: `ModelError` for no columns, duplicate names or columns of different lengths.
    public init(columns: [String], cells: [[String]]) throws {
        guard !columns.isEmpty, columns.count == cells.count else { throw ModelError(code: .badHeader, "the table has \(columns.count) column names for \(cells.count) columns") }
        guard Set(columns).count == columns.count else { throw ModelError(code: .badHeader, "the table repeats a column name: \(columns)") }
        guard Set(cells.map(\.count)).count == 1 else { throw ModelError(code: .wrongColumnCount, "the table's columns have different lengths") }
        self.columns = columns
        self.cells = cells
    }

    public func column(_ name: String) -> [String]? { columns.firstIndex(of: name).map { cells[$0] } }

    /// A cell without its surrounding spaces. Foundation's trimming, most of the cost of training
    /// on a table, is skipped when the cell starts and ends with a printable ASCII character (the
    /// usual case).
    public static func trimmed(_ s: String) -> String {
        let utf8 = s.utf8
        guard let first = utf8.first, let last = utf8.last else { return s }
        return (0x21...0x7E).contains(first) && (0x21...0x7E).contains(last) ? s : s.trimmingCharacters(in: .whitespaces)
    }

    /// A cell that counts as missing.
    public static func isMissing(_ s: String) -> Bool {
        let t = trimmed(s)
        return t.isEmpty || t == "NA" || t == "null" || t == "NULL" || t == "NaN"
    }
}
