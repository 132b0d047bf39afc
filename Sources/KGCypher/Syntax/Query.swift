/// A whole query: single queries joined by UNION / UNION ALL.
struct Query: Sendable {
    var parts: [SingleQuery]
    /// For each UNION between parts: true for UNION ALL.
    var unionAll: [Bool]
    var offset: Int
}

/// A sequence of clauses ending in RETURN (or in an updating clause).
struct SingleQuery: Sendable {
    var clauses: [Clause]
}

/// A parsed clause with its offset.
struct Clause: Sendable {
    enum Kind: Sendable {
        case match(optional: Bool, pattern: [PatternPart], predicate: Expr?)
        case unwind(Expr, variable: String)
        case with(Projection, predicate: Expr?)
        case returnClause(Projection)
        case create([PatternPart])
        case merge(PatternPart, onCreate: [SetItem], onMatch: [SetItem])
        case set([SetItem])
        case remove([RemoveItem])
        case delete([Expr], detach: Bool)
        case call(ProcedureCall)
    }
    var kind: Kind
    let offset: Int
}

/// `CALL ns.name(args) YIELD a, b AS c WHERE …`.
struct ProcedureCall: Sendable {
    var name: String
    /// Nil for the implicit-arguments form `CALL proc` (standalone only).
    var arguments: [Expr]?
    /// Nil without YIELD; `yieldAll` for `YIELD *`.
    var yields: [(field: String, alias: String?, offset: Int)]?
    var yieldAll: Bool
    var predicate: Expr?
    let offset: Int
    /// Set by the planner: the query is this CALL alone.
    var standalone = false
}

/// The body of WITH / RETURN.
struct Projection: Sendable {
    var distinct: Bool
    var includeAll: Bool
    var items: [ReturnItem]
    var orderBy: [SortItem]
    var skip: Expr?
    var limit: Expr?
}

/// `expr [AS alias]`; `text` is the expression as written (the default column name).
struct ReturnItem: Sendable {
    var expression: Expr
    var alias: String?
    var text: String
    var name: String { alias ?? text }
}

/// `expr [ASC|DESC]`.
struct SortItem: Sendable {
    var expression: Expr
    var ascending: Bool
}

/// One item of SET (also used by MERGE's ON CREATE / ON MATCH).
enum SetItem: Sendable {
    /// `target.key = value`
    case property(target: Expr, key: String, value: Expr)
    /// `n = map` (replace all properties)
    case replaceAll(variable: String, value: Expr, offset: Int)
    /// `n += map`
    case mergeAll(variable: String, value: Expr, offset: Int)
    /// `n:A:B`
    case labels(variable: String, labels: [String], offset: Int)
}

/// One item of REMOVE.
enum RemoveItem: Sendable {
    case property(target: Expr, key: String)
    case labels(variable: String, labels: [String], offset: Int)
}
