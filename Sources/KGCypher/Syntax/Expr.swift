import KGCore

/// A parsed expression with the byte offset where it starts (for error carets).
struct Expr: Sendable {
    indirect enum Kind: Sendable {
        case literal(Value)
        case parameter(String)
        case variable(String)
        case property(Expr, String)
        case index(Expr, Expr)
        case slice(Expr, Expr?, Expr?)
        case hasLabels(Expr, [String])
        case list([Expr])
        case map([(String, Expr)])
        case not(Expr)
        case negate(Expr)
        case binary(BinaryOperator, Expr, Expr)
        case isNull(Expr, negated: Bool)
        case function(name: String, distinct: Bool, args: [Expr])
        case countStar
        case caseExpr(subject: Expr?, whens: [(Expr, Expr)], otherwise: Expr?)
        case listComprehension(variable: String, source: Expr, predicate: Expr?, projection: Expr?)
        case quantifier(Quantifier, variable: String, source: Expr, predicate: Expr?)
        case reduce(accumulator: String, initial: Expr, variable: String, source: Expr, body: Expr)
        case patternComprehension(pathVariable: String?, pattern: PatternPart, predicate: Expr?, projection: Expr)
        case pattern(PatternPart)
        case exists(ExistsBody)
        case mapProjection(variable: String, items: [MapProjectionItem])
        /// The entity's properties include every entry of the map (inline pattern properties).
        case propertiesMatch(Expr, Expr)
    }

    var kind: Kind
    let offset: Int
    /// The height of the tree when it was built (a leaf is 1), counting the expressions of
    /// nested patterns and subqueries through `nestedDepth`. The parser refuses trees higher than
    /// `Parser.maxExpressionDepth`, so that the analyser and the evaluator, which recurse over
    /// the tree, cannot exhaust the stack.
    let depth: Int

    init(_ kind: Kind, at offset: Int, nestedDepth: Int = 0) {
        self.kind = kind
        self.offset = offset
        var highest = nestedDepth
        for child in Expr.children(of: kind) where child.depth > highest { highest = child.depth }
        depth = highest + 1
    }
}

/// Binary operators in precedence groups.
enum BinaryOperator: String, Sendable {
    case or = "OR", xor = "XOR", and = "AND"
    case eq = "=", neq = "<>", lt = "<", gt = ">", le = "<=", ge = ">="
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%", pow = "^"
    case startsWith = "STARTS WITH", endsWith = "ENDS WITH", contains = "CONTAINS", `in` = "IN", regex = "=~"
}

/// `any`, `all`, `none`, `single`.
enum Quantifier: String, Sendable { case any, all, none, single }

/// The body of `EXISTS { … }`: a pattern with an optional WHERE, or a full subquery.
enum ExistsBody: Sendable {
    case pattern([PatternPart], Expr?)
    case query(Query)
}

/// One item of a map projection `n{.name, .*, k: expr, v}`.
enum MapProjectionItem: Sendable {
    case property(String)
    case allProperties
    case literal(String, Expr)
    case variable(String)
}

extension Expr {
    /// Whether the expression contains an aggregate function call (not inside a nested scope
    /// that aggregates on its own).
    var containsAggregate: Bool {
        var found = false
        visit { e in
            switch e.kind {
            case .countStar: found = true
            case .function(let name, _, _) where FunctionCatalog.isAggregate(name): found = true
            default: break
            }
        }
        return found
    }

    /// Calls `body` on this expression and every sub-expression (not descending into
    /// pattern comprehensions' patterns or EXISTS bodies).
    func visit(_ body: (Expr) -> Void) {
        body(self)
        for child in children { child.visit(body) }
    }

    /// The direct sub-expressions.
    var children: [Expr] { Expr.children(of: kind) }

    /// The direct sub-expressions of an expression of `kind`.
    static func children(of kind: Kind) -> [Expr] {
        switch kind {
        case .literal, .parameter, .variable, .countStar, .pattern, .exists: return []
        case .property(let e, _), .hasLabels(let e, _), .not(let e), .negate(let e), .isNull(let e, _): return [e]
        case .index(let a, let b), .binary(_, let a, let b), .propertiesMatch(let a, let b): return [a, b]
        case .slice(let a, let b, let c): return [a] + [b, c].compactMap { $0 }
        case .list(let items): return items
        case .map(let items): return items.map(\.1)
        case .function(_, _, let args): return args
        case .caseExpr(let s, let whens, let o):
            return [s].compactMap { $0 } + whens.flatMap { [$0.0, $0.1] } + [o].compactMap { $0 }
        case .listComprehension(_, let s, let p, let proj): return [s] + [p, proj].compactMap { $0 }
        case .quantifier(_, _, let s, let p): return [s] + [p].compactMap { $0 }
        case .reduce(_, let i, _, let s, let b): return [i, s, b]
        case .patternComprehension(_, _, let p, let proj): return [p].compactMap { $0 } + [proj]
        case .mapProjection(_, let items):
            return items.compactMap { if case .literal(_, let e) = $0 { return e } else { return nil } }
        }
    }
}
