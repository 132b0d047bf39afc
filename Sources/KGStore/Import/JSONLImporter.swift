import Foundation
import KGCore

/// Reads JSON Lines: one node or relationship per line (APOC's export shape).
///
/// ```
/// {"type":"node","id":"91450100MA5XXXXX0X","space":"Enterprise","labels":["Enterprise"],"properties":{"name":"…","regCapital":500.0}}
/// {"type":"relationship","label":"LOCATED_IN","start":{"id":"…","space":"Enterprise"},"end":{"id":"450103","space":"Region"},"properties":{}}
/// ```
/// `id` may be a string or an integer; `space` is optional (default ""); `start`/`end` may also be
/// plain ids. Property values use the `Value` property encoding: integers vs. floats by the
/// presence of a fraction, dates as `{"$date":"2021-03-01"}`, datetimes as `{"$datetime":"…"}`.
/// Blank lines are skipped. Two passes (nodes, then relationships), so order does not matter.
enum JSONLImporter {
    static func load(path: String, into writer: BulkWriter, rejects: RejectSink) throws {
        let name = (path as NSString).lastPathComponent
        for pass in 0..<2 {
            guard let reader = LineReader(path: path) else {
                throw ImportError(code: .fileNotFound, message: "cannot open \(path)")
            }
            while let bytes = reader.next() {
                let line = reader.lineNumber
                if bytes.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
                let loc = SourceLocation(file: name, line: line, column: 1)
                var relationshipLine = false
                do {
                    let json: JSON
                    do { json = try JSONParser.parse(bytes: bytes) } catch let e as JSONError {
                        let code: ErrorCode = e.message.contains("UTF-8") ? .invalidUTF8 : .malformedJSON
                        throw ImportError(code: code, message: e.message, location: SourceLocation(file: name, line: line, column: e.column))
                    }
                    guard case .object = json, let kind = json["type"]?.stringValue else {
                        throw ImportError(code: .malformedJSON, message: "each line must be an object with \"type\": \"node\" or \"relationship\"", location: loc)
                    }
                    relationshipLine = kind == "relationship"
                    switch (kind, pass) {
                    case ("node", 0):
                        let labels = try (json["labels"]?.arrayValue ?? []).map { j -> String in
                            guard let s = j.stringValue else { throw ImportError(code: .badValue, message: "labels must be strings", location: loc) }
                            return s
                        }
                        try writer.addNode(externalID: try ref(json, loc), labels: labels, properties: try properties(json, loc))
                    case ("relationship", 1):
                        guard let type = json["label"]?.stringValue ?? json["relType"]?.stringValue else {
                            throw ImportError(code: .badValue, message: "a relationship needs \"label\" (its type)", location: loc)
                        }
                        var ends: [Int64] = []
                        for side in ["start", "end"] {
                            guard let j = json[side] else { throw ImportError(code: .badValue, message: "a relationship needs \"\(side)\"", location: loc) }
                            let ext = try ref(j, loc)
                            guard let id = try writer.resolveExternal(ext) else {
                                throw ImportError(code: .missingEndpoint, message: "\(side) node '\(ext)' does not exist", location: loc)
                            }
                            ends.append(id)
                        }
                        try writer.addRelationship(type: type, start: ends[0], end: ends[1], properties: try properties(json, loc))
                    case ("node", _), ("relationship", _): continue
                    default:
                        throw ImportError(code: .badValue, message: "unknown \"type\": \"\(kind)\"; use node or relationship", location: loc)
                    }
                } catch {
                    // Each line is reported once: in the nodes pass, unless it is a relationship line.
                    if pass == 0 ? !relationshipLine : relationshipLine {
                        try rejects.reject(error, location: loc, row: String(decoding: bytes.prefix(500), as: UTF8.self))
                    }
                }
            }
        }
    }

    static func ref(_ j: JSON, _ loc: SourceLocation) throws -> ExternalID {
        switch j {
        case .string(let s): return ExternalID(space: "", id: s)
        case .int(let i): return ExternalID(space: "", id: String(i))
        case .object:
            let space = j["space"]?.stringValue ?? ""
            switch j["id"] {
            case .string(let s)?: return ExternalID(space: space, id: s)
            case .int(let i)?: return ExternalID(space: space, id: String(i))
            default: throw ImportError(code: .badValue, message: "\"id\" must be a string or an integer", location: loc)
            }
        default: throw ImportError(code: .badValue, message: "a node reference must be an id or {\"id\": …}", location: loc)
        }
    }

    static func properties(_ j: JSON, _ loc: SourceLocation) throws -> [String: Value] {
        guard let p = j["properties"] else { return [:] }
        guard let members = p.objectValue else { throw ImportError(code: .badValue, message: "\"properties\" must be an object", location: loc) }
        var out: [String: Value] = [:]
        for (k, v) in members {
            do { out[k] = try Value(propertyJSON: v) } catch {
                throw ImportError(code: .badValue, message: "property \(k): \(error)", location: SourceLocation(file: loc.file, line: loc.line, column: 1, field: k))
            }
        }
        return out
    }
}
