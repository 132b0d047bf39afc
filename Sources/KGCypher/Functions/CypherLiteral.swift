import KGCore
import Foundation

/// Renders values as Cypher literal text (`[1, 'a', {k: 2.0}]`, `(:A {name: 'x'})`), for
/// `toString` of lists and the CLI's table format.
public enum CypherLiteral {
    /// The value as Cypher literal text; nodes and relationships are looked up in `graph`.
    public static func render(_ v: Value, graph: GraphReadable? = nil) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return Functions.formatFloat(d)
        case .string(let s): return "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        case .list(let items): return "[" + items.map { render($0, graph: graph) }.joined(separator: ", ") + "]"
        case .map(let m): return "{" + m.keys.sorted().map { "\($0): \(render(m[$0]!, graph: graph))" }.joined(separator: ", ") + "}"
        case .date(let d): return d.description
        case .dateTime(let t): return t.description
        case .time(let t): return t.description
        case .localTime(let t): return t.description
        case .localDateTime(let t): return t.description
        case .duration(let d): return d.description
        case .node(let id):
            guard let graph, let labels = try? graph.labels(ofNode: id), let props = try? graph.properties(ofNode: id) else { return "(#\(id))" }
            let l = labels.map { ":" + $0 }.joined()
            let p = props.isEmpty ? "" : " " + render(.map(props), graph: graph)
            return "(" + l + p + ")"
        case .relationship(let r):
            let props = (try? graph?.properties(ofRelationship: r.id)) ?? [:]
            let p = props.isEmpty ? "" : " " + render(.map(props), graph: graph)
            return "[:" + r.type + p + "]"
        case .path(let path):
            var s = render(.node(path.nodes[0]), graph: graph)
            for (k, r) in path.relationships.enumerated() {
                let forward = r.start == path.nodes[k]
                s += (forward ? "-" : "<-") + render(.relationship(r), graph: graph) + (forward ? "->" : "-") + render(.node(path.nodes[k + 1]), graph: graph)
            }
            return "<" + s + ">"
        }
    }
}
