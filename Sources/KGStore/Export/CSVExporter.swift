import Foundation
import KGCore

/// Writes a folder of CSV files in the neo4j-admin import convention: one node file per
/// (label set, id space) and one relationship file per (type, start space, end space), with
/// typed headers, so `govbrain import` reads the folder's files back as the same graph.
enum CSVExporter {
    static func write(store: GraphStore, to dir: String) throws -> GraphExporter.Report {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: dir, isDirectory: &isDir), !isDir.boolValue {
            throw ImportError(code: .fileNotFound, message: "\(dir) is a file; CSV export writes a folder of files, give a folder path")
        }
        do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw ImportError(code: .fileNotFound, message: "cannot create folder \(dir): \(error.localizedDescription)")
        }
        // Pass 1: group keys and property types.
        struct Group { var keys: [String: CSVColumnType] = [:] }
        var nodeGroups: [String: Group] = [:], relGroups: [String: Group] = [:]
        var nodeGroupOf: [Int64: String] = [:]
        try store.forEachNode { n in
            let g = fileName(labels: n.labels, space: GraphExporter.exportID(n).space)
            nodeGroupOf[n.id] = g
            for (k, v) in n.properties { nodeGroups[g, default: Group()].keys[k] = CSVColumnType.merge(nodeGroups[g]?.keys[k], v) }
            if nodeGroups[g] == nil { nodeGroups[g] = Group() }
        }
        let ids = try GraphExporter.exportIDs(store)
        func relGroup(_ r: StoredRelationship) -> String {
            "rels_\(sanitize(r.type))__\(sanitize(ids[r.start]!.space))__\(sanitize(ids[r.end]!.space))"
        }
        try store.forEachRelationship { r in
            let g = relGroup(r)
            for (k, v) in r.properties { relGroups[g, default: Group()].keys[k] = CSVColumnType.merge(relGroups[g]?.keys[k], v) }
            if relGroups[g] == nil { relGroups[g] = Group() }
        }
        // Pass 2: write.
        var outputs: [String: (BufferedOutput, String, [String])] = [:]
        var report = GraphExporter.Report()
        func open(_ name: String, header: [String], keys: [String]) throws {
            let path = (dir as NSString).appendingPathComponent(name + ".csv")
            let (h, tmp) = try GraphExporter.openOutput(path)
            var o = BufferedOutput(h)
            o.write(CSVWriter.line(header) + "\n")
            outputs[name] = (o, tmp, keys)
            report.files.append(path)
        }
        try store.forEachNode { n in
            let g = nodeGroupOf[n.id]!
            let ext = GraphExporter.exportID(n)
            if outputs[g] == nil {
                let keys = nodeGroups[g]!.keys.keys.sorted()
                try open(g, header: [":ID(\(ext.space))", ":LABEL"] + keys.map { "\($0):\(nodeGroups[g]!.keys[$0]!.header)" }, keys: keys)
            }
            var fields = [ext.id, n.labels.joined(separator: ";")]
            for k in outputs[g]!.2 { fields.append(n.properties[k].map { nodeGroups[g]!.keys[k]!.format($0) } ?? "") }
            outputs[g]!.0.write(CSVWriter.line(fields) + "\n")
            report.nodes += 1
        }
        try store.forEachRelationship { r in
            let g = relGroup(r)
            let s = ids[r.start]!, e = ids[r.end]!
            if outputs[g] == nil {
                let keys = relGroups[g]!.keys.keys.sorted()
                try open(g, header: [":START_ID(\(s.space))", ":END_ID(\(e.space))", ":TYPE"] + keys.map { "\($0):\(relGroups[g]!.keys[$0]!.header)" }, keys: keys)
            }
            var fields = [s.id, e.id, r.type]
            for k in outputs[g]!.2 { fields.append(r.properties[k].map { relGroups[g]!.keys[k]!.format($0) } ?? "") }
            outputs[g]!.0.write(CSVWriter.line(fields) + "\n")
            report.relationships += 1
        }
        for (name, (o, tmp, _)) in outputs {
            var o = o
            o.flush()
            try GraphExporter.finish(o.handle, tmp: tmp, path: (dir as NSString).appendingPathComponent(name + ".csv"))
        }
        report.files.sort()
        return report
    }

    static func fileName(labels: [String], space: String) -> String {
        "nodes_" + (labels.isEmpty ? "_" : labels.map(sanitize).joined(separator: "_")) + "__" + sanitize(space)
    }

    static func sanitize(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
    }

}

/// The header type of an exported CSV column, widened when values disagree.
enum CSVColumnType: Equatable {
    case int, double, boolean, string, date, datetime, localdatetime, time, localtime, duration
    indirect case array(CSVColumnType)
    /// Only empty lists so far: any array type can still take the column.
    case emptyArray

    static func of(_ v: Value) -> CSVColumnType {
        switch v {
        case .int: return .int
        case .double: return .double
        case .bool: return .boolean
        case .date: return .date
        case .dateTime: return .datetime
        case .localDateTime: return .localdatetime
        case .time: return .time
        case .localTime: return .localtime
        case .duration: return .duration
        case .list(let items): return items.first.map { .array(of($0)) } ?? .emptyArray
        case .null, .string, .map, .node, .relationship, .path: return .string
        }
    }

    static func merge(_ old: CSVColumnType?, _ v: Value) -> CSVColumnType {
        let t = of(v)
        guard let old, old != t else { return t }
        switch (old, t) {
        case (.emptyArray, .array): return t
        case (.array, .emptyArray): return old
        default: break
        }
        if (old == .int && t == .double) || (old == .double && t == .int) { return .double }
        return .string
    }

    var header: String {
        switch self {
        case .int: return "long"
        case .double: return "double"
        case .boolean: return "boolean"
        case .string: return "string"
        case .date: return "date"
        case .datetime: return "datetime"
        case .localdatetime: return "localdatetime"
        case .time: return "time"
        case .localtime: return "localtime"
        case .duration: return "duration"
        case .array(let t): return t.header + "[]"
        case .emptyArray: return "string[]"
        }
    }

    func format(_ v: Value) -> String {
        switch (self, v) {
        case (.double, .int(let i)): return JSONWriter.formatDouble(Double(i))
        case (_, .int(let i)): return String(i)
        case (_, .double(let d)): return d.isFinite ? JSONWriter.formatDouble(d) : d.description
        case (_, .bool(let b)): return b ? "true" : "false"
        case (_, .string(let s)): return s
        case (_, .date(let d)): return d.description
        case (_, .dateTime(let t)): return t.description
        case (_, .localDateTime(let t)): return t.description
        case (_, .time(let t)): return t.description
        case (_, .localTime(let t)): return t.description
        case (_, .duration(let d)): return d.description
        case (.array(let inner), .list(let items)): return items.map { inner.format($0) }.joined(separator: ";")
        case (.emptyArray, .list(let items)) where items.isEmpty: return ""
        default: return JSONWriter.string(v.propertyJSON)
        }
    }
}
