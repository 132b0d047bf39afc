import KGCore

/// A parsed statement: a query and how to run it.
struct Statement: Sendable {
    enum Mode: Sendable { case run, explain, profile }
    var mode: Mode
    var query: Query
}

/// Recursive-descent parser for openCypher (the openCypher 9 grammar plus EXISTS subqueries).
///
/// It never sees the schema; names are checked by `SemanticAnalyzer`. Errors are
/// `SyntaxError`s at compile time with the byte offset of the offending token.
///
/// Hostile input is bounded: recursion (parentheses, lists, maps, `NOT`, signs, patterns,
/// subqueries) stops at `maxNesting` levels and expression trees at `maxExpressionDepth`, with a
/// `NestingTooDeep` error instead of a stack overflow; the analyser and the evaluator recurse over
/// what the parser accepted, so the same bounds hold for them. Backtracking attempts (a pattern or a
/// comprehension where an expression may follow) are remembered by position when they fail, so
/// nested alternatives cost polynomial, not exponential, time.
struct Parser {
    /// The deepest recursion accepted; each parenthesis, list, map, `NOT`, sign, parenthesised
    /// pattern and subquery takes one level.
    static let maxNesting = 128
    /// The highest expression tree accepted (`Expr.depth`, nested patterns and subqueries included).
    static let maxExpressionDepth = 250
    /// The most clauses, UNION parts and pattern steps in one statement: each becomes one or more
    /// operators of a plan that is built and pulled from recursively.
    static let maxQueryElements = 2_500

    private var tokens: [Token]
    private var p = 0
    private let source: [UInt8]
    private var nesting = 0
    /// A nesting error: it ends the parse even inside an attempt whose failure is otherwise tried another way.
    private var fatal: CypherError?
    /// Attempts that failed, by token position and kind (see `attemptKey`).
    private var failedAttempts = Set<Int>()
    /// The highest expression built since the innermost enclosing pattern or subquery started.
    private var deepestInScope = 0
    private var elements = 0

    init(_ text: String) throws {
        tokens = try Lexer.tokenize(text)
        source = Array(text.utf8)
    }

    /// Parses one statement: `[EXPLAIN|PROFILE] query [;]`.
    static func parse(_ text: String) throws -> Statement {
        var parser = try Parser(text)
        var mode = Statement.Mode.run
        if parser.current.isKeyword("EXPLAIN") { mode = .explain; parser.p += 1 } else if parser.current.isKeyword("PROFILE") { mode = .profile; parser.p += 1 }
        let query = try parser.parseQuery()
        if parser.current.isSymbol(";") { parser.p += 1 }
        guard parser.current.kind == .end else { throw parser.unexpected("end of query") }
        return Statement(mode: mode, query: query)
    }

    // MARK: tokens

    private var current: Token { tokens[p] }
    private func peek(_ k: Int) -> Token { tokens[min(p + k, tokens.count - 1)] }
    private var lastEnd: Int { p > 0 ? tokens[p - 1].endOffset : 0 }

    private func describe(_ t: Token) -> String {
        switch t.kind {
        case .identifier(let s): return "'\(s)'"
        case .quotedIdentifier(let s): return "`\(s)`"
        case .integer(let v, _): return "'\(v)'"
        case .float(let d): return "'\(d)'"
        case .string: return "a string"
        case .parameter(let s): return "$\(s)"
        case .symbol(let s): return "'\(s)'"
        case .invalid(_, let m): return m
        case .end: return "the end of the query"
        }
    }

    // MARK: bounds

    /// Enters one level of recursion; throws `NestingTooDeep` past `maxNesting`.
    private mutating func enter() throws {
        nesting += 1
        guard nesting <= Parser.maxNesting else {
            let error = CypherError.syntax(.nestingTooDeep, "the query nests parentheses, lists, maps, NOT, signs, patterns or subqueries more than \(Parser.maxNesting) levels deep; flatten it", at: current.offset)
            fatal = error
            throw error
        }
    }

    private mutating func leave() { nesting -= 1 }

    /// Counts one clause, UNION part or pattern step against `maxQueryElements`.
    private mutating func countElement() throws {
        elements += 1
        guard elements <= Parser.maxQueryElements else {
            let error = CypherError.syntax(.queryTooLarge, "the query has more than \(Parser.maxQueryElements) clauses, UNION parts and pattern steps; split it into several queries or use UNWIND over a list", at: current.offset)
            fatal = error
            throw error
        }
    }

    /// `e`, after checking its height against `maxExpressionDepth`.
    private mutating func bounded(_ e: Expr) throws -> Expr {
        guard e.depth <= Parser.maxExpressionDepth else {
            let error = CypherError.syntax(.nestingTooDeep, "the expression is more than \(Parser.maxExpressionDepth) operators deep; split it (e.g. x IN [a, b, c] instead of chained ORs, or WITH steps)", at: e.offset)
            fatal = error
            throw error
        }
        if e.depth > deepestInScope { deepestInScope = e.depth }
        return e
    }

    /// The key of a backtracking attempt of `kind` (0 pattern, 1 list comprehension, 2 pattern comprehension) at token `position`.
    private func attemptKey(_ kind: Int, _ position: Int) -> Int { position &* 4 &+ kind }

    /// Rethrows a nesting error swallowed by a failed attempt, and remembers the failure.
    private mutating func attemptFailed(_ kind: Int, at position: Int) throws {
        if let fatal { throw fatal }
        failedAttempts.insert(attemptKey(kind, position))
    }

    private func unexpected(_ expected: String) -> CypherError {
        .syntax(.unexpectedSyntax, "expected \(expected) but found \(describe(current))", at: current.offset)
    }

    private mutating func keyword(_ word: String) -> Bool {
        if current.isKeyword(word) { p += 1; return true }
        return false
    }

    private mutating func expectKeyword(_ word: String) throws {
        guard keyword(word) else { throw unexpected(word) }
    }

    private mutating func symbol(_ s: String) -> Bool {
        if current.isSymbol(s) { p += 1; return true }
        return false
    }

    private mutating func expect(_ s: String) throws {
        guard symbol(s) else { throw unexpected("'\(s)'") }
    }

    private mutating func name(_ what: String = "a name") throws -> String {
        guard let n = current.name else { throw unexpected(what) }
        p += 1
        return n
    }

    private func text(from start: Int, to end: Int) -> String {
        String(decoding: source[start..<max(start, end)], as: UTF8.self)
    }

    // MARK: queries and clauses

    private mutating func parseQuery() throws -> Query {
        try enter(); defer { leave() }
        let offset = current.offset
        var parts = [try parseSingleQuery()]
        var all: [Bool] = []
        while keyword("UNION") {
            all.append(keyword("ALL"))
            parts.append(try parseSingleQuery())
        }
        return Query(parts: parts, unionAll: all, offset: offset)
    }

    private func atClauseEnd() -> Bool {
        if case .end = current.kind { return true }
        return current.isSymbol(";") || current.isSymbol("}") || current.isSymbol(")") || current.isKeyword("UNION")
    }

    private mutating func parseSingleQuery() throws -> SingleQuery {
        var clauses: [Clause] = []
        try countElement()
        while !atClauseEnd() {
            try countElement()
            clauses.append(try parseClause())
        }
        if clauses.isEmpty { throw unexpected("a clause (MATCH, RETURN, CREATE, …)") }
        return SingleQuery(clauses: clauses)
    }

    private mutating func parseClause() throws -> Clause {
        let offset = current.offset
        if keyword("OPTIONAL") {
            try expectKeyword("MATCH")
            return try parseMatch(optional: true, offset: offset)
        }
        if keyword("MATCH") { return try parseMatch(optional: false, offset: offset) }
        if keyword("UNWIND") {
            let e = try parseExpression()
            try expectKeyword("AS")
            let v = try name("a variable")
            return Clause(kind: .unwind(e, variable: v), offset: offset)
        }
        if keyword("WITH") {
            let proj = try parseProjection(isWith: true)
            var predicate: Expr?
            if keyword("WHERE") { predicate = try parseExpression() }
            return Clause(kind: .with(proj, predicate: predicate), offset: offset)
        }
        if keyword("RETURN") {
            return Clause(kind: .returnClause(try parseProjection(isWith: false)), offset: offset)
        }
        if current.isKeyword("CREATE"), peek(1).isKeyword("INDEX") {
            p += 2
            return try parseIndexDDL(create: true, offset: offset)
        }
        if current.isKeyword("DROP"), peek(1).isKeyword("INDEX") {
            p += 2
            return try parseIndexDDL(create: false, offset: offset)
        }
        if keyword("CREATE") { return Clause(kind: .create(try parsePattern()), offset: offset) }
        if keyword("MERGE") {
            let part = try parsePatternPart()
            var onCreate: [SetItem] = [], onMatch: [SetItem] = []
            while current.isKeyword("ON") {
                p += 1
                if keyword("CREATE") {
                    try expectKeyword("SET"); onCreate += try parseSetItems()
                } else if keyword("MATCH") {
                    try expectKeyword("SET"); onMatch += try parseSetItems()
                } else { throw unexpected("CREATE or MATCH after ON") }
            }
            return Clause(kind: .merge(part, onCreate: onCreate, onMatch: onMatch), offset: offset)
        }
        if keyword("SET") { return Clause(kind: .set(try parseSetItems()), offset: offset) }
        if keyword("REMOVE") { return Clause(kind: .remove(try parseRemoveItems()), offset: offset) }
        if keyword("DETACH") {
            try expectKeyword("DELETE")
            return Clause(kind: .delete(try parseExpressionList(), detach: true), offset: offset)
        }
        if keyword("DELETE") { return Clause(kind: .delete(try parseExpressionList(), detach: false), offset: offset) }
        if keyword("CALL") { return Clause(kind: .call(try parseCall(offset: offset)), offset: offset) }
        throw unexpected("a clause (MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN, CREATE, MERGE, SET, REMOVE, DELETE, CALL)")
    }

    /// `CREATE INDEX [name] [IF NOT EXISTS] FOR (n:Label) ON (n.key)` and
    /// `DROP INDEX [ON] :Label(key)`, as calls of db.createIndex / db.dropIndex.
    private mutating func parseIndexDDL(create: Bool, offset: Int) throws -> Clause {
        var label: String, key: String
        if create {
            if !current.isKeyword("FOR"), !current.isKeyword("IF"), current.name != nil { p += 1 }
            if keyword("IF") { try expectKeyword("NOT"); try expectKeyword("EXISTS") }
            try expectKeyword("FOR")
            try expect("(")
            let v = try name("a variable")
            try expect(":")
            label = try name("a label")
            try expect(")")
            try expectKeyword("ON")
            try expect("(")
            guard try name("a variable") == v else { throw unexpected("the variable of FOR (…)") }
            try expect(".")
            key = try name("a property key")
            try expect(")")
        } else {
            _ = keyword("ON")
            try expect(":")
            label = try name("a label")
            try expect("(")
            key = try name("a property key")
            try expect(")")
        }
        let args = [Expr(.literal(.string(label)), at: offset), Expr(.literal(.string(key)), at: offset)]
        return Clause(kind: .call(ProcedureCall(name: create ? "db.createIndex" : "db.dropIndex", arguments: args, yields: nil,
                                                yieldAll: false, predicate: nil, offset: offset)), offset: offset)
    }

    private mutating func parseMatch(optional: Bool, offset: Int) throws -> Clause {
        let pattern = try parsePattern()
        var predicate: Expr?
        if keyword("WHERE") { predicate = try parseExpression() }
        return Clause(kind: .match(optional: optional, pattern: pattern, predicate: predicate), offset: offset)
    }

    private mutating func parseExpressionList() throws -> [Expr] {
        var out = [try parseExpression()]
        while symbol(",") { out.append(try parseExpression()) }
        return out
    }

    private mutating func parseCall(offset: Int) throws -> ProcedureCall {
        var parts = [try name("a procedure name")]
        while symbol(".") { parts.append(try name("a procedure name")) }
        var args: [Expr]?
        if symbol("(") {
            var list: [Expr] = []
            if !symbol(")") {
                list = try parseExpressionList()
                try expect(")")
            }
            args = list
        }
        var yields: [(field: String, alias: String?, offset: Int)]?
        var yieldAll = false
        var predicate: Expr?
        if keyword("YIELD") {
            if symbol("*") { yieldAll = true } else {
                var items: [(field: String, alias: String?, offset: Int)] = []
                repeat {
                    let o = current.offset
                    let field = try name("a procedure output name")
                    var alias: String?
                    if keyword("AS") { alias = try name("a variable") }
                    items.append((field, alias, o))
                } while symbol(",")
                yields = items
            }
            if keyword("WHERE") { predicate = try parseExpression() }
        }
        return ProcedureCall(name: parts.joined(separator: "."), arguments: args, yields: yields, yieldAll: yieldAll,
                             predicate: predicate, offset: offset)
    }

    private mutating func parseProjection(isWith: Bool) throws -> Projection {
        let distinct = keyword("DISTINCT")
        var includeAll = false
        var items: [ReturnItem] = []
        if symbol("*") {
            includeAll = true
            if symbol(",") { items = try parseReturnItems() }
        } else {
            items = try parseReturnItems()
        }
        var order: [SortItem] = []
        if keyword("ORDER") {
            try expectKeyword("BY")
            repeat {
                let e = try parseExpression()
                var asc = true
                if keyword("DESC") || keyword("DESCENDING") { asc = false } else if keyword("ASC") || keyword("ASCENDING") { asc = true }
                order.append(SortItem(expression: e, ascending: asc))
            } while symbol(",")
        }
        var skip: Expr?, limit: Expr?
        if keyword("SKIP") { skip = try parseExpression() }
        if keyword("LIMIT") { limit = try parseExpression() }
        return Projection(distinct: distinct, includeAll: includeAll, items: items, orderBy: order, skip: skip, limit: limit)
    }

    private mutating func parseReturnItems() throws -> [ReturnItem] {
        var items: [ReturnItem] = []
        repeat {
            let start = current.offset
            let e = try parseExpression()
            let written = text(from: start, to: lastEnd)
            var alias: String?
            if keyword("AS") { alias = try name("an alias") }
            items.append(ReturnItem(expression: e, alias: alias, text: written))
        } while symbol(",")
        return items
    }

    private mutating func parseSetItems() throws -> [SetItem] {
        var items: [SetItem] = []
        repeat {
            let offset = current.offset
            let target = try parsePostfix()
            switch target.kind {
            case .hasLabels(let base, let labels):
                guard case .variable(let v) = base.kind else { throw CypherError.syntax(.unexpectedSyntax, "labels can only be set on a variable", at: offset) }
                items.append(.labels(variable: v, labels: labels, offset: offset))
            case .property(let base, let key):
                try expect("=")
                items.append(.property(target: base, key: key, value: try parseExpression()))
            case .variable(let v):
                if symbol("=") { items.append(.replaceAll(variable: v, value: try parseExpression(), offset: offset)) } else if symbol("+=") { items.append(.mergeAll(variable: v, value: try parseExpression(), offset: offset)) } else { throw unexpected("'=', '+=' or ':'") }
            default:
                throw CypherError.syntax(.unexpectedSyntax, "SET needs a property (n.key = …), a variable (n = {…}, n += {…}) or labels (n:Label)", at: offset)
            }
        } while symbol(",")
        return items
    }

    private mutating func parseRemoveItems() throws -> [RemoveItem] {
        var items: [RemoveItem] = []
        repeat {
            let offset = current.offset
            let target = try parsePostfix()
            switch target.kind {
            case .hasLabels(let base, let labels):
                guard case .variable(let v) = base.kind else { throw CypherError.syntax(.unexpectedSyntax, "labels can only be removed from a variable", at: offset) }
                items.append(.labels(variable: v, labels: labels, offset: offset))
            case .property(let base, let key):
                items.append(.property(target: base, key: key))
            default:
                throw CypherError.syntax(.unexpectedSyntax, "REMOVE needs a property (n.key) or labels (n:Label)", at: offset)
            }
        } while symbol(",")
        return items
    }

    // MARK: patterns

    private mutating func parsePattern() throws -> [PatternPart] {
        var parts = [try parsePatternPart()]
        while symbol(",") { parts.append(try parsePatternPart()) }
        return parts
    }

    private mutating func parsePatternPart() throws -> PatternPart {
        let offset = current.offset
        var pathVar: String?
        if current.name != nil, peek(1).isSymbol("=") {
            pathVar = current.name
            p += 2
        }
        if current.isKeyword("SHORTESTPATH") || current.isKeyword("ALLSHORTESTPATHS"), peek(1).isSymbol("(") {
            let all = current.isKeyword("ALLSHORTESTPATHS")
            p += 2
            var inner = try parsePatternElement(offset: offset)
            try expect(")")
            inner.pathVariable = pathVar
            inner.shortest = all ? .all : .single
            return inner
        }
        var part = try parsePatternElement(offset: offset)
        part.pathVariable = pathVar
        return part
    }

    private mutating func parsePatternElement(offset: Int) throws -> PatternPart {
        if current.isSymbol("("), peek(1).isSymbol("(") {
            // Parenthesised pattern element: ((a)-->(b))
            p += 1
            try enter(); defer { leave() }
            let inner = try parsePatternElement(offset: offset)
            try expect(")")
            return inner
        }
        let start = try parseNodePattern()
        var steps: [(RelationshipPattern, NodePattern)] = []
        while current.isSymbol("-") || (current.isSymbol("<") && peek(1).isSymbol("-")) {
            try countElement()
            let rel = try parseRelationshipPattern()
            let node = try parseNodePattern()
            steps.append((rel, node))
        }
        return PatternPart(pathVariable: nil, shortest: .none, start: start, steps: steps, offset: offset)
    }

    private mutating func parseNodePattern() throws -> NodePattern {
        let offset = current.offset
        try expect("(")
        var variable: String?
        if let n = current.name { variable = n; p += 1 }
        let labels = try parseLabels()
        var props: Expr?
        if current.isSymbol("{") { props = try parseMapLiteral() } else if case .parameter(let name) = current.kind {
            props = Expr(.parameter(name), at: current.offset); p += 1
        }
        try expect(")")
        return NodePattern(variable: variable, labels: labels, properties: props, offset: offset)
    }

    private mutating func parseLabels() throws -> [String] {
        var labels: [String] = []
        while current.isSymbol(":") {
            p += 1
            labels.append(try name("a label"))
        }
        return labels
    }

    private mutating func parseRelationshipPattern() throws -> RelationshipPattern {
        let offset = current.offset
        let leftArrow = symbol("<")
        try expect("-")
        var variable: String?
        var types: [String] = []
        var length: (min: Int?, max: Int?)?
        var props: Expr?
        if symbol("[") {
            if let n = current.name { variable = n; p += 1 }
            if symbol(":") {
                types.append(try name("a relationship type"))
                while symbol("|") {
                    _ = symbol(":")
                    types.append(try name("a relationship type"))
                }
            }
            if current.isSymbol("..") {
                throw CypherError.syntax(.invalidRelationshipPattern, "a variable-length relationship needs '*', e.g. [:REL*1..2]", at: current.offset)
            }
            if symbol("*") {
                if current.isSymbol("-") {
                    throw CypherError.syntax(.invalidRelationshipPattern, "variable-length bounds cannot be negative", at: current.offset)
                }
                var lo: Int?, hi: Int?
                if case .integer(let v, _) = current.kind { lo = Int(clamping: v); p += 1 }
                if symbol("..") {
                    if case .integer(let v, _) = current.kind { hi = Int(clamping: v); p += 1 }
                } else if lo != nil { hi = lo }
                length = (lo, hi)
            }
            if current.isSymbol("{") { props = try parseMapLiteral() } else if case .parameter(let name) = current.kind {
                props = Expr(.parameter(name), at: current.offset); p += 1
            }
            try expect("]")
        }
        try expect("-")
        let rightArrow = symbol(">")
        let direction: PatternDirection = leftArrow == rightArrow ? .both : (leftArrow ? .incoming : .outgoing)
        return RelationshipPattern(variable: variable, types: types, direction: direction, length: length, properties: props, offset: offset)
    }

    // MARK: expressions

    mutating func parseExpression() throws -> Expr {
        try enter(); defer { leave() }
        return try bounded(try parseOr())
    }

    private mutating func parseOr() throws -> Expr {
        var left = try parseXor()
        while current.isKeyword("OR") {
            let o = current.offset; p += 1
            left = try bounded(Expr(.binary(.or, left, try parseXor()), at: o))
        }
        return left
    }

    private mutating func parseXor() throws -> Expr {
        var left = try parseAnd()
        while current.isKeyword("XOR") {
            let o = current.offset; p += 1
            left = try bounded(Expr(.binary(.xor, left, try parseAnd()), at: o))
        }
        return left
    }

    private mutating func parseAnd() throws -> Expr {
        var left = try parseNot()
        while current.isKeyword("AND") {
            let o = current.offset; p += 1
            left = try bounded(Expr(.binary(.and, left, try parseNot()), at: o))
        }
        return left
    }

    private mutating func parseNot() throws -> Expr {
        if current.isKeyword("NOT") {
            let o = current.offset; p += 1
            try enter(); defer { leave() }
            return try bounded(Expr(.not(try parseNot()), at: o))
        }
        return try parseComparison()
    }

    private func comparisonOperator() -> BinaryOperator? {
        guard case .symbol(let s) = current.kind else { return nil }
        switch s {
        case "=": return .eq
        case "<>": return .neq
        case "<": return .lt
        case ">": return .gt
        case "<=": return .le
        case ">=": return .ge
        default: return nil
        }
    }

    private mutating func parseComparison() throws -> Expr {
        let first = try parseStringListNull()
        var operands = [first]
        var ops: [(BinaryOperator, Int)] = []
        while let op = comparisonOperator() {
            let o = current.offset; p += 1
            ops.append((op, o))
            operands.append(try parseStringListNull())
        }
        if ops.isEmpty { return first }
        var result: Expr?
        for (k, (op, o)) in ops.enumerated() {
            let cmp = Expr(.binary(op, operands[k], operands[k + 1]), at: o)
            result = try result.map { try bounded(Expr(.binary(.and, $0, cmp), at: o)) } ?? cmp
        }
        return result!
    }

    private mutating func parseStringListNull() throws -> Expr {
        var left = try parseAdditive()
        while true {
            let o = current.offset
            if current.isKeyword("STARTS"), peek(1).isKeyword("WITH") {
                p += 2; left = try bounded(Expr(.binary(.startsWith, left, try parseAdditive()), at: o))
            } else if current.isKeyword("ENDS"), peek(1).isKeyword("WITH") {
                p += 2; left = try bounded(Expr(.binary(.endsWith, left, try parseAdditive()), at: o))
            } else if current.isKeyword("CONTAINS") {
                p += 1; left = try bounded(Expr(.binary(.contains, left, try parseAdditive()), at: o))
            } else if current.isKeyword("IN") {
                p += 1; left = try bounded(Expr(.binary(.in, left, try parseAdditive()), at: o))
            } else if current.isSymbol("=~") {
                p += 1; left = try bounded(Expr(.binary(.regex, left, try parseAdditive()), at: o))
            } else if current.isKeyword("IS") {
                if peek(1).isKeyword("NULL") { p += 2; left = try bounded(Expr(.isNull(left, negated: false), at: o)) } else if peek(1).isKeyword("NOT"), peek(2).isKeyword("NULL") {
                    p += 3; left = try bounded(Expr(.isNull(left, negated: true), at: o))
                } else { p += 1; throw unexpected("NULL or NOT NULL after IS") }
            } else { return left }
        }
    }

    private mutating func parseAdditive() throws -> Expr {
        var left = try parseMultiplicative()
        while current.isSymbol("+") || current.isSymbol("-") {
            let op: BinaryOperator = current.isSymbol("+") ? .add : .sub
            let o = current.offset; p += 1
            left = try bounded(Expr(.binary(op, left, try parseMultiplicative()), at: o))
        }
        return left
    }

    private mutating func parseMultiplicative() throws -> Expr {
        var left = try parsePower()
        while current.isSymbol("*") || current.isSymbol("/") || current.isSymbol("%") {
            let op: BinaryOperator = current.isSymbol("*") ? .mul : (current.isSymbol("/") ? .div : .mod)
            let o = current.offset; p += 1
            left = try bounded(Expr(.binary(op, left, try parsePower()), at: o))
        }
        return left
    }

    private mutating func parsePower() throws -> Expr {
        var left = try parseUnary()
        while current.isSymbol("^") {
            let o = current.offset; p += 1
            left = try bounded(Expr(.binary(.pow, left, try parseUnary()), at: o))
        }
        return left
    }

    private mutating func parseUnary() throws -> Expr {
        let o = current.offset
        if current.isSymbol("-") {
            p += 1
            try enter(); defer { leave() }
            if case .integer(let v, let overflow) = current.kind {
                if overflow || v > UInt64(Int64.max) + 1 {
                    throw CypherError.syntax(.integerOverflow, "integer literal is too large for a 64-bit integer", at: o)
                }
                p += 1
                let value: Int64 = v == UInt64(Int64.max) + 1 ? Int64.min : -Int64(v)
                return try parsePostfixOps(Expr(.literal(.int(value)), at: o))
            }
            if case .float(let d) = current.kind {
                p += 1
                return try parsePostfixOps(Expr(.literal(.double(-d)), at: o))
            }
            return try bounded(Expr(.negate(try parseUnary()), at: o))
        }
        if current.isSymbol("+") {
            p += 1
            try enter(); defer { leave() }
            let inner = try parseUnary()
            return try bounded(Expr(.function(name: "+", distinct: false, args: [inner]), at: o))
        }
        return try parsePostfix()
    }

    /// An atom followed by property look-ups, subscripts and a label test.
    private mutating func parsePostfix() throws -> Expr {
        try parsePostfixOps(try parseAtom())
    }

    private mutating func parsePostfixOps(_ atom: Expr) throws -> Expr {
        var e = atom
        while true {
            let o = current.offset
            if current.isSymbol("."), peek(1).name != nil {
                p += 1
                e = try bounded(Expr(.property(e, try name("a property key")), at: o))
            } else if current.isSymbol("[") {
                p += 1
                if symbol("..") {
                    let hi = current.isSymbol("]") ? nil : try parseExpression()
                    try expect("]")
                    e = try bounded(Expr(.slice(e, nil, hi), at: o))
                    continue
                }
                let first = try parseExpression()
                if symbol("..") {
                    let hi = current.isSymbol("]") ? nil : try parseExpression()
                    try expect("]")
                    e = try bounded(Expr(.slice(e, first, hi), at: o))
                } else {
                    try expect("]")
                    e = try bounded(Expr(.index(e, first), at: o))
                }
            } else if current.isSymbol(":"), peek(1).name != nil {
                let labels = try parseLabels()
                e = try bounded(Expr(.hasLabels(e, labels), at: o))
            } else {
                return e
            }
        }
    }

    private mutating func parseAtom() throws -> Expr {
        let t = current
        let o = t.offset
        switch t.kind {
        case .integer(let v, let overflow):
            if overflow || v > UInt64(Int64.max) {
                throw CypherError.syntax(.integerOverflow, "integer literal is too large for a 64-bit integer", at: o)
            }
            p += 1
            return Expr(.literal(.int(Int64(v))), at: o)
        case .float(let d):
            p += 1
            return Expr(.literal(.double(d)), at: o)
        case .string(let s):
            p += 1
            return Expr(.literal(.string(s)), at: o)
        case .parameter(let name):
            p += 1
            return Expr(.parameter(name), at: o)
        case .symbol("["):
            return try parseBracket()
        case .symbol("{"):
            return try parseMapLiteral()
        case .symbol("("):
            let save = p
            if !failedAttempts.contains(attemptKey(0, save)) {
                let outer = deepestInScope
                deepestInScope = 0
                defer { deepestInScope = max(outer, deepestInScope) }
                if let pattern = try? parsePatternElement(offset: o), !pattern.steps.isEmpty {
                    return try bounded(Expr(.pattern(pattern), at: o, nestedDepth: deepestInScope))
                }
                try attemptFailed(0, at: save)
            }
            p = save + 1
            let inner = try parseExpression()
            try expect(")")
            return inner
        case .quotedIdentifier(let name):
            p += 1
            if current.isSymbol("{") { return try parseMapProjection(variable: name, at: o) }
            return Expr(.variable(name), at: o)
        case .identifier(let name):
            let upper = name.uppercased()
            switch upper {
            case "TRUE": p += 1; return Expr(.literal(.bool(true)), at: o)
            case "FALSE": p += 1; return Expr(.literal(.bool(false)), at: o)
            case "NULL": p += 1; return Expr(.literal(.null), at: o)
            case "CASE": p += 1; return try parseCase(at: o)
            case "EXISTS" where peek(1).isSymbol("{"):
                p += 2
                let outer = deepestInScope
                deepestInScope = 0
                defer { deepestInScope = max(outer, deepestInScope) }
                let body = try parseExistsBody()
                try expect("}")
                return try bounded(Expr(.exists(body), at: o, nestedDepth: deepestInScope))
            case "COUNT" where peek(1).isSymbol("(") && peek(2).isSymbol("*") && peek(3).isSymbol(")"):
                p += 4
                return Expr(.countStar, at: o)
            case "ANY", "ALL", "NONE", "SINGLE":
                if peek(1).isSymbol("("), peek(2).name != nil, peek(3).isKeyword("IN") {
                    p += 2
                    let v = try self.name()
                    try expectKeyword("IN")
                    let source = try parseExpression()
                    var predicate: Expr?
                    if keyword("WHERE") { predicate = try parseExpression() }
                    try expect(")")
                    return try bounded(Expr(.quantifier(Quantifier(rawValue: name.lowercased())!, variable: v, source: source, predicate: predicate), at: o))
                }
            case "REDUCE" where peek(1).isSymbol("("):
                p += 2
                let acc = try self.name()
                try expect("=")
                let initial = try parseExpression()
                try expect(",")
                let v = try self.name()
                try expectKeyword("IN")
                let source = try parseExpression()
                try expect("|")
                let body = try parseExpression()
                try expect(")")
                return try bounded(Expr(.reduce(accumulator: acc, initial: initial, variable: v, source: source, body: body), at: o))
            default: break
            }
            // Function call, possibly namespaced: a.b.c(
            var k = 1
            while peek(k).isSymbol("."), peek(k + 1).name != nil { k += 2 }
            if peek(k).isSymbol("(") {
                var parts = [name]
                p += 1
                while symbol(".") { parts.append(try self.name()) }
                try expect("(")
                let distinct = keyword("DISTINCT")
                var args: [Expr] = []
                if !symbol(")") {
                    args = try parseExpressionList()
                    try expect(")")
                }
                return try bounded(Expr(.function(name: parts.joined(separator: "."), distinct: distinct, args: args), at: o))
            }
            p += 1
            if current.isSymbol("{") { return try parseMapProjection(variable: name, at: o) }
            return Expr(.variable(name), at: o)
        case .invalid(let code, let message):
            throw CypherError.syntax(code, message, at: o)
        default:
            throw unexpected("an expression")
        }
    }

    private mutating func parseExistsBody() throws -> ExistsBody {
        let clauseStart = ["MATCH", "OPTIONAL", "WITH", "RETURN", "UNWIND", "CALL", "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE"]
        if clauseStart.contains(where: { current.isKeyword($0) }) {
            return .query(try parseQuery())
        }
        let pattern = try parsePattern()
        var predicate: Expr?
        if keyword("WHERE") { predicate = try parseExpression() }
        return .pattern(pattern, predicate)
    }

    private mutating func parseCase(at o: Int) throws -> Expr {
        var subject: Expr?
        if !current.isKeyword("WHEN") { subject = try parseExpression() }
        var whens: [(Expr, Expr)] = []
        while keyword("WHEN") {
            let w = try parseExpression()
            try expectKeyword("THEN")
            whens.append((w, try parseExpression()))
        }
        guard !whens.isEmpty else { throw unexpected("WHEN") }
        var otherwise: Expr?
        if keyword("ELSE") { otherwise = try parseExpression() }
        try expectKeyword("END")
        return try bounded(Expr(.caseExpr(subject: subject, whens: whens, otherwise: otherwise), at: o))
    }

    private mutating func parseMapLiteral() throws -> Expr {
        let o = current.offset
        try expect("{")
        var entries: [(String, Expr)] = []
        if !symbol("}") {
            repeat {
                let key = try name("a map key")
                try expect(":")
                entries.append((key, try parseExpression()))
            } while symbol(",")
            try expect("}")
        }
        return try bounded(Expr(.map(entries), at: o))
    }

    private mutating func parseMapProjection(variable: String, at o: Int) throws -> Expr {
        try expect("{")
        var items: [MapProjectionItem] = []
        if !symbol("}") {
            repeat {
                if symbol(".") {
                    if symbol("*") { items.append(.allProperties) } else { items.append(.property(try name("a property key"))) }
                } else {
                    let key = try name("a map key")
                    if symbol(":") { items.append(.literal(key, try parseExpression())) } else { items.append(.variable(key)) }
                }
            } while symbol(",")
            try expect("}")
        }
        return try bounded(Expr(.mapProjection(variable: variable, items: items), at: o))
    }

    /// `[` starts a list literal, a list comprehension or a pattern comprehension.
    private mutating func parseBracket() throws -> Expr {
        let o = current.offset
        try expect("[")
        // List comprehension: [x IN list WHERE … | …]
        if current.name != nil, peek(1).isKeyword("IN"), !failedAttempts.contains(attemptKey(1, p)) {
            let save = p
            let v = try name()
            p += 1
            if let source = try? parseExpression(), current.isKeyword("WHERE") || current.isSymbol("|") || current.isSymbol("]") {
                var predicate: Expr?, projection: Expr?
                if keyword("WHERE") { predicate = try parseExpression() }
                if symbol("|") { projection = try parseExpression() }
                try expect("]")
                return try bounded(Expr(.listComprehension(variable: v, source: source, predicate: predicate, projection: projection), at: o))
            }
            try attemptFailed(1, at: save)
            p = save
        }
        // Pattern comprehension: [p = (a)-->(b) WHERE … | …]
        if current.isSymbol("(") || (current.name != nil && peek(1).isSymbol("=") && peek(2).isSymbol("(")),
           !failedAttempts.contains(attemptKey(2, p)) {
            let save = p
            let outer = deepestInScope
            deepestInScope = 0
            defer { deepestInScope = max(outer, deepestInScope) }
            var pathVar: String?
            if current.name != nil { pathVar = current.name; p += 2 }
            if let pattern = try? parsePatternElement(offset: current.offset), !pattern.steps.isEmpty,
               current.isKeyword("WHERE") || current.isSymbol("|") {
                var predicate: Expr?
                if keyword("WHERE") { predicate = try parseExpression() }
                try expect("|")
                let projection = try parseExpression()
                try expect("]")
                return try bounded(Expr(.patternComprehension(pathVariable: pathVar, pattern: pattern, predicate: predicate, projection: projection),
                                        at: o, nestedDepth: deepestInScope))
            }
            try attemptFailed(2, at: save)
            p = save
        }
        var items: [Expr] = []
        if !symbol("]") {
            items = try parseExpressionList()
            try expect("]")
        }
        return try bounded(Expr(.list(items), at: o))
    }
}
