import KGCore

/// The property columns of a CSV header in key order, ready to write a record's properties
/// straight into the store's property document (what `BulkWriter.encode` writes from a
/// dictionary), without an intermediate dictionary: the free-form import's hot path.
struct CSVPropertyColumns: Sendable {
    struct Column: Sendable {
        let index: Int
        let name: String
        /// `"name":` as JSON.
        let prefix: String
        let type: CSVFieldType
        let isArray: Bool
        /// The `:ID` column stored as a property.
        let isID: Bool
    }

    let columns: [Column]
    let options: ImportOptions

    /// Nil when two columns store the same property (the general path decides which wins).
    init?(header: CSVHeader, options: ImportOptions) {
        var out: [Column] = []
        for (i, role) in header.columns.enumerated() {
            func prefix(_ name: String) -> String {
                var p = ""
                JSONWriter.writeString(name, into: &p)
                return p + ":"
            }
            switch role {
            case .id(_, let property?):
                out.append(Column(index: i, name: property, prefix: prefix(property), type: .string, isArray: false, isID: true))
            case .property(let name, let type, let isArray):
                out.append(Column(index: i, name: name, prefix: prefix(name), type: type, isArray: isArray, isID: false))
            default:
                continue
            }
        }
        guard Set(out.map(\.name)).count == out.count else { return nil }
        columns = out.sorted { $0.name < $1.name }
        self.options = options
    }

    /// The property document of `record`; `used[j]` is set for each column `j` that had a value.
    /// - Returns: nil when a field does not parse (the caller retries the row on the general
    ///   path, which reports the error with its location).
    func encode(_ record: [String], used: inout [Bool]) -> String? {
        var out = "{"
        var first = true
        for (j, c) in columns.enumerated() {
            let text = record[c.index]
            if text.isEmpty {
                if c.isID { return nil }
                continue
            }
            let value: Value
            if c.isID {
                if options.idPropertyType == .integer {
                    guard let v = Int64(text) else { return nil }
                    value = .int(v)
                } else {
                    value = .string(text)
                }
            } else if c.isArray {
                var items: [Value] = []
                for part in text.split(separator: options.arrayDelimiter, omittingEmptySubsequences: false) {
                    guard let v = c.type.parse(String(part)) else { return nil }
                    items.append(v)
                }
                value = .list(items)
            } else {
                guard let v = c.type.parse(text) else { return nil }
                value = v
            }
            if !first { out += "," }
            first = false
            out += c.prefix
            value.writePropertyJSON(into: &out)
            if !used[j] { used[j] = true }
        }
        out += "}"
        return out
    }

    /// The names of the columns flagged in `used`.
    func names(_ used: [Bool]) -> [String] {
        zip(columns, used).filter(\.1).map(\.0.name)
    }
}
