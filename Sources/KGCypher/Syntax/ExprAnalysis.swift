import KGCore

extension Expr {
    /// A canonical rendering: two expressions that mean the same thing textually render the same
    /// (used to match ORDER BY and aggregate sub-expressions to projection items).
    var canonical: String {
        switch kind {
        case .literal(let v): return "lit(" + CypherLiteral.render(v) + ":" + v.typeName + ")"
        case .parameter(let n): return "$" + n
        case .variable(let n): return "var(" + n + ")"
        case .property(let b, let k): return b.canonical + "." + k
        case .index(let b, let i): return b.canonical + "[" + i.canonical + "]"
        case .slice(let b, let l, let h): return b.canonical + "[" + (l?.canonical ?? "") + ".." + (h?.canonical ?? "") + "]"
        case .hasLabels(let b, let ls): return b.canonical + ":" + ls.joined(separator: ":")
        case .list(let items): return "[" + items.map(\.canonical).joined(separator: ",") + "]"
        case .map(let entries): return "{" + entries.map { $0.0 + ":" + $0.1.canonical }.joined(separator: ",") + "}"
        case .not(let x): return "not(" + x.canonical + ")"
        case .negate(let x): return "neg(" + x.canonical + ")"
        case .binary(let op, let a, let b): return "(" + a.canonical + " " + op.rawValue + " " + b.canonical + ")"
        case .isNull(let x, let n): return x.canonical + (n ? " is not null" : " is null")
        case .function(let name, let d, let args):
            return name.lowercased() + "(" + (d ? "distinct " : "") + args.map(\.canonical).joined(separator: ",") + ")"
        case .countStar: return "count(*)"
        case .propertiesMatch(let a, let b): return "pm(" + a.canonical + "," + b.canonical + ")"
        default: return "@\(offset)"
        }
    }

    /// Variables the expression reads from its row (local variables of comprehensions excluded;
    /// pattern variables included, which over-approximates and is safe for push-down).
    var freeVariables: Set<String> {
        switch kind {
        case .variable(let n): return [n]
        case .mapProjection(let v, let items):
            var s: Set<String> = [v]
            for item in items {
                switch item {
                case .variable(let n): s.insert(n)
                case .literal(_, let e): s.formUnion(e.freeVariables)
                default: break
                }
            }
            return s
        case .listComprehension(let v, let source, let p, let proj):
            var inner = (p?.freeVariables ?? []).union(proj?.freeVariables ?? [])
            inner.remove(v)
            return source.freeVariables.union(inner)
        case .quantifier(_, let v, let source, let p):
            var inner = p?.freeVariables ?? []
            inner.remove(v)
            return source.freeVariables.union(inner)
        case .reduce(let acc, let initial, let v, let source, let body):
            var inner = body.freeVariables
            inner.remove(v); inner.remove(acc)
            return initial.freeVariables.union(source.freeVariables).union(inner)
        case .patternComprehension(let pv, let pattern, let p, let proj):
            var s = pattern.variables.union(pattern.expressionVariables)
            s.formUnion(p?.freeVariables ?? []); s.formUnion(proj.freeVariables)
            if let pv { s.remove(pv) }
            return s
        case .pattern(let part): return part.variables.union(part.expressionVariables)
        case .exists(let body):
            switch body {
            case .pattern(let parts, let p):
                var s = p?.freeVariables ?? []
                for part in parts { s.formUnion(part.variables); s.formUnion(part.expressionVariables) }
                return s
            case .query: return [" *"]
            }
        default:
            var s = Set<String>()
            for c in children { s.formUnion(c.freeVariables) }
            return s
        }
    }

    /// Replaces sub-expressions whose canonical form is in `map` by variables.
    func replacing(_ map: [String: String]) -> Expr {
        if let v = map[canonical] { return Expr(.variable(v), at: offset) }
        var e = self
        switch kind {
        case .property(let b, let k): e.kind = .property(b.replacing(map), k)
        case .index(let b, let i): e.kind = .index(b.replacing(map), i.replacing(map))
        case .slice(let b, let l, let h): e.kind = .slice(b.replacing(map), l?.replacing(map), h?.replacing(map))
        case .hasLabels(let b, let ls): e.kind = .hasLabels(b.replacing(map), ls)
        case .list(let items): e.kind = .list(items.map { $0.replacing(map) })
        case .map(let entries): e.kind = .map(entries.map { ($0.0, $0.1.replacing(map)) })
        case .not(let x): e.kind = .not(x.replacing(map))
        case .negate(let x): e.kind = .negate(x.replacing(map))
        case .binary(let op, let a, let b): e.kind = .binary(op, a.replacing(map), b.replacing(map))
        case .isNull(let x, let n): e.kind = .isNull(x.replacing(map), negated: n)
        case .function(let name, let d, let args): e.kind = .function(name: name, distinct: d, args: args.map { $0.replacing(map) })
        case .caseExpr(let s, let whens, let o):
            e.kind = .caseExpr(subject: s?.replacing(map), whens: whens.map { ($0.0.replacing(map), $0.1.replacing(map)) }, otherwise: o?.replacing(map))
        case .listComprehension(let v, let s, let p, let proj):
            e.kind = .listComprehension(variable: v, source: s.replacing(map), predicate: p?.replacing(map), projection: proj?.replacing(map))
        case .quantifier(let q, let v, let s, let p):
            e.kind = .quantifier(q, variable: v, source: s.replacing(map), predicate: p?.replacing(map))
        case .reduce(let a, let i, let v, let s, let b):
            e.kind = .reduce(accumulator: a, initial: i.replacing(map), variable: v, source: s.replacing(map), body: b.replacing(map))
        default: break
        }
        return e
    }

    /// Splits a conjunction into its parts.
    var conjuncts: [Expr] {
        if case .binary(.and, let a, let b) = kind { return a.conjuncts + b.conjuncts }
        return [self]
    }

    /// Aggregate calls inside the expression (outermost only), in order.
    var aggregateCalls: [Expr] {
        switch kind {
        case .countStar: return [self]
        case .function(let name, _, _) where FunctionCatalog.isAggregate(name): return [self]
        case .listComprehension(_, let source, _, _), .quantifier(_, _, let source, _): return source.aggregateCalls
        case .reduce(_, let initial, _, let source, _): return initial.aggregateCalls + source.aggregateCalls
        case .patternComprehension, .pattern, .exists: return []
        default: return children.flatMap(\.aggregateCalls)
        }
    }
}

extension PatternPart {
    /// Named node, relationship and path variables of the pattern.
    var variables: Set<String> {
        var s = Set<String>()
        if let p = pathVariable { s.insert(p) }
        for n in nodes { if let v = n.variable { s.insert(v) } }
        for r in relationships { if let v = r.variable { s.insert(v) } }
        return s
    }

    /// Variables read by the pattern's property maps.
    var expressionVariables: Set<String> {
        var s = Set<String>()
        for n in nodes { s.formUnion(n.properties?.freeVariables ?? []) }
        for r in relationships { s.formUnion(r.properties?.freeVariables ?? []) }
        return s
    }
}
