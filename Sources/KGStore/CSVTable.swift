import KGCore
/// A small CSV file read whole into rows keyed by header name: for reference tables
/// (regions, taxonomies), not for bulk data (use `GraphImporter`).
public struct CSVTable: Sendable {
    public let header: [String]
    public let rows: [[String: String]]
    /// The line of the file on which each row starts (1-based; the header is on line 1 unless
    /// blank lines precede it), so that a reader can point at a bad cell as file:line:column.
    public let lines: [Int]
    /// The file's name as errors show it (its last path component).
    public let displayName: String

    /// Reads a CSV file with a header line.
    /// - Throws: `ImportError` with file and line for malformed CSV, a repeated column name or a wrong column count.
    public static func read(path: String) throws -> CSVTable {
        let reader = try CSVReader(path: path)
        guard let header = try reader.next() else {
            throw ImportError(code: .emptyFile, message: "\(path) is empty")
        }
        // Rows are keyed by name, so a repeated name would lose a column (or trap).
        var seen = Set<String>()
        for (c, name) in header.enumerated() where !seen.insert(name).inserted {
            throw ImportError(code: .badHeader, message: "the header repeats the column \"\(name)\"; rename one of them",
                              location: .init(file: reader.displayName, line: reader.recordLine, column: c + 1))
        }
        var rows: [[String: String]] = [], lines: [Int] = []
        while let r = try reader.next() {
            guard r.count == header.count else {
                throw ImportError(code: .wrongColumnCount, message: "row has \(r.count) fields but the header has \(header.count)",
                                  location: .init(file: reader.displayName, line: reader.recordLine, column: 1))
            }
            rows.append(Dictionary(uniqueKeysWithValues: zip(header, r)))
            lines.append(reader.recordLine)
        }
        return CSVTable(header: header, rows: rows, lines: lines, displayName: reader.displayName)
    }
}
