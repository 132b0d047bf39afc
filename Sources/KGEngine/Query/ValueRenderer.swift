import KGCore
import KGCypher

/// Display text for values in tables and CSV: strings bare, everything else as Cypher literals
/// (`(:Region {name: '南宁市'})`, `[1, 2]`, `1.5`).
public enum ValueRenderer {
    public static func text(_ v: Value, graph: GraphReadable?) -> String {
        if case .string(let s) = v { return s }
        return literal(v, graph: graph)
    }

    public static func literal(_ v: Value, graph: GraphReadable?) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d):
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
            return "\(d)"
        case .string(let s): return "'" + s.replacingOccurrences(of: "'", with: "\\'") + "'"
        case .list(let items): return "[" + items.map { literal($0, graph: graph) }.joined(separator: ", ") + "]"
        case .map(let m): return "{" + m.keys.sorted().map { "\($0): \(literal(m[$0]!, graph: graph))" }.joined(separator: ", ") + "}"
        case .date(let d): return d.description
        case .dateTime(let t): return t.description
        case .node(let id):
            let labels = (try? graph?.labels(ofNode: id)) ?? []
            let props = (try? graph?.properties(ofNode: id)) ?? [:]
            return "(" + labels.map { ":" + $0 }.joined() + (props.isEmpty ? "" : (labels.isEmpty ? "" : " ") + literal(.map(props), graph: graph)) + ")"
        case .relationship(let r):
            let props = (try? graph?.properties(ofRelationship: r.id)) ?? [:]
            return "[:" + r.type + (props.isEmpty ? "" : " " + literal(.map(props), graph: graph)) + "]"
        case .path(let p):
            var s = literal(.node(p.nodes[0]), graph: graph)
            for (k, r) in p.relationships.enumerated() {
                let forward = r.start == p.nodes[k]
                s += (forward ? "-" : "<-") + literal(.relationship(r), graph: graph) + (forward ? "->" : "-") + literal(.node(p.nodes[k + 1]), graph: graph)
            }
            return "<" + s + ">"
        }
    }
}
