import KGCore

extension Expr {
    /// The expression as Cypher text (for plan details and messages); hidden variables print as
    /// `anonN`.
    var text: String {
        func v(_ n: String) -> String { n.isHiddenVariable ? "anon" + n.dropFirst() : n }
        switch kind {
        case .literal(let value): return CypherLiteral.render(value)
        case .parameter(let n): return "$" + n
        case .variable(let n): return v(n)
        case .property(let b, let k): return b.text + "." + k
        case .index(let b, let i): return b.text + "[" + i.text + "]"
        case .slice(let b, let l, let h): return b.text + "[" + (l?.text ?? "") + ".." + (h?.text ?? "") + "]"
        case .hasLabels(let b, let ls): return b.text + ls.map { ":" + $0 }.joined()
        case .list(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .map(let entries): return "{" + entries.map { $0.0 + ": " + $0.1.text }.joined(separator: ", ") + "}"
        case .not(let x): return "NOT " + x.text
        case .negate(let x): return "-" + x.text
        case .binary(let op, let a, let b): return a.text + " " + op.rawValue + " " + b.text
        case .isNull(let x, let n): return x.text + (n ? " IS NOT NULL" : " IS NULL")
        case .function(let name, let d, let args): return name + "(" + (d ? "DISTINCT " : "") + args.map(\.text).joined(separator: ", ") + ")"
        case .countStar: return "count(*)"
        case .caseExpr: return "CASE … END"
        case .listComprehension(let x, let s, _, _): return "[" + x + " IN " + s.text + " …]"
        case .quantifier(let q, let x, let s, _): return q.rawValue + "(" + x + " IN " + s.text + " …)"
        case .reduce: return "reduce(…)"
        case .patternComprehension: return "[pattern | …]"
        case .pattern: return "(pattern)"
        case .exists: return "EXISTS { … }"
        case .mapProjection(let n, _): return v(n) + "{…}"
        case .propertiesMatch(let a, let b): return a.text + " matches " + b.text
        }
    }
}
