import KGCore
/// A small CSV file read whole into rows keyed by header name: for reference tables
/// (regions, taxonomies), not for bulk data (use `GraphImporter`).
public struct CSVTable: Sendable {
    public let header: [String]
    public let rows: [[String: String]]

    /// Reads a CSV file with a header line.
    /// - Throws: `ImportError` with file and line for malformed CSV or a wrong column count.
    public static func read(path: String) throws -> CSVTable {
        let reader = try CSVReader(path: path)
        guard let header = try reader.next() else {
            throw ImportError(code: .emptyFile, message: "\(path) is empty")
        }
        var rows: [[String: String]] = []
        while let r = try reader.next() {
            guard r.count == header.count else {
                throw ImportError(code: .wrongColumnCount, message: "row has \(r.count) fields but the header has \(header.count)",
                                  location: .init(file: reader.displayName, line: reader.recordLine, column: 1))
            }
            rows.append(Dictionary(uniqueKeysWithValues: zip(header, r)))
        }
        return CSVTable(header: header, rows: rows)
    }
}
