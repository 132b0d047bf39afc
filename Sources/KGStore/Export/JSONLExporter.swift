import Foundation
import KGCore

/// Writes the JSON Lines format that `JSONLImporter` reads: nodes first, then relationships.
enum JSONLExporter {
    static func write(store: GraphStore, to path: String) throws -> GraphExporter.Report {
        let (handle, tmp) = try GraphExporter.openOutput(path)
        var out = BufferedOutput(handle)
        var report = GraphExporter.Report()
        let ids = try GraphExporter.exportIDs(store)
        func ref(_ e: ExternalID) -> JSON { .object([("id", .string(e.id)), ("space", .string(e.space))]) }
        func props(_ p: [String: Value]) -> JSON { .object(p.sorted { $0.key < $1.key }.map { ($0.key, $0.value.propertyJSON) }) }
        try store.forEachNode { n in
            let e = GraphExporter.exportID(n)
            out.write(JSONWriter.string(.object([("type", .string("node")), ("id", .string(e.id)), ("space", .string(e.space)),
                                                 ("labels", .array(n.labels.map(JSON.string))), ("properties", props(n.properties))])) + "\n")
            report.nodes += 1
        }
        try store.forEachRelationship { r in
            out.write(JSONWriter.string(.object([("type", .string("relationship")), ("id", .string(String(r.id))), ("label", .string(r.type)),
                                                 ("start", ref(ids[r.start]!)), ("end", ref(ids[r.end]!)), ("properties", props(r.properties))])) + "\n")
            report.relationships += 1
        }
        out.flush()
        try GraphExporter.finish(handle, tmp: tmp, path: path)
        report.files = [path]
        return report
    }
}
