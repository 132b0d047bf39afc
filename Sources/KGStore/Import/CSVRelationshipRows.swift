import KGCore

/// The fast path for relationship records of a free-form import (no ontology): endpoints by one
/// hash look-up each, the type interned once per distinct text, properties encoded straight from
/// the fields. A record it refuses is retried on the general path, which reports the error.
struct CSVRelationshipRows {
    private let writer: BulkWriter
    private let properties: CSVPropertyColumns
    private let width: Int
    private let startColumn: Int
    private let endColumn: Int
    private let startSpace: Int
    private let endSpace: Int
    private let typeColumn: Int?
    private var typeIDs: [String: Int64] = [:]
    private var used: [Int64: [Bool]] = [:]

    init?(header: CSVHeader, writer: BulkWriter, options: ImportOptions) {
        guard let properties = CSVPropertyColumns(header: header, options: options) else { return nil }
        var start: (Int, String)?, end: (Int, String)?, type: Int?
        for (i, role) in header.columns.enumerated() {
            switch role {
            case .startID(let s): start = (i, s)
            case .endID(let s): end = (i, s)
            case .type: type = i
            default: continue
            }
        }
        guard let start, let end else { return nil }
        self.writer = writer
        self.properties = properties
        width = header.columns.count
        startColumn = start.0; startSpace = writer.space(start.1)
        endColumn = end.0; endSpace = writer.space(end.1)
        typeColumn = type
    }

    struct Refused: Error {}

    mutating func add(_ record: [String], line: Int, file f: CSVImporter.OpenFile) throws {
        guard record.count == width, let typeColumn,
              let start = try writer.resolveExternal(space: startSpace, id: record[startColumn]),
              let end = try writer.resolveExternal(space: endSpace, id: record[endColumn]) else { throw Refused() }
        let typeID = try self.typeID(record[typeColumn])
        var flags = Array(repeating: false, count: properties.columns.count)
        guard let encoded = properties.encode(record, used: &flags) else { throw Refused() }
        try writer.addEncodedRelationship(typeID: typeID, start: start, end: end, encodedProperties: encoded)
        if used[typeID] == nil { used[typeID] = flags } else {
            for j in flags.indices where flags[j] && !used[typeID]![j] { used[typeID]![j] = true }
        }
    }

    private mutating func typeID(_ text: String) throws -> Int64 {
        if let id = typeIDs[text] { return id }
        let name = text.trimmedASCII
        guard !name.isEmpty else { throw Refused() }
        let id = try writer.typeID(name)
        typeIDs[text] = id
        return id
    }

    /// Records the property keys seen per relationship type.
    func finish() {
        for (type, flags) in used { writer.noteRelationshipKeys(typeID: type, keys: properties.names(flags)) }
    }
}
