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
        let columns = f.header.columns
        while let record = try f.reader.next() {
            let line = f.reader.recordLine
            do {
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
                            if options.idPropertyType == .integer {
                                guard let v = Int64(text) else { throw located(.badValue, "id '\(text)' is not an integer (--id-type integer)", f, line, i, property) }
                                props[property] = .int(v)
                            } else {
                                props[property] = .string(text)
                            }
                        }
                    case .label:
                        labels += text.split(separator: options.arrayDelimiter).map { String($0).trimmedASCII }.filter { !$0.isEmpty }
                    case .property(let name, let type, let isArray):
                        if let v = try parse(text, type: type, isArray: isArray, options: options, f, line, i, name) { props[name] = v }
                    case .ignore, .type, .startID, .endID:
                        continue
                    }
                }
                if labels.isEmpty, let defaultLabel { labels = [defaultLabel] }
                try writer.addNode(externalID: ext, labels: labels, properties: props)
            } catch {
                try rejects.reject(error, location: SourceLocation(file: f.name, line: line, column: 1), row: record.joined(separator: ","))
            }
        }
    }

    static func loadRelationships(_ f: OpenFile, into writer: BulkWriter, options: ImportOptions, rejects: RejectSink) throws {
        let columns = f.header.columns
        while let record = try f.reader.next() {
            let line = f.reader.recordLine
            do {
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
                            throw located(.missingEndpoint, "\(isStart ? "start" : "end") node '\(text)'\(space.isEmpty ? "" : " (id space \(space))") does not exist; import its node file in the same command or before", f, line, i, isStart ? ":START_ID" : ":END_ID")
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
            } catch {
                try rejects.reject(error, location: SourceLocation(file: f.name, line: line, column: 1), row: record.joined(separator: ","))
            }
        }
    }

    /// A plain `src,dst[,prop…]` edge list: nodes are created on first sight (label `Node`,
    /// property `id`), relationships get type `EDGE`. Needs a free-form store (`--schema off`).
    static func loadEdgeList(_ f: OpenFile, into writer: BulkWriter, rejects: RejectSink) throws {
        let columns = f.header.columns
        while let record = try f.reader.next() {
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

    private static func checkWidth(_ record: [String], _ width: Int, _ f: OpenFile, _ line: Int) throws {
        if record.count != width {
            throw ImportError(code: .wrongColumnCount, message: "row has \(record.count) fields but the header has \(width); quote fields that contain commas",
                              location: SourceLocation(file: f.name, line: line, column: min(record.count, width) + 1))
        }
    }

    private static func located(_ code: ErrorCode, _ message: String, _ f: OpenFile, _ line: Int, _ col: Int, _ field: String) -> ImportError {
        ImportError(code: code, message: message, location: SourceLocation(file: f.name, line: line, column: col + 1, field: field))
    }

    private static func parse(_ text: String, type: CSVFieldType, isArray: Bool, options: ImportOptions,
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
