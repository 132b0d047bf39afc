import Foundation
import KGCore

/// Loads CSV files with neo4j-admin headers through a `BulkWriter`.
enum CSVImporter {
    /// An opened CSV file with its parsed header, positioned on the first data record.
    struct OpenFile {
        let reader: CSVReader
        let header: CSVHeader
        let name: String
    }

    static func open(path: String) throws -> OpenFile {
        let reader = try CSVReader(path: path)
        guard let fields = try reader.next() else {
            throw ImportError(code: .emptyFile, message: "\(path) has no header line", location: SourceLocation(file: reader.displayName, line: 1, column: 1))
        }
        return OpenFile(reader: reader, header: try CSVHeader(fields: fields, file: reader.displayName), name: reader.displayName)
    }

    static func loadNodes(_ f: OpenFile, into writer: BulkWriter, options: ImportOptions, rejects: RejectSink) throws {
        var fast = writer.validator == nil && options.csvFastPath ? CSVNodeRows(header: f.header, writer: writer, options: options) : nil
        var record: [String] = []
        while try nextRecord(f, &record, rejects) {
            let line = f.reader.recordLine
            do {
                if fast != nil {
                    do { try fast!.add(record, line: line, file: f); continue } catch {
                        // Rows the fast path refuses go through the general path below, which
                        // reports the first problem in column order (or loads the row).
                    }
                }
                try addNode(record, line: line, f, into: writer, options: options)
            } catch {
                try rejects.reject(error, location: SourceLocation(file: f.name, line: line, column: 1), row: record.joined(separator: ","))
            }
        }
        fast?.finish()
    }

    /// One node record through the general path (dictionary of values, ontology validation).
    private static func addNode(_ record: [String], line: Int, _ f: OpenFile, into writer: BulkWriter, options: ImportOptions) throws {
        let columns = f.header.columns
        try checkWidth(record, columns.count, f, line)
        var ext: ExternalID?
        var labels: [String] = []
        var props: [String: Value] = [:]
        var defaultLabel: String?
        for (i, role) in columns.enumerated() {
            let text = record[i]
            switch role {
            case .id(let space, let property):
                guard !text.isEmpty else { throw located(.badValue, "the :ID field is empty", f, line, i, "ID") }
                ext = ExternalID(space: space, id: text)
                if !space.isEmpty { defaultLabel = space }
                if let property {
                    if line <= 2 { writer.recordIDProperty(space: space, property: property, integer: options.idPropertyType == .integer) }
                    props[property] = try idValue(text, options: options, f, line, i, property)
                }
            case .label:
                labels += labelNames(text, options: options)
            case .property(let name, let type, let isArray):
                if let v = try parse(text, type: type, isArray: isArray, options: options, f, line, i, name) { props[name] = v }
            case .ignore, .type, .startID, .endID:
                continue
            }
        }
        if labels.isEmpty, let defaultLabel { labels = [defaultLabel] }
        try writer.addNode(externalID: ext, labels: labels, properties: props)
    }

    /// The value of an `:ID` column stored as a property.
    static func idValue(_ text: String, options: ImportOptions, _ f: OpenFile, _ line: Int, _ col: Int, _ property: String) throws -> Value {
        guard options.idPropertyType == .integer else { return .string(text) }
        guard let v = Int64(text) else { throw located(.badValue, "id '\(text)' is not an integer (--id-type integer)", f, line, col, property) }
        return .int(v)
    }

    /// The labels in a `:LABEL` field.
    static func labelNames(_ text: String, options: ImportOptions) -> [String] {
        text.split(separator: options.arrayDelimiter).map { String($0).trimmedASCII }.filter { !$0.isEmpty }
    }

    static func loadRelationships(_ f: OpenFile, into writer: BulkWriter, options: ImportOptions, rejects: RejectSink) throws {
        var fast = writer.validator == nil && options.csvFastPath ? CSVRelationshipRows(header: f.header, writer: writer, options: options) : nil
        var record: [String] = []
        while try nextRecord(f, &record, rejects) {
            let line = f.reader.recordLine
            do {
                if fast != nil {
                    do { try fast!.add(record, line: line, file: f); continue } catch {}
                }
                try addRelationship(record, line: line, f, into: writer, options: options)
            } catch {
                try rejects.reject(error, location: SourceLocation(file: f.name, line: line, column: 1), row: record.joined(separator: ","))
            }
        }
        fast?.finish()
    }

    /// One relationship record through the general path.
    static func addRelationship(_ record: [String], line: Int, _ f: OpenFile, into writer: BulkWriter, options: ImportOptions) throws {
        let columns = f.header.columns
        try checkWidth(record, columns.count, f, line)
        var start: Int64?, end: Int64?
        var type: String?
        var props: [String: Value] = [:]
        for (i, role) in columns.enumerated() {
            let text = record[i]
            switch role {
            case .startID(let space), .endID(let space):
                let isStart = { if case .startID = role { return true } else { return false } }()
                guard let id = try writer.resolveExternal(ExternalID(space: space, id: text)) else {
                    throw missingEndpoint(text, space: space, isStart: isStart, f, line, i)
                }
                if isStart { start = id } else { end = id }
            case .type:
                type = text.trimmedASCII
            case .property(let name, let t, let isArray):
                if let v = try parse(text, type: t, isArray: isArray, options: options, f, line, i, name) { props[name] = v }
            case .id, .label, .ignore:
                continue
            }
        }
        guard let type, !type.isEmpty else {
            throw located(.badValue, "relationship has no type; add a :TYPE column with a value", f, line, 0, ":TYPE")
        }
        try writer.addRelationship(type: type, start: start!, end: end!, properties: props)
    }

    static func missingEndpoint(_ text: String, space: String, isStart: Bool, _ f: OpenFile, _ line: Int, _ col: Int) -> ImportError {
        located(.missingEndpoint, "\(isStart ? "start" : "end") node '\(text)'\(space.isEmpty ? "" : " (id space \(space))") does not exist; import its node file in the same command or before", f, line, col, isStart ? ":START_ID" : ":END_ID")
    }

    /// A plain `src,dst[,prop…]` edge list: nodes are created on first sight (label `Node`,
    /// property `id`), relationships get type `EDGE`. Needs a free-form store (`--schema off`).
    static func loadEdgeList(_ f: OpenFile, into writer: BulkWriter, rejects: RejectSink) throws {
        let columns = f.header.columns
        var record: [String] = []
        while try nextRecord(f, &record, rejects) {
            let line = f.reader.recordLine
            do {
                try checkWidth(record, columns.count, f, line)
                var ends: [Int64] = []
                for i in 0..<2 {
                    let ext = ExternalID(space: "", id: record[i])
                    if let id = try writer.resolveExternal(ext) { ends.append(id) } else {
                        ends.append(try writer.addNode(externalID: ext, labels: ["Node"], properties: ["id": .string(record[i])]))
                    }
                }
                var props: [String: Value] = [:]
                for i in 2..<columns.count {
                    if case .property(let name, let t, let isArray) = columns[i],
                       let v = try parse(record[i], type: t, isArray: isArray, options: ImportOptions(), f, line, i, name) {
                        props[name] = v
                    }
                }
                try writer.addRelationship(type: "EDGE", start: ends[0], end: ends[1], properties: props)
            } catch {
                try rejects.reject(error, location: SourceLocation(file: f.name, line: line, column: 1), row: record.joined(separator: ","))
            }
        }
    }

    /// The next record; a record with a field that is not UTF-8 is rejected (or ends the
    /// import without a rejects file) and reading goes on with the one after it.
    static func nextRecord(_ f: OpenFile, _ record: inout [String], _ rejects: RejectSink) throws -> Bool {
        while true {
            do { return try f.reader.next(into: &record) } catch let e as ImportError where e.code == .invalidUTF8 {
                try rejects.reject(e, location: SourceLocation(file: f.name, line: f.reader.recordLine, column: 1), row: nil)
            }
        }
    }

    static func checkWidth(_ record: [String], _ width: Int, _ f: OpenFile, _ line: Int) throws {
        if record.count != width {
            throw ImportError(code: .wrongColumnCount, message: "row has \(record.count) fields but the header has \(width); quote fields that contain commas",
                              location: SourceLocation(file: f.name, line: line, column: min(record.count, width) + 1))
        }
    }

    static func located(_ code: ErrorCode, _ message: String, _ f: OpenFile, _ line: Int, _ col: Int, _ field: String) -> ImportError {
        ImportError(code: code, message: message, location: SourceLocation(file: f.name, line: line, column: col + 1, field: field))
    }

    static func parse(_ text: String, type: CSVFieldType, isArray: Bool, options: ImportOptions,
                              _ f: OpenFile, _ line: Int, _ col: Int, _ name: String) throws -> Value? {
        if text.isEmpty { return nil }
        if isArray {
            let items = try text.split(separator: options.arrayDelimiter, omittingEmptySubsequences: false).map { part -> Value in
                guard let v = type.parse(String(part)) else {
                    throw located(.badValue, "'\(part)' is not a valid \(type.rawValue) (array item of \(name))", f, line, col, name)
                }
                return v
            }
            return .list(items)
        }
        guard let v = type.parse(text) else {
            throw located(.badValue, "'\(text.prefix(40))' is not a valid \(type.rawValue) for property \(name)", f, line, col, name)
        }
        return v
    }
}
