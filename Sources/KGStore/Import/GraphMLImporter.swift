import CLibXML2
import Foundation
import KGCore

/// Reads GraphML with libxml2's streaming reader (the file is never held whole in memory).
///
/// Interoperates with NetworkX: `<key attr.name attr.type>` declarations (boolean, int, long,
/// float, double, string) with `<default>` values, `<data>` on nodes and edges. GovBrain's own
/// exports add a node attribute `labels` (`:Enterprise:Tag`, Neo4j's convention) and an edge
/// attribute `type`; without them nodes get the label `Node` and edges the type `RELATED_TO`.
/// Two passes: nodes, then edges, so an edge may come before its nodes in the file.
enum GraphMLImporter {
    struct Key { let name: String; let type: String; let defaultValue: String? }

    static func load(path: String, into writer: BulkWriter, rejects: RejectSink) throws {
        let name = (path as NSString).lastPathComponent
        var keys: [String: Key] = [:]
        // Pass 1: keys and nodes.
        try scan(path: path, name: name) { reader, element, line in
            switch element {
            case "key":
                let id = attr(reader, "id") ?? ""
                let key = Key(name: attr(reader, "attr.name") ?? id, type: (attr(reader, "attr.type") ?? "string").lowercased(),
                              defaultValue: nil)
                keys[id] = key
                let defaultText = try readChildText(reader, child: "default")
                if let defaultText { keys[id] = Key(name: key.name, type: key.type, defaultValue: defaultText) }
            case "node":
                guard let id = attr(reader, "id") else {
                    throw ImportError(code: .badValue, message: "a <node> has no id attribute", location: SourceLocation(file: name, line: line, column: 1))
                }
                let data = try readData(reader, keys: keys, file: name, for: "node")
                var props = data
                var labels = ["Node"]
                if case .string(let text)? = props.removeValue(forKey: "labels") {
                    let parsed = text.split(whereSeparator: { $0 == ":" || $0 == ";" }).map(String.init)
                    if !parsed.isEmpty { labels = parsed }
                }
                do {
                    try writer.addNode(externalID: ExternalID(space: "", id: id), labels: labels, properties: props)
                } catch {
                    try rejects.reject(error, location: SourceLocation(file: name, line: line, column: 1), row: "node \(id)")
                }
            default: break
            }
        }
        // Pass 2: edges.
        try scan(path: path, name: name) { reader, element, line in
            guard element == "edge" else { return }
            let source = attr(reader, "source") ?? "", target = attr(reader, "target") ?? ""
            var props = try readData(reader, keys: keys, file: name, for: "edge")
            var type = "RELATED_TO"
            if case .string(let t)? = props.removeValue(forKey: "type"), !t.isEmpty { type = t }
            do {
                guard let s = try writer.resolveExternal(ExternalID(space: "", id: source)) else {
                    throw ImportError(code: .missingEndpoint, message: "edge source '\(source)' is not a node of this file")
                }
                guard let t = try writer.resolveExternal(ExternalID(space: "", id: target)) else {
                    throw ImportError(code: .missingEndpoint, message: "edge target '\(target)' is not a node of this file")
                }
                try writer.addRelationship(type: type, start: s, end: t, properties: props)
            } catch {
                try rejects.reject(error, location: SourceLocation(file: name, line: line, column: 1), row: "edge \(source)->\(target)")
            }
        }
    }

    /// Walks the elements of the document, calling `body` at each start tag.
    static func scan(path: String, name: String, _ body: (OpaquePointer, String, Int) throws -> Void) throws {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_HUGE.rawValue)
        xmlResetLastError()
        guard let reader = xmlReaderForFile(path, nil, options) else {
            throw ImportError(code: .fileNotFound, message: "cannot open \(path)")
        }
        defer { xmlFreeTextReader(reader) }
        var sawGraphML = false
        while true {
            let rc = xmlTextReaderRead(reader)
            if rc == 0 { break }
            if rc < 0 { throw xmlError(name) }
            guard xmlTextReaderNodeType(reader) == 1, let local = xmlTextReaderConstLocalName(reader) else { continue }
            let element = String(cString: local)
            if element == "graphml" { sawGraphML = true }
            try body(reader, element, Int(xmlTextReaderGetParserLineNumber(reader)))
        }
        if !sawGraphML {
            throw ImportError(code: .malformedXML, message: "\(name) is XML but not GraphML (no <graphml> element)", location: SourceLocation(file: name, line: 1, column: 1))
        }
    }

    static func xmlError(_ name: String) -> ImportError {
        if let err = xmlGetLastError() {
            let msg = err.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "malformed"
            return ImportError(code: .malformedXML, message: "not well-formed XML: \(msg)",
                               location: SourceLocation(file: name, line: Int(err.pointee.line), column: Int(err.pointee.int2)))
        }
        return ImportError(code: .malformedXML, message: "not well-formed XML", location: SourceLocation(file: name, line: 0, column: 0))
    }

    static func attr(_ reader: OpaquePointer, _ name: String) -> String? {
        guard let v = xmlTextReaderGetAttribute(reader, name) else { return nil }
        defer { clibxml2_free(v) }
        return String(cString: v)
    }

    /// Reads the `<data>` children of the current node or edge element, applying key defaults.
    static func readData(_ reader: OpaquePointer, keys: [String: Key], file: String, for kind: String) throws -> [String: Value] {
        var props: [String: Value] = [:]
        var raw: [String: String] = [:]
        if xmlTextReaderIsEmptyElement(reader) == 0 {
            let depth = xmlTextReaderDepth(reader)
            while true {
                let rc = xmlTextReaderRead(reader)
                if rc < 0 { throw xmlError(file) }
                if rc == 0 { break }
                let type = xmlTextReaderNodeType(reader)
                if type == 15 && xmlTextReaderDepth(reader) == depth { break }
                if type == 1, let local = xmlTextReaderConstLocalName(reader), String(cString: local) == "data" {
                    let key = attr(reader, "key") ?? ""
                    let text: String
                    if let v = xmlTextReaderReadString(reader) { text = String(cString: v); clibxml2_free(v) } else { text = "" }
                    raw[key] = text
                }
            }
        }
        for (id, key) in keys where raw[id] == nil {
            if let d = key.defaultValue { raw[id] = d }
        }
        for (id, text) in raw {
            guard let key = keys[id] else {
                throw ImportError(code: .badValue, message: "<data key=\"\(id)\"> refers to an undeclared <key>",
                                  location: SourceLocation(file: file, line: Int(xmlTextReaderGetParserLineNumber(reader)), column: 1))
            }
            guard let v = convert(text, type: key.type) else {
                throw ImportError(code: .badValue, message: "'\(text.prefix(40))' is not a valid \(key.type) for attribute \(key.name)",
                                  location: SourceLocation(file: file, line: Int(xmlTextReaderGetParserLineNumber(reader)), column: 1, field: key.name))
            }
            props[key.name] = v
        }
        return props
    }

    static func readChildText(_ reader: OpaquePointer, child: String) throws -> String? {
        guard xmlTextReaderIsEmptyElement(reader) == 0 else { return nil }
        let depth = xmlTextReaderDepth(reader)
        var found: String?
        while xmlTextReaderRead(reader) == 1 {
            let type = xmlTextReaderNodeType(reader)
            if type == 15 && xmlTextReaderDepth(reader) == depth { break }
            if type == 1, let local = xmlTextReaderConstLocalName(reader), String(cString: local) == child,
               let v = xmlTextReaderReadString(reader) {
                found = String(cString: v); clibxml2_free(v)
            }
        }
        return found
    }

    static func convert(_ text: String, type: String) -> Value? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch type {
        case "boolean":
            switch t.lowercased() {
            case "true", "1": return .bool(true)
            case "false", "0": return .bool(false)
            default: return nil
            }
        case "int", "long": return Int64(t).map(Value.int)
        case "float", "double": return Double(t).map(Value.double)
        case "date", "localtime", "time", "localdatetime", "datetime", "duration":
            // Not GraphML's own types: the neo4j-admin names, for files that declare them.
            return CSVFieldType(rawValue: type)?.parse(t)
        default: return .string(text)
        }
    }
}
