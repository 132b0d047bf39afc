import KGCore

/// Turns relationship records of one free-form CSV file into buffered relationships without
/// touching the store: endpoints from the id maps of a bulk write into an empty store (which
/// are complete once the node files are loaded), types numbered locally, properties encoded.
/// Being a value with no reference to the writer, copies of it run on several threads at once.
struct CSVRelationshipParser: Sendable {
    /// What one stretch of a file produced, in file order.
    struct Output: Sendable {
        var relationships = PendingRelationships()
        /// Type names by local number (`PendingRelationships.Key.type` holds the local number).
        var typeNames: [String] = []
        /// Per local type, the property columns that had a value.
        var used: [[Bool]] = []
        /// Records the parser refused (for the general path) and reader errors, in file order.
        var events: [Event] = []
    }

    enum Event: Sendable {
        case refused(line: Int, record: [String])
        case readerError(ImportError)
    }

    let properties: CSVPropertyColumns
    private let width: Int
    private let startColumn: Int
    private let endColumn: Int
    private let typeColumn: Int?
    private let startIDs: ExternalIDMap
    private let endIDs: ExternalIDMap

    init?(header: CSVHeader, options: ImportOptions, ids: (String) -> ExternalIDMap) {
        guard let properties = CSVPropertyColumns(header: header, options: options),
              let columns = CSVRelationshipColumns(header: header) else { return nil }
        self.properties = properties
        width = columns.width
        startColumn = columns.start.column; startIDs = ids(columns.start.space)
        endColumn = columns.end.column; endIDs = ids(columns.end.space)
        typeColumn = columns.type
    }

    /// Reads every record of `reader` into `output`.
    func parse(_ reader: CSVReader, into output: inout Output) {
        var record: [String] = []
        var typeIndex: [String: Int] = [:]
        let columnCount = properties.columns.count
        var scratch = Array(repeating: false, count: columnCount)
        while true {
            do {
                guard try reader.next(into: &record) else { return }
            } catch let e as ImportError {
                output.events.append(.readerError(e))
                if e.code == .invalidUTF8 { continue }
                return
            } catch {
                return
            }
            guard record.count == width, let typeColumn,
                  let start = startIDs[record[startColumn]], let end = endIDs[record[endColumn]] else {
                output.events.append(.refused(line: reader.recordLine, record: record)); continue
            }
            let text = record[typeColumn]
            let type: Int
            if let t = typeIndex[text] { type = t } else {
                let name = text.trimmedASCII
                guard !name.isEmpty else { output.events.append(.refused(line: reader.recordLine, record: record)); continue }
                if let t = output.typeNames.firstIndex(of: name) { type = t } else {
                    type = output.typeNames.count
                    output.typeNames.append(name)
                    output.used.append(Array(repeating: false, count: columnCount))
                }
                typeIndex[text] = type
            }
            for j in scratch.indices { scratch[j] = false }
            guard let encoded = properties.encode(record, used: &scratch) else {
                output.events.append(.refused(line: reader.recordLine, record: record)); continue
            }
            for j in scratch.indices where scratch[j] && !output.used[type][j] { output.used[type][j] = true }
            output.relationships.append(start: start, type: Int64(type), end: end, properties: encoded)
        }
    }
}
