import KGCore
import KGCypher

/// Display text for values in tables and CSV: strings bare, everything else as Cypher literals
/// (`(:Region {name: '南宁市'})`, `[1, 2]`, `1.5`), rendered by `CypherLiteral`.
public enum ValueRenderer {
    public static func text(_ v: Value, graph: GraphReadable?) -> String {
        if case .string(let s) = v { return s }
        return CypherLiteral.render(v, graph: graph)
    }
}
