import KGCore

/// The fast path for node records of a free-form import (no ontology): labels interned once per
/// distinct `:LABEL` text, properties encoded straight from the fields, one hash look-up for the
/// external id. A record it refuses is retried on the general path, which reports the error.
struct CSVNodeRows {
    private let writer: BulkWriter
    private let options: ImportOptions
    private let properties: CSVPropertyColumns
    private let width: Int
    private let idColumn: Int?
    private let space: Int?
    private let labelColumns: [Int]
    private let defaultLabel: String?
    private var labelSets: [String: Int32] = [:]
    /// The last label text and its set (node files mostly repeat one).
    private var lastLabelKey: String?
    private var lastLabelSet: Int32 = 0
    private var used: [Int32: [Bool]] = [:]
    private var scratch: [Bool]

    init?(header: CSVHeader, writer: BulkWriter, options: ImportOptions) {
        guard let properties = CSVPropertyColumns(header: header, options: options) else { return nil }
        self.writer = writer
        self.options = options
        self.properties = properties
        scratch = Array(repeating: false, count: properties.columns.count)
        width = header.columns.count
        var idColumn: Int?, spaceName: String?, labelColumns: [Int] = []
        for (i, role) in header.columns.enumerated() {
            switch role {
            case .id(let s, let property):
                idColumn = i; spaceName = s
                if let property { writer.recordIDProperty(space: s, property: property, integer: options.idPropertyType == .integer) }
            case .label: labelColumns.append(i)
            default: continue
            }
        }
        self.idColumn = idColumn
        space = spaceName.map { writer.space($0) }
        self.labelColumns = labelColumns
        defaultLabel = spaceName.flatMap { $0.isEmpty ? nil : $0 }
    }

    struct Refused: Error {}

    mutating func add(_ record: [String], line: Int, file f: CSVImporter.OpenFile) throws {
        guard record.count == width else { throw Refused() }
        var externalID: String?
        if let idColumn {
            guard !record[idColumn].isEmpty else { throw Refused() }
            externalID = record[idColumn]
        }
        let labelSet = try self.labelSet(record)
        for j in scratch.indices { scratch[j] = false }
        guard let encoded = properties.encode(record, used: &scratch) else { throw Refused() }
        try writer.addEncodedNode(space: space, externalID: externalID, labelSet: labelSet, encodedProperties: encoded)
        // Keys count once the node is written (a duplicate id is refused above).
        if used[labelSet] == nil { used[labelSet] = scratch } else {
            for j in scratch.indices where scratch[j] && !used[labelSet]![j] { used[labelSet]![j] = true }
        }
    }

    private mutating func labelSet(_ record: [String]) throws -> Int32 {
        let key = labelColumns.count == 1 ? record[labelColumns[0]] : labelColumns.map { record[$0] }.joined(separator: "\u{1}")
        if key == lastLabelKey { return lastLabelSet }
        if let set = labelSets[key] { lastLabelKey = key; lastLabelSet = set; return set }
        var labels = labelColumns.flatMap { CSVImporter.labelNames(record[$0], options: options) }
        if labels.isEmpty, let defaultLabel { labels = [defaultLabel] }
        let set = try writer.internLabels(Array(Set(labels)).sorted())
        labelSets[key] = set
        lastLabelKey = key; lastLabelSet = set
        return set
    }

    /// Records the property keys seen per label set.
    func finish() {
        for (set, flags) in used { writer.notePropertyKeys(labelSet: set, keys: properties.names(flags)) }
    }
}
