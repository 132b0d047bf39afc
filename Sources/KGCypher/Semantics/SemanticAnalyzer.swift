import KGCore
import Foundation

/// Checks a parsed query before planning: variable scopes and kinds, clause composition,
/// aggregation rules, pattern rules of CREATE/MERGE, procedure signatures, and the argument
/// types that can be known statically. Errors use the openCypher TCK's codes.
final class SemanticAnalyzer {
    let procedures: ProcedureRegistry
    /// Set by `check`: whether the query writes.
    private(set) var writes = false
    /// Set by `check`: whether the query calls a procedure.
    private(set) var callsProcedures = false
    /// Parameters the query refers to (checked against the given ones before running).
    private(set) var parameters = Set<String>()
    private var lastProjectionKeepsOldScope = false

    typealias Scope = [String: StaticType]

    /// The parameter values the query will run with, when known: a configuration passed as a
    /// parameter is then judged by its value rather than assumed to write.
    let boundParameters: [String: Value]?

    init(procedures: ProcedureRegistry, boundParameters: [String: Value]? = nil) {
        self.procedures = procedures
        self.boundParameters = boundParameters
    }

    /// Checks the query; returns its result columns.
    func check(_ query: Query) throws -> [String] {
        if Set(query.unionAll).count > 1 {
            throw CypherError.syntax(.invalidClauseComposition, "a query cannot mix UNION and UNION ALL", at: query.offset)
        }
        var columns: [String]?
        for part in query.parts {
            let cols = try checkSingle(part, outer: [:], inSubquery: false)
            if let columns, columns != cols {
                throw CypherError.syntax(.differentColumnsInUnion, "all parts of a UNION must return the same columns (\(columns.joined(separator: ", ")) vs \(cols.joined(separator: ", ")))", at: query.offset)
            }
            columns = cols
        }
        return columns ?? []
    }

    private func err(_ code: ErrorCode, _ message: String, _ offset: Int?) -> CypherError {
        .syntax(code, message, at: offset)
    }

    // MARK: clauses

    private func checkSingle(_ query: SingleQuery, outer: Scope, inSubquery: Bool) throws -> [String] {
        var scope = outer
        var columns: [String] = []
        let clauses = query.clauses
        for (index, clause) in clauses.enumerated() {
            let isLast = index == clauses.count - 1
            switch clause.kind {
            case .match(_, let pattern, let predicate):
                try checkMatchPattern(pattern, scope: &scope)
                if let predicate { try checkPredicate(predicate, scope) }
            case .unwind(let e, let v):
                try checkExpr(e, scope)
                if scope[v] != nil { throw err(.variableAlreadyBound, "variable `\(v)` is already defined", clause.offset) }
                scope[v] = elementType(of: e, scope)
            case .with(let projection, let predicate):
                let before = scope
                scope = try checkProjection(projection, scope: scope, isWith: true, offset: clause.offset)
                if let predicate {
                    if lastProjectionKeepsOldScope {
                        try checkPredicate(predicate, scope.merging(before) { new, _ in new })
                    } else {
                        var map: [String: String] = [:]
                        for item in projection.items { map[item.expression.canonical] = item.name }
                        try checkPredicate(predicate.replacing(map), scope)
                    }
                }
            case .returnClause(let projection):
                if !isLast {
                    throw err(.unexpectedSyntax, "RETURN must be the last clause (use WITH to continue a query)", clauses[index + 1].offset)
                }
                scope = try checkProjection(projection, scope: scope, isWith: false, offset: clause.offset)
                columns = projectionNames(projection, scope: scope)
            case .create(let parts):
                try requireWritable(inSubquery, clause.offset)
                try checkCreatePattern(parts, scope: &scope, merge: false)
            case .merge(let part, let onCreate, let onMatch):
                try requireWritable(inSubquery, clause.offset)
                try checkCreatePattern([part], scope: &scope, merge: true)
                for item in onCreate + onMatch { try checkSetItem(item, scope) }
            case .set(let items):
                try requireWritable(inSubquery, clause.offset)
                for item in items { try checkSetItem(item, scope) }
            case .remove(let items):
                try requireWritable(inSubquery, clause.offset)
                for item in items {
                    switch item {
                    case .property(let target, _): try checkExpr(target, scope)
                    case .labels(let v, _, let o): try requireVariable(v, scope, o)
                    }
                }
            case .delete(let exprs, _):
                try requireWritable(inSubquery, clause.offset)
                for e in exprs {
                    if case .hasLabels = e.kind { throw err(.invalidDelete, "DELETE takes nodes, relationships or paths; to remove a label use REMOVE n:Label", e.offset) }
                    try checkExpr(e, scope)
                    let t = staticType(e, scope)
                    if [.int, .float, .string, .bool, .map].contains(t) {
                        throw err(.invalidArgumentType, "DELETE takes nodes, relationships or paths, not a \(t)", e.offset)
                    }
                }
            case .call(let call):
                let standalone = clauses.count == 1
                try checkCall(call, scope: &scope, standalone: standalone)
                if standalone, let (sig, _) = procedures.lookup(call.name) {
                    columns = call.yields.map { $0.map { $0.alias ?? $0.field } } ?? sig.outputs.map(\.name)
                }
            }
            if case .returnClause = clause.kind {} else if isLast, !inSubquery {
                switch clause.kind {
                case .create, .merge, .set, .remove, .delete, .call: break
                default:
                    throw err(.invalidClauseComposition, "a query must end with RETURN or an updating clause", clause.offset)
                }
            }
        }
        return columns
    }

    private func requireWritable(_ inSubquery: Bool, _ offset: Int) throws {
        if inSubquery { throw err(.invalidClauseComposition, "an EXISTS subquery cannot write", offset) }
        writes = true
    }

    private func requireVariable(_ v: String, _ scope: Scope, _ offset: Int) throws {
        if scope[v] == nil { throw err(.undefinedVariable, "variable `\(v)` is not defined", offset) }
    }

    private func checkPredicate(_ e: Expr, _ scope: Scope) throws {
        try checkExpr(e, scope, predicate: true)
        let t = staticType(e, scope)
        if !t.couldBeBoolean {
            throw err(.invalidArgumentType, "WHERE needs a boolean expression, not a \(t)", e.offset)
        }
    }

    /// Whether a procedure's configuration argument may carry the write option `key`.
    func mayWrite(_ e: Expr, _ key: String) -> Bool {
        switch e.kind {
        case .map(let entries):
            return entries.contains { entry in
                guard entry.0 == key else { return false }
                if case .literal(.null) = entry.1.kind { return false }
                return true
            }
        case .literal(.map(let m)): return m[key].map { !$0.isNull } ?? false
        case .parameter(let name):
            guard let bound = boundParameters else { return true }
            guard case .map(let m)? = bound[name] else { return false }
            return m[key].map { !$0.isNull } ?? false
        case .literal: return false
        default:
            // A configuration computed at run time (a variable bound by WITH, a function of
            // other values) may hold the write key: decided as writing, so a read-only caller
            // is refused before anything runs, whatever expression produced the map.
            return true
        }
    }

    private func checkCall(_ call: ProcedureCall, scope: inout Scope, standalone: Bool) throws {
        guard let (sig, _) = procedures.lookup(call.name) else {
            throw CypherError(type: .procedure, code: .procedureNotFound, phase: .compile, message: "there is no procedure \(call.name); CALL dbms.procedures() lists them", offset: call.offset)
        }
        callsProcedures = true
        if sig.writes { writes = true }
        if let key = sig.writeOption, let args = call.arguments, args.contains(where: { mayWrite($0, key) }) { writes = true }
        if call.yieldAll && !standalone {
            throw err(.unexpectedSyntax, "YIELD * is only allowed in a standalone CALL", call.offset)
        }
        if call.arguments == nil { for f in sig.inputs { parameters.insert(f.name) } }
        if let args = call.arguments {
            let required = sig.inputs.filter { $0.defaultValue == nil }.count
            if args.count < required || args.count > sig.inputs.count {
                let takes = required == sig.inputs.count ? "\(required)" : "\(required) to \(sig.inputs.count)"
                throw err(.invalidNumberOfArguments, "\(sig.name) takes \(takes) argument(s), not \(args.count)", call.offset)
            }
            for (k, a) in args.enumerated() {
                try checkExpr(a, scope)
                if a.containsAggregate { throw err(.invalidAggregation, "procedure arguments cannot aggregate", a.offset) }
                let t = staticType(a, scope)
                let want = sig.inputs[k].type.uppercased().replacingOccurrences(of: "?", with: "")
                let ok: Bool
                switch (want, t) {
                case (_, .unknown), (_, .null), ("ANY", _): ok = true
                case ("INTEGER", .int), ("FLOAT", .float), ("FLOAT", .int), ("NUMBER", .int), ("NUMBER", .float),
                     ("STRING", .string), ("BOOLEAN", .bool), ("MAP", .map), ("NODE", .node), ("RELATIONSHIP", .relationship), ("PATH", .path):
                    ok = true
                default: ok = want.hasPrefix("LIST") && t == .list
                }
                if !ok { throw err(.invalidArgumentType, "argument \(sig.inputs[k].name) of \(sig.name) must be \(sig.inputs[k].type)", a.offset) }
            }
        } else if !standalone {
            throw err(.invalidArgumentPassingMode, "\(sig.name) needs its arguments in parentheses inside a larger query", call.offset)
        }
        if let yields = call.yields {
            for y in yields {
                guard sig.outputs.contains(where: { $0.name == y.field }) else {
                    throw err(.undefinedVariable, "\(sig.name) has no output `\(y.field)`", y.offset)
                }
                let v = y.alias ?? y.field
                if scope[v] != nil { throw err(.variableAlreadyBound, "variable `\(v)` is already defined", y.offset) }
                scope[v] = .unknown
            }
        } else if !standalone && !sig.outputs.isEmpty {
            throw err(.undefinedVariable, "inside a larger query, CALL \(sig.name) needs YIELD", call.offset)
        }
        if let p = call.predicate { try checkPredicate(p, scope) }
    }

    // MARK: patterns

    private func checkMatchPattern(_ parts: [PatternPart], scope: inout Scope) throws {
        var relsHere = Set<String>()
        var elementVars = Set<String>()
        for part in parts {
            for n in part.nodes { if let v = n.variable { elementVars.insert(v) } }
            for r in part.relationships { if let v = r.variable { elementVars.insert(v) } }
        }
        for (k, part) in parts.enumerated() {
            guard let pv = part.pathVariable, elementVars.contains(pv) else { continue }
            // Declared before (or inside) the path: already bound; used after it: wrong type.
            let before = parts[...k].contains { p in p.nodes.contains { $0.variable == pv } || p.relationships.contains { $0.variable == pv } }
            throw err(before ? .variableAlreadyBound : .variableTypeConflict, "`\(pv)` names both a path and a node or relationship", part.offset)
        }
        for part in parts {
            if let pv = part.pathVariable, scope[pv] != nil {
                throw err(.variableAlreadyBound, "variable `\(pv)` is already defined", part.offset)
            }
            for n in part.nodes {
                if let p = n.properties {
                    if case .parameter = p.kind { throw err(.invalidParameterUse, "a parameter cannot stand for a property map in MATCH; write {key: $param}", p.offset) }
                }
                if let v = n.variable {
                    if let t = scope[v], t != .node, t != .unknown, t != .null {
                        throw err(.variableTypeConflict, "`\(v)` is a \(t), not a node", n.offset)
                    }
                    scope[v] = .node
                }
            }
            for r in part.relationships {
                if let p = r.properties {
                    if case .parameter = p.kind { throw err(.invalidParameterUse, "a parameter cannot stand for a property map in MATCH; write {key: $param}", p.offset) }
                }
                if let v = r.variable {
                    if relsHere.contains(v) {
                        throw err(.relationshipUniquenessViolation, "relationship `\(v)` appears twice in one pattern", r.offset)
                    }
                    relsHere.insert(v)
                    let want: StaticType = r.length == nil ? .relationship : .relationshipList
                    if let t = scope[v], t != want, t != .unknown, t != .null, !(t == .list && want == .relationshipList) {
                        throw err(.variableTypeConflict, "`\(v)` is a \(t), not a \(want == .relationship ? "relationship" : "list of relationships")", r.offset)
                    }
                    scope[v] = want
                }
            }
            if let pv = part.pathVariable { scope[pv] = .path }
            for n in part.nodes { if let p = n.properties { try checkExpr(p, scope) } }
            for r in part.relationships { if let p = r.properties { try checkExpr(p, scope) } }
        }
    }

    private func checkCreatePattern(_ parts: [PatternPart], scope: inout Scope, merge: Bool) throws {
        let what = merge ? "MERGE" : "CREATE"
        var declaredHere = Set<String>()
        for part in parts {
            if let pv = part.pathVariable, scope[pv] != nil {
                throw err(.variableAlreadyBound, "variable `\(pv)` is already defined", part.offset)
            }
            for n in part.nodes {
                if let p = n.properties {
                    if case .parameter = p.kind, merge { throw err(.invalidParameterUse, "MERGE cannot take a parameter as a property map; write {key: $param}", p.offset) }
                    try checkExpr(p, scope)
                }
                guard let v = n.variable else { continue }
                if let t = scope[v] {
                    if t != .node && t != .unknown { throw err(.variableTypeConflict, "`\(v)` is a \(t), not a node", n.offset) }
                    if !n.labels.isEmpty || n.properties != nil || (part.steps.isEmpty && !declaredHere.contains(v)) || (merge && part.steps.isEmpty) {
                        throw err(.variableAlreadyBound, "variable `\(v)` is already defined; \(what) cannot add labels or properties to it", n.offset)
                    }
                    if declaredHere.contains(v) && (!n.labels.isEmpty || n.properties != nil) {
                        throw err(.variableAlreadyBound, "variable `\(v)` is already defined", n.offset)
                    }
                } else {
                    scope[v] = .node
                    declaredHere.insert(v)
                }
            }
            for r in part.relationships {
                if let p = r.properties {
                    if case .parameter = p.kind, merge { throw err(.invalidParameterUse, "MERGE cannot take a parameter as a property map; write {key: $param}", p.offset) }
                    try checkExpr(p, scope)
                }
                if let v = r.variable, scope[v] != nil {
                    throw err(.variableAlreadyBound, "variable `\(v)` is already defined; \(what) always makes a new relationship", r.offset)
                }
                if r.length != nil { throw err(.creatingVarLength, "\(what) cannot create a variable-length relationship", r.offset) }
                if r.types.count != 1 {
                    throw err(.noSingleRelationshipType, "\(what) needs exactly one relationship type, e.g. -[:KNOWS]->", r.offset)
                }
                if r.direction == .both && !merge {
                    throw err(.requiresDirectedRelationship, "CREATE needs a direction, e.g. -[:KNOWS]->", r.offset)
                }
                if let v = r.variable {
                    if scope[v] != nil { throw err(.variableAlreadyBound, "variable `\(v)` is already defined", r.offset) }
                    scope[v] = .relationship
                }
            }
            if let pv = part.pathVariable { scope[pv] = .path }
        }
    }

    private func checkSetItem(_ item: SetItem, _ scope: Scope) throws {
        switch item {
        case .property(let target, _, let value):
            try checkExpr(target, scope); try checkExpr(value, scope)
            let t = staticType(target, scope)
            if !t.couldHaveProperties {
                throw CypherError.typeError(.invalidArgumentType, "SET needs a node or relationship, not a \(t)", phase: .compile, at: target.offset)
            }
        case .replaceAll(let v, let value, let o), .mergeAll(let v, let value, let o):
            try requireVariable(v, scope, o); try checkExpr(value, scope)
        case .labels(let v, _, let o):
            try requireVariable(v, scope, o)
        }
    }

    // MARK: projections

    private func projectionNames(_ p: Projection, scope: Scope) -> [String] {
        var names: [String] = []
        if p.includeAll { names = scope.keys.filter { !$0.isHiddenVariable && !p.items.map(\.name).contains($0) }.sorted() }
        return names + p.items.map(\.name)
    }

    /// Whether an expression is a simple grouping key: a variable or a property of one.
    private static func isSimple(_ e: Expr) -> Bool {
        switch e.kind {
        case .variable: return true
        case .property(let base, _): if case .variable = base.kind { return true } else { return false }
        default: return false
        }
    }

    private func checkProjection(_ p: Projection, scope: Scope, isWith: Bool, offset: Int) throws -> Scope {
        if p.includeAll && !isWith && scope.keys.filter({ !$0.isHiddenVariable }).isEmpty {
            throw err(.noVariablesInScope, "RETURN * needs at least one variable in scope", offset)
        }
        var names = Set<String>()
        var out: Scope = [:]
        if p.includeAll { for (k, v) in scope where !k.isHiddenVariable { out[k] = v; names.insert(k) } }
        let aggregating = p.items.contains { $0.expression.containsAggregate }
        for item in p.items {
            try checkExpr(item.expression, scope, aggregatesAllowed: true)
        }
        // Grouping keys usable next to aggregates: variables and properties of variables.
        let groupingKeys = p.items.filter { !$0.expression.containsAggregate }
        var keyMap: [String: String] = [:]
        for item in groupingKeys where Self.isSimple(item.expression) { keyMap[item.expression.canonical] = item.name }
        var keyVars = Set(groupingKeys.compactMap { i -> String? in
            if case .variable(let v) = i.expression.kind { return v } else { return nil }
        })
        if p.includeAll { keyVars.formUnion(scope.keys) }
        if aggregating {
            for item in p.items where item.expression.containsAggregate {
                try checkAmbiguous(item.expression, keyMap: keyMap, keyVars: keyVars)
            }
        }
        for item in p.items { out[item.name] = staticType(item.expression, scope) }
        lastProjectionKeepsOldScope = !p.distinct && !aggregating
        // ORDER BY sees the projected names and, unless DISTINCT or aggregating, the old ones.
        var orderScope = out
        if !p.distinct && !aggregating { for (k, v) in scope where orderScope[k] == nil { orderScope[k] = v } }
        var projectedMap: [String: String] = [:]
        for item in p.items { projectedMap[item.expression.canonical] = item.name }
        for s in p.orderBy {
            let e = s.expression
            if projectedMap[e.canonical] != nil { continue }
            if e.containsAggregate && !aggregating {
                throw err(.invalidAggregation, "ORDER BY cannot aggregate when the projection does not", e.offset)
            }
            if aggregating || p.distinct {
                var map = keyMap
                for item in p.items where item.expression.containsAggregate || p.distinct { map[item.expression.canonical] = item.name }
                for v in e.replacing(projectedMap).freeVariables where out[v] == nil && !v.isHiddenVariable {
                    throw err(.undefinedVariable, "variable `\(v)` is not projected, so ORDER BY cannot use it here", e.offset)
                }
                let replaced = e.replacing(map)
                if e.containsAggregate {
                    // Aggregates in ORDER BY may only read projected names…
                    for call in replaced.aggregateCalls {
                        for v in call.freeVariables where out[v] == nil {
                            throw err(.undefinedVariable, "variable `\(v)` is not projected, so ORDER BY cannot use it", e.offset)
                        }
                    }
                    // …and what surrounds them must be grouping keys.
                    for v in Self.stripAggregates(replaced).freeVariables where out[v] == nil && !v.isHiddenVariable {
                        throw err(.ambiguousAggregationExpression, "`\(v)` is used next to an aggregate in ORDER BY but is not a grouping key", e.offset)
                    }
                } else {
                    for v in replaced.freeVariables where out[v] == nil {
                        throw err(.undefinedVariable, "ORDER BY after \(aggregating ? "aggregation" : "DISTINCT") can only use projected expressions; `\(v)` is not projected", e.offset)
                    }
                }
                try checkExpr(replaced, orderScope.merging(scope) { a, _ in a }, aggregatesAllowed: true)
            } else {
                try checkExpr(e, orderScope, aggregatesAllowed: aggregating)
            }
        }
        for item in p.items {
            if isWith, item.alias == nil {
                if case .variable = item.expression.kind {} else {
                    throw err(.noExpressionAlias, "WITH needs an alias for `\(item.text)` (write \(item.text) AS name)", item.expression.offset)
                }
            }
            if names.contains(item.name) {
                throw err(.columnNameConflict, "column `\(item.name)` is defined more than once", item.expression.offset)
            }
            names.insert(item.name)
        }
        for (e, what) in [(p.skip, "SKIP"), (p.limit, "LIMIT")] {
            guard let e else { continue }
            if !e.freeVariables.isEmpty || Self.containsPattern(e) {
                throw err(.nonConstantExpression, "\(what) must be a constant or a parameter, not an expression over variables", e.offset)
            }
            try checkExpr(e, [:])
            switch e.kind {
            case .literal(.int(let i)) where i < 0:
                throw err(.negativeIntegerArgument, "\(what) must not be negative", e.offset)
            case .literal(.double):
                throw err(.invalidArgumentType, "\(what) takes an integer", e.offset)
            default: break
            }
        }
        return out
    }

    private static func containsPattern(_ e: Expr) -> Bool {
        var found = false
        e.visit { x in if case .pattern = x.kind { found = true } }
        return found
    }

    static func stripAggregates(_ e: Expr) -> Expr {
        var map: [String: String] = [:]
        for call in e.aggregateCalls { map[call.canonical] = " agg" }
        return e.replacing(map)
    }

    private func checkAmbiguous(_ e: Expr, keyMap: [String: String], keyVars: Set<String>) throws {
        let replaced = Self.stripAggregates(e.replacing(keyMap))
        for v in replaced.freeVariables where !v.isHiddenVariable && !keyVars.contains(v) && !keyMap.values.contains(v) {
            throw err(.ambiguousAggregationExpression, "`\(v)` is used next to an aggregate but is not a grouping key; project it on its own or aggregate it", e.offset)
        }
    }

    // MARK: expressions

    func checkExpr(_ e: Expr, _ scope: Scope, aggregatesAllowed: Bool = false, insideAggregate: Bool = false, predicate: Bool = false) throws {
        switch e.kind {
        case .parameter(let name):
            parameters.insert(name)
        case .variable(let v):
            if scope[v] == nil { throw err(.undefinedVariable, "variable `\(v)` is not defined", e.offset) }
        case .countStar:
            if !aggregatesAllowed { throw err(.invalidAggregation, "count(*) is not allowed here", e.offset) }
            if insideAggregate { throw err(.nestedAggregation, "aggregates cannot be nested", e.offset) }
        case .function(let name, _, let args):
            let lower = name.lowercased()
            if FunctionCatalog.isAggregate(lower) {
                if insideAggregate { throw err(.nestedAggregation, "aggregates cannot be nested", e.offset) }
                if !aggregatesAllowed { throw err(.invalidAggregation, "\(name)() is not allowed here (aggregates belong in WITH or RETURN)", e.offset) }
                let expected = (lower == "percentilecont" || lower == "percentiledisc") ? 2 : 1
                if args.count != expected {
                    throw err(.invalidNumberOfArguments, "\(name)() takes \(expected) argument(s)", e.offset)
                }
                for a in args { try checkExpr(a, scope, aggregatesAllowed: true, insideAggregate: true) }
                var random = false
                for a in args { a.visit { x in if case .function(let n, _, _) = x.kind, FunctionCatalog.isNondeterministic(n) { random = true } } }
                if random { throw err(.nonConstantExpression, "\(name)() cannot aggregate a random value", e.offset) }
                return
            }
            guard let arity = FunctionCatalog.scalars[lower] else {
                throw err(.unknownFunction, "unknown function \(name)()", e.offset)
            }
            if args.count < arity.min || (arity.max.map { args.count > $0 } ?? false) {
                throw err(.invalidNumberOfArguments, "\(name)() does not take \(args.count) argument(s)", e.offset)
            }
            for a in args { try checkExpr(a, scope, aggregatesAllowed: aggregatesAllowed, insideAggregate: insideAggregate) }
            if let a0 = args.first {
                let t = staticType(a0, scope)
                let bad: Bool
                switch lower {
                case "properties": bad = [.int, .float, .string, .bool, .list, .path].contains(t)
                case "type": bad = [.node, .int, .float, .string, .bool, .list, .map, .path].contains(t)
                case "labels": bad = [.relationship, .int, .float, .string, .bool, .list, .map, .path].contains(t)
                case "nodes", "relationships": bad = [.node, .relationship, .int, .float, .string, .bool, .map].contains(t)
                case "keys": bad = [.int, .float, .string, .bool, .list, .path].contains(t)
                case "size": bad = [.node, .relationship, .path, .int, .float, .bool, .map].contains(t)
                case "length": bad = [.node, .relationship, .int, .float, .bool, .map].contains(t)
                default: bad = false
                }
                if bad { throw err(.invalidArgumentType, "\(name)() cannot take a \(t)", a0.offset) }
            }
        case .listComprehension(let v, let source, let predicate, let projection):
            try checkExpr(source, scope, aggregatesAllowed: aggregatesAllowed, insideAggregate: insideAggregate)
            try requireList(source, scope)
            var inner = scope
            inner[v] = elementType(of: source, scope)
            if let predicate { try checkExpr(predicate, inner, predicate: true) }
            if let projection { try checkExpr(projection, inner) }
        case .quantifier(_, let v, let source, let predicate):
            try checkExpr(source, scope, aggregatesAllowed: aggregatesAllowed, insideAggregate: insideAggregate)
            try requireList(source, scope)
            var inner = scope
            inner[v] = elementType(of: source, scope)
            if let predicate {
                try checkExpr(predicate, inner, predicate: true)
                let t = staticType(predicate, inner)
                if !t.couldBeBoolean { throw err(.invalidArgumentType, "the predicate must be boolean, not \(t)", predicate.offset) }
            }
        case .reduce(let acc, let initial, let v, let source, let body):
            try checkExpr(initial, scope, aggregatesAllowed: aggregatesAllowed, insideAggregate: insideAggregate)
            try checkExpr(source, scope, aggregatesAllowed: aggregatesAllowed, insideAggregate: insideAggregate)
            var inner = scope
            inner[acc] = .unknown
            inner[v] = elementType(of: source, scope)
            try checkExpr(body, inner)
        case .patternComprehension(let pv, let pattern, let predicate, let projection):
            var inner = scope
            try checkPatternExpression(pattern, scope: &inner, introduces: true)
            if let pv { inner[pv] = .path }
            if let predicate { try checkExpr(predicate, inner, predicate: true) }
            try checkExpr(projection, inner)
        case .pattern(let part):
            if !predicate {
                throw err(.unexpectedSyntax, "a pattern can only be used as a predicate (in WHERE) here; use EXISTS { … } or a pattern comprehension [ (a)-->(b) | … ]", e.offset)
            }
            var inner = scope
            try checkPatternExpression(part, scope: &inner, introduces: false)
        case .exists(let body):
            switch body {
            case .pattern(let parts, let predicate):
                var inner = scope
                for part in parts { try checkPatternExpression(part, scope: &inner, introduces: true) }
                if let predicate { try checkExpr(predicate, inner, predicate: true) }
            case .query(let q):
                for part in q.parts { _ = try checkSingle(part, outer: scope, inSubquery: true) }
            }
        case .mapProjection(let v, let items):
            if scope[v] == nil { throw err(.undefinedVariable, "variable `\(v)` is not defined", e.offset) }
            for item in items {
                switch item {
                case .variable(let n): if scope[n] == nil { throw err(.undefinedVariable, "variable `\(n)` is not defined", e.offset) }
                case .literal(_, let x): try checkExpr(x, scope, aggregatesAllowed: aggregatesAllowed, insideAggregate: insideAggregate)
                default: break
                }
            }
        case .property(let base, _):
            try checkExpr(base, scope, aggregatesAllowed: aggregatesAllowed, insideAggregate: insideAggregate)
            let t = staticType(base, scope)
            if t == .path { throw err(.invalidArgumentType, "a path has no properties", base.offset) }
            if !t.couldHaveProperties {
                throw CypherError.typeError(.invalidArgumentType, "a \(t) has no properties", phase: .compile, at: base.offset)
            }
        case .not(let x):
            try checkExpr(x, scope, aggregatesAllowed: aggregatesAllowed, insideAggregate: insideAggregate, predicate: predicate)
            let t = staticType(x, scope)
            if !t.couldBeBoolean { throw err(.invalidArgumentType, "NOT needs a boolean, not a \(t)", x.offset) }
        case .binary(let op, let a, let b) where op == .and || op == .or || op == .xor:
            for x in [a, b] {
                try checkExpr(x, scope, aggregatesAllowed: aggregatesAllowed, insideAggregate: insideAggregate, predicate: predicate)
                let t = staticType(x, scope)
                if !t.couldBeBoolean { throw err(.invalidArgumentType, "\(op.rawValue) needs booleans, not a \(t)", x.offset) }
            }
        case .binary(let op, let a, let b):
            for c in [a, b] { try checkExpr(c, scope, aggregatesAllowed: aggregatesAllowed, insideAggregate: insideAggregate) }
            let ta = staticType(a, scope), tb = staticType(b, scope)
            switch op {
            case .in:
                if !tb.couldBeList { throw err(.invalidArgumentType, "IN needs a list on the right, not a \(tb)", b.offset) }
            case .sub, .mul, .div, .mod, .pow:
                let nonNumeric: Set<StaticType> = [.string, .bool, .list, .map, .node, .relationship, .path, .relationshipList]
                if nonNumeric.contains(ta) || nonNumeric.contains(tb) {
                    throw err(.invalidArgumentType, "\(op.rawValue) needs numbers, not \(ta) and \(tb)", e.offset)
                }
            default: break
            }
        default:
            for c in e.children { try checkExpr(c, scope, aggregatesAllowed: aggregatesAllowed, insideAggregate: insideAggregate) }
        }
    }

    private func requireList(_ source: Expr, _ scope: Scope) throws {
        let t = staticType(source, scope)
        if !t.couldBeList { throw err(.invalidArgumentType, "expected a list, not a \(t)", source.offset) }
    }

    /// Patterns inside expressions: node/relationship variables must already be bound unless
    /// the construct introduces them (pattern comprehensions and EXISTS).
    private func checkPatternExpression(_ part: PatternPart, scope: inout Scope, introduces: Bool) throws {
        for n in part.nodes {
            if let v = n.variable {
                if scope[v] == nil {
                    if !introduces { throw err(.undefinedVariable, "variable `\(v)` is not defined (a pattern predicate cannot introduce variables)", n.offset) }
                    scope[v] = .node
                } else if let t = scope[v], t != .node, t != .unknown {
                    throw err(.variableTypeConflict, "`\(v)` is a \(t), not a node", n.offset)
                }
            }
            if let p = n.properties { try checkExpr(p, scope) }
        }
        for r in part.relationships {
            if let v = r.variable {
                if scope[v] == nil {
                    if !introduces { throw err(.undefinedVariable, "variable `\(v)` is not defined (a pattern predicate cannot introduce variables)", r.offset) }
                    scope[v] = r.length == nil ? .relationship : .relationshipList
                } else if let t = scope[v], t == .node || t == .path {
                    throw err(.variableTypeConflict, "`\(v)` is a \(t), not a relationship", r.offset)
                }
            }
            if let p = r.properties { try checkExpr(p, scope) }
        }
    }

    // MARK: static types

    func staticType(_ e: Expr, _ scope: Scope) -> StaticType {
        switch e.kind {
        case .literal(let v):
            switch v {
            case .null: return .null
            case .bool: return .bool
            case .int: return .int
            case .double: return .float
            case .string: return .string
            case .list: return .list
            case .map: return .map
            default: return .unknown
            }
        case .variable(let v): return scope[v] ?? .unknown
        case .list, .listComprehension, .patternComprehension: return .list
        case .map, .mapProjection: return .map
        case .not, .isNull, .quantifier, .pattern, .exists, .hasLabels, .propertiesMatch: return .bool
        case .binary(let op, let a, let b):
            switch op {
            case .and, .or, .xor, .eq, .neq, .lt, .gt, .le, .ge, .startsWith, .endsWith, .contains, .in, .regex: return .bool
            case .add:
                let ta = staticType(a, scope), tb = staticType(b, scope)
                if ta == .list || tb == .list { return .list }
                if ta == .string && tb == .string { return .string }
                if ta == .int && tb == .int { return .int }
                return .unknown
            default:
                let ta = staticType(a, scope), tb = staticType(b, scope)
                if ta == .int && tb == .int && op != .pow { return .int }
                if [ta, tb].allSatisfy({ $0 == .int || $0 == .float }) { return .float }
                return .unknown
            }
        case .countStar: return .int
        case .function(let name, _, _):
            switch name.lowercased() {
            case "count", "size", "length", "id", "tointeger", "sign", "timestamp": return .int
            case "labels", "keys", "nodes", "relationships", "range", "collect", "split", "tail": return .list
            case "tostring", "type", "tolower", "toupper", "trim", "substring", "replace", "left", "right": return .string
            case "toboolean", "exists", "isnan": return .bool
            case "properties": return .map
            case "startnode", "endnode": return .node
            case "tofloat", "sqrt", "exp", "log", "log10", "sin", "cos", "tan", "rand", "pi", "e", "avg", "stdev", "stdevp": return .float
            default: return .unknown
            }
        default: return .unknown
        }
    }

    private func elementType(of source: Expr, _ scope: Scope) -> StaticType {
        if staticType(source, scope) == .relationshipList { return .relationship }
        if case .function(let name, _, _) = source.kind {
            switch name.lowercased() {
            case "nodes": return .node
            case "relationships": return .relationship
            case "range": return .int
            default: break
            }
        }
        if case .list(let items) = source.kind, let first = items.first {
            let t = staticType(first, scope)
            if items.allSatisfy({ staticType($0, scope) == t }) { return t }
        }
        return .unknown
    }
}
