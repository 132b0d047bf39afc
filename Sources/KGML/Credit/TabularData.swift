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

    public func column(_ name: String) -> [String]? { columns.firstIndex(of: name).map { cells[$0] } }

    /// A cell that counts as missing.
    public static func isMissing(_ s: String) -> Bool {
        let t = s.trimmingCharacters(in: .whitespaces)
        return t.isEmpty || t == "NA" || t == "null" || t == "NULL" || t == "NaN"
    }
}
