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
    private var scratch: [Bool]

    init?(header: CSVHeader, writer: BulkWriter, options: ImportOptions) {
        guard let properties = CSVPropertyColumns(header: header, options: options),
              let columns = CSVRelationshipColumns(header: header) else { return nil }
        self.writer = writer
        self.properties = properties
        scratch = Array(repeating: false, count: properties.columns.count)
        width = columns.width
        startColumn = columns.start.column; startSpace = writer.space(columns.start.space)
        endColumn = columns.end.column; endSpace = writer.space(columns.end.space)
        typeColumn = columns.type
    }

    struct Refused: Error {}

    mutating func add(_ record: [String], line: Int, file f: CSVImporter.OpenFile) throws {
        guard record.count == width, let typeColumn,
              let start = try writer.resolveExternal(space: startSpace, id: record[startColumn]),
              let end = try writer.resolveExternal(space: endSpace, id: record[endColumn]) else { throw Refused() }
        let typeID = try self.typeID(record[typeColumn])
        for j in scratch.indices { scratch[j] = false }
        guard let encoded = properties.encode(record, used: &scratch) else { throw Refused() }
        try writer.addEncodedRelationship(typeID: typeID, start: start, end: end, encodedProperties: encoded)
        if used[typeID] == nil { used[typeID] = scratch } else {
            for j in scratch.indices where scratch[j] && !used[typeID]![j] { used[typeID]![j] = true }
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
