import Foundation
import KGCore

/// Writes GraphML that NetworkX's `read_graphml` reads as the same graph: typed `<key>`s
/// (long, double, boolean, string), a node attribute `labels` (`:A:B`) and an edge attribute
/// `type`. Lists and temporal values, which GraphML lacks, are written as strings (JSON for lists,
/// ISO 8601 text for the six temporal types), a documented loss; the importer reads temporal
/// values back when a key declares a neo4j-admin type (`attr.type="datetime"`, `"duration"`, …).
enum GraphMLExporter {
    static func write(store: GraphStore, to path: String) throws -> GraphExporter.Report {
        // First pass: the keys and their types (a key with mixed types becomes a string).
        var nodeKeys: [String: String] = ["labels": "string"], edgeKeys: [String: String] = ["type": "string"]
        func typeName(_ v: Value) -> String {
            switch v {
            case .int: return "long"
            case .double: return "double"
            case .bool: return "boolean"
            default: return "string"
            }
        }
        func merge(_ keys: inout [String: String], _ props: [String: Value]) {
            for (k, v) in props {
                let t = typeName(v)
                if let old = keys[k], old != t { keys[k] = (old == "long" && t == "double") || (old == "double" && t == "long") ? "double" : "string" } else if keys[k] == nil { keys[k] = t }
            }
        }
        try store.forEachNode { merge(&nodeKeys, $0.properties) }
        try store.forEachRelationship { merge(&edgeKeys, $0.properties) }
        let ids = try GraphExporter.exportIDs(store)
        let counts = Dictionary(ids.values.map { ($0.id, 1) }, uniquingKeysWith: +)
        func gid(_ e: ExternalID) -> String { e.space.isEmpty || counts[e.id] == 1 ? e.id : "\(e.space):\(e.id)" }

        let (handle, tmp) = try GraphExporter.openOutput(path)
        var out = BufferedOutput(handle)
        var report = GraphExporter.Report()
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n")
        let nodeKeyIDs = Dictionary(uniqueKeysWithValues: nodeKeys.keys.sorted().enumerated().map { ($1, "n\($0)") })
        let edgeKeyIDs = Dictionary(uniqueKeysWithValues: edgeKeys.keys.sorted().enumerated().map { ($1, "e\($0)") })
        for k in nodeKeys.keys.sorted() {
            out.write("  <key id=\"\(nodeKeyIDs[k]!)\" for=\"node\" attr.name=\"\(escape(k))\" attr.type=\"\(nodeKeys[k]!)\"/>\n")
        }
        for k in edgeKeys.keys.sorted() {
            out.write("  <key id=\"\(edgeKeyIDs[k]!)\" for=\"edge\" attr.name=\"\(escape(k))\" attr.type=\"\(edgeKeys[k]!)\"/>\n")
        }
        out.write("  <graph id=\"G\" edgedefault=\"directed\">\n")
        func data(_ key: String, _ v: Value, _ type: String) -> String {
            let text: String
            switch (v, type) {
            case (.int(let i), "double"): text = JSONWriter.formatDouble(Double(i))
            case (.int(let i), _): text = String(i)
            case (.double(let d), _): text = d.isFinite ? JSONWriter.formatDouble(d) : d.description
            case (.bool(let b), "boolean"): text = b ? "true" : "false"
            case (.string(let s), _): text = s
            case (.date(let d), _): text = d.description
            case (.dateTime(let t), _): text = t.description
            case (.localDateTime(let t), _): text = t.description
            case (.time(let t), _): text = t.description
            case (.localTime(let t), _): text = t.description
            case (.duration(let d), _): text = d.description
            default: text = JSONWriter.string(v.propertyJSON)
            }
            return "<data key=\"\(key)\">\(escape(text))</data>"
        }
        try store.forEachNode { n in
            var line = "    <node id=\"\(escape(gid(GraphExporter.exportID(n))))\">"
            line += data(nodeKeyIDs["labels"]!, .string(n.labels.map { ":" + $0 }.joined()), "string")
            for (k, v) in n.properties.sorted(by: { $0.key < $1.key }) { line += data(nodeKeyIDs[k]!, v, nodeKeys[k]!) }
            out.write(line + "</node>\n")
            report.nodes += 1
        }
        try store.forEachRelationship { r in
            var line = "    <edge id=\"r\(r.id)\" source=\"\(escape(gid(ids[r.start]!)))\" target=\"\(escape(gid(ids[r.end]!)))\">"
            line += data(edgeKeyIDs["type"]!, .string(r.type), "string")
            for (k, v) in r.properties.sorted(by: { $0.key < $1.key }) { line += data(edgeKeyIDs[k]!, v, edgeKeys[k]!) }
            out.write(line + "</edge>\n")
            report.relationships += 1
        }
        out.write("  </graph>\n</graphml>\n")
        out.flush()
        try GraphExporter.finish(handle, tmp: tmp, path: path)
        report.files = [path]
        return report
    }

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\u{9}", "\u{A}", "\u{D}": out.unicodeScalars.append(c)
            default:
                // Characters XML 1.0 cannot carry are dropped.
                if c.value >= 0x20 && c.value != 0xFFFE && c.value != 0xFFFF { out.unicodeScalars.append(c) }
            }
        }
        return out
    }
}
