import Foundation
import KGCore

/// Evaluates expressions against a row, with openCypher's null propagation, three-valued
/// logic and runtime type errors.
struct Evaluator {
    let ctx: ExecutionContext

    func eval(_ e: Expr, _ row: Row) throws -> Value {
        switch e.kind {
        case .literal(let v): return v
        case .parameter(let name):
            guard let v = ctx.parameters[name] else {
                throw CypherError(type: .parameterMissing, code: .missingParameter, phase: .runtime, message: "parameter $\(name) was not given", offset: e.offset)
            }
            return v
        case .variable(let name):
            guard let v = row[name] else {
                throw CypherError.semantic(.undefinedVariable, "variable `\(name)` is not defined", at: e.offset)
            }
            return v
        case .property(let base, let key):
            return try property(of: try eval(base, row), key, at: e.offset)
        case .index(let base, let index):
            return try subscriptValue(try eval(base, row), try eval(index, row))
        case .slice(let base, let lo, let hi):
            return try slice(try eval(base, row), try lo.map { try eval($0, row) }, try hi.map { try eval($0, row) })
        case .hasLabels(let base, let labels):
            let v = try eval(base, row)
            switch v {
            case .null: return .null
            case .node(let id):
                return .bool(try ctx.nodeHasLabels(id, labels))
            default:
                throw CypherError.typeError(.invalidArgumentType, "a label test needs a node, not a \(v.typeName)")
            }
        case .list(let items):
            let values = try items.map { try eval($0, row) }
            try ValueNesting.checkContainer(of: values)
            try ctx.memory.charge(values.count * MemoryBudget.slotBytes)
            return .list(values)
        case .map(let entries):
            var m: [String: Value] = [:]
            for (k, x) in entries { m[k] = try eval(x, row) }
            try ValueNesting.checkContainer(of: m.values)
            try ctx.memory.charge(m.count * (MemoryBudget.slotBytes + 24))
            return .map(m)
        case .not(let x):
            switch try eval(x, row) {
            case .null: return .null
            case .bool(let b): return .bool(!b)
            case let v: throw CypherError.typeError(.invalidArgumentType, "NOT needs a boolean, not a \(v.typeName)")
            }
        case .negate(let x):
            switch try eval(x, row) {
            case .null: return .null
            case .int(let i):
                guard i != .min else { throw CypherError.arithmetic(.integerOverflow, "-(\(i)) does not fit in a 64-bit integer") }
                return .int(-i)
            case .double(let d): return .double(-d)
            case let v: throw CypherError.typeError(.invalidArgumentType, "cannot negate a \(v.typeName)")
            }
        case .binary(let op, let l, let r):
            return try binary(op, l, r, row)
        case .isNull(let x, let negated):
            let v = try eval(x, row)
            return .bool(v.isNull != negated)
        case .function(let name, let distinct, let args):
            if FunctionCatalog.isAggregate(name) {
                throw CypherError.semantic(.invalidAggregation, "aggregate \(name)(…) is not allowed here", at: e.offset)
            }
            _ = distinct
            let result = try Functions.call(name, args: args, row: row, evaluator: self, offset: e.offset)
            // Functions that build strings or lists (replace, split, reverse, tail, range…) are charged for what they built.
            switch result {
            case .string, .list: try ctx.memory.charge(MemoryBudget.estimate(result))
            default: break
            }
            return result
        case .countStar:
            throw CypherError.semantic(.invalidAggregation, "count(*) is not allowed here", at: e.offset)
        case .caseExpr(let subject, let whens, let otherwise):
            if let subject {
                let s = try eval(subject, row)
                for (w, t) in whens where ValueSemantics.equals(s, try eval(w, row)) == true { return try eval(t, row) }
            } else {
                for (w, t) in whens {
                    if case .bool(true) = try eval(w, row) { return try eval(t, row) }
                }
            }
            return try otherwise.map { try eval($0, row) } ?? .null
        case .listComprehension(let v, let source, let predicate, let projection):
            let src = try eval(source, row)
            guard case .list(let items) = src else {
                if src.isNull { return .null }
                throw CypherError.typeError(.invalidArgumentType, "a list comprehension needs a list, not a \(src.typeName)")
            }
            var out: [Value] = []
            var inner = row
            for item in items {
                try ctx.checkDeadline()
                inner[v] = item
                if let predicate, try eval(predicate, inner) != .bool(true) { continue }
                if let projection {
                    let projected = try eval(projection, inner)
                    try ValueNesting.checkElement(projected)
                    out.append(projected)
                } else {
                    out.append(item)
                }
                try ctx.memory.charge(MemoryBudget.slotBytes)
            }
            return .list(out)
        case .quantifier(let q, let v, let source, let predicate):
            let src = try eval(source, row)
            guard case .list(let items) = src else {
                if src.isNull { return .null }
                throw CypherError.typeError(.invalidArgumentType, "\(q.rawValue)(…) needs a list, not a \(src.typeName)")
            }
            var trueCount = 0, nullCount = 0
            var inner = row
            for item in items {
                try ctx.checkDeadline()
                inner[v] = item
                let r = try predicate.map { try eval($0, inner) } ?? item
                switch r {
                case .bool(true): trueCount += 1
                case .bool(false): break
                case .null: nullCount += 1
                default: throw CypherError.typeError(.invalidArgumentType, "the predicate of \(q.rawValue)(…) must be boolean, not \(r.typeName)")
                }
                if q == .any && trueCount > 0 { return .bool(true) }
                if q == .none && trueCount > 0 { return .bool(false) }
                if q == .single && trueCount > 1 { return .bool(false) }
            }
            let falseCount = items.count - trueCount - nullCount
            switch q {
            case .any: return nullCount > 0 ? .null : .bool(false)
            case .none: return nullCount > 0 ? .null : .bool(true)
            case .all: return falseCount > 0 ? .bool(false) : (nullCount > 0 ? .null : .bool(true))
            case .single: return nullCount > 0 ? (trueCount <= 1 ? .null : .bool(false)) : .bool(trueCount == 1)
            }
        case .reduce(let acc, let initial, let v, let source, let body):
            let src = try eval(source, row)
            guard case .list(let items) = src else {
                if src.isNull { return .null }
                throw CypherError.typeError(.invalidArgumentType, "reduce(…) needs a list, not a \(src.typeName)")
            }
            var inner = row
            var value = try eval(initial, row)
            for item in items {
                try ctx.checkDeadline()
                inner[acc] = value
                inner[v] = item
                value = try eval(body, inner)
            }
            return value
        case .patternComprehension(let pathVar, let pattern, let predicate, let projection):
            var part = pattern
            part.pathVariable = pathVar
            let plan = try ctx.subplan(key: "pc\(e.offset)", row: row) { planner in
                try planner.planPatternExpression([part], predicate: predicate, bound: Set(row.keys))
            }
            var out: [Value] = []
            let stream = try OperatorFactory(ctx: ctx).build(plan, argument: row)
            while let r = try stream.next() {
                try ctx.checkDeadline()
                let projected = try eval(projection, r)
                try ValueNesting.checkElement(projected)
                try ctx.memory.charge(MemoryBudget.estimate(projected))
                out.append(projected)
            }
            return .list(out)
        case .pattern(let part):
            let plan = try ctx.subplan(key: "pp\(e.offset)", row: row) { planner in
                try planner.planPatternExpression([part], predicate: nil, bound: Set(row.keys))
            }
            let stream = try OperatorFactory(ctx: ctx).build(plan, argument: row)
            return .bool(try stream.next() != nil)
        case .exists(let body):
            let plan = try ctx.subplan(key: "ex\(e.offset)", row: row) { planner in
                switch body {
                case .pattern(let parts, let predicate):
                    return try planner.planPatternExpression(parts, predicate: predicate, bound: Set(row.keys))
                case .query(let q):
                    return try planner.planSubquery(q, bound: Set(row.keys))
                }
            }
            let stream = try OperatorFactory(ctx: ctx).build(plan, argument: row)
            return .bool(try stream.next() != nil)
        case .propertiesMatch(let target, let propsExpr):
            let t = try eval(target, row)
            let required = try eval(propsExpr, row)
            guard case .map(let m) = required else { return required.isNull ? .bool(true) : .bool(false) }
            for (k, v) in m {
                if ValueSemantics.equals(try property(of: t, k), v) != true { return .bool(false) }
            }
            return .bool(true)
        case .mapProjection(let variable, let items):
            guard let base = row[variable] else {
                throw CypherError.semantic(.undefinedVariable, "variable `\(variable)` is not defined", at: e.offset)
            }
            if base.isNull { return .null }
            var m: [String: Value] = [:]
            for item in items {
                switch item {
                case .property(let k): m[k] = try property(of: base, k, at: e.offset)
                case .allProperties:
                    switch base {
                    case .node(let id): for (k, v) in try ctx.nodeProperties(id) { m[k] = v }
                    case .relationship(let r): for (k, v) in try ctx.relationshipProperties(r.id) { m[k] = v }
                    case .map(let mm): for (k, v) in mm { m[k] = v }
                    default: throw CypherError.typeError(.invalidArgumentType, "map projection needs a node, relationship or map")
                    }
                case .literal(let k, let x): m[k] = try eval(x, row)
                case .variable(let name):
                    guard let v = row[name] else { throw CypherError.semantic(.undefinedVariable, "variable `\(name)` is not defined", at: e.offset) }
                    m[name] = v
                }
            }
            try ValueNesting.checkContainer(of: m.values)
            try ctx.memory.charge(m.count * (MemoryBudget.slotBytes + 24))
            return .map(m)
        }
    }

    // MARK: property access and subscripts

    func property(of base: Value, _ key: String, at offset: Int? = nil) throws -> Value {
        switch base {
        case .null: return .null
        case .node(let id): return try ctx.nodeProperty(id, key)
        case .relationship(let r): return try ctx.relationshipProperties(r.id)[key] ?? .null
        case .map(let m): return m[key] ?? .null
        case .date, .dateTime, .time, .localTime, .localDateTime, .duration:
            return try TemporalComponents.component(base, key)
        case .bool, .int, .double, .string, .list, .path:
            throw CypherError.typeError(.invalidArgumentType, "cannot read property '\(key)' of a \(base.typeName)", at: offset)
        }
    }

    func subscriptValue(_ base: Value, _ index: Value) throws -> Value {
        switch (base, index) {
        case (.null, _): return .null
        case (.list(let items), .int(let i)):
            let k = i < 0 ? Int64(items.count) + i : i
            return k >= 0 && k < Int64(items.count) ? items[Int(k)] : .null
        case (.list, .null): return .null
        case (.list, _):
            throw CypherError.typeError(.listElementAccessByNonInteger, "a list index must be an integer, not a \(index.typeName)")
        case (.map(let m), .string(let k)): return m[k] ?? .null
        case (.node, .string(let k)), (.relationship, .string(let k)): return try property(of: base, k)
        case (.map, .null), (.node, .null), (.relationship, .null): return .null
        case (.map, _), (.node, _), (.relationship, _):
            throw CypherError.typeError(.mapElementAccessByNonString, "a map key must be a string, not a \(index.typeName)")
        default:
            throw CypherError.typeError(.invalidArgumentType, "cannot subscript a \(base.typeName)")
        }
    }

    func slice(_ base: Value, _ lo: Value?, _ hi: Value?) throws -> Value {
        if base.isNull || lo?.isNull == true || hi?.isNull == true { return .null }
        guard case .list(let items) = base else {
            throw CypherError.typeError(.invalidArgumentType, "cannot slice a \(base.typeName)")
        }
        let n = Int64(items.count)
        func bound(_ v: Value?, _ dflt: Int64) throws -> Int64 {
            guard let v else { return dflt }
            guard case .int(let i) = v else { throw CypherError.typeError(.invalidArgumentType, "a slice bound must be an integer") }
            let k = i < 0 ? n + i : i
            return min(max(k, 0), n)
        }
        let a = try bound(lo, 0), b = try bound(hi, n)
        return a < b ? .list(Array(items[Int(a)..<Int(b)])) : .list([])
    }

    // MARK: operators

    private func boolOperand(_ v: Value, _ op: BinaryOperator) throws -> Bool? {
        switch v {
        case .null: return nil
        case .bool(let b): return b
        default: throw CypherError.typeError(.invalidArgumentType, "\(op.rawValue) needs booleans, not a \(v.typeName)")
        }
    }

    private func binary(_ op: BinaryOperator, _ l: Expr, _ r: Expr, _ row: Row) throws -> Value {
        switch op {
        case .and:
            let a = try boolOperand(try eval(l, row), op)
            if a == false { return .bool(false) }
            let b = try boolOperand(try eval(r, row), op)
            if b == false { return .bool(false) }
            return a == nil || b == nil ? .null : .bool(true)
        case .or:
            let a = try boolOperand(try eval(l, row), op)
            if a == true { return .bool(true) }
            let b = try boolOperand(try eval(r, row), op)
            if b == true { return .bool(true) }
            return a == nil || b == nil ? .null : .bool(false)
        case .xor:
            let a = try boolOperand(try eval(l, row), op)
            let b = try boolOperand(try eval(r, row), op)
            guard let a, let b else { return .null }
            return .bool(a != b)
        case .add:
            // Concatenation builds a new string or list: charged, so doubling in a reduce ends at the budget.
            let a = try eval(l, row), b = try eval(r, row)
            switch (a, b) {
            case (.string(let x), .string(let y)): try ctx.memory.checkString(bytes: x.utf8.count + y.utf8.count)
            case (.list(let x), .list(let y)): try ctx.memory.checkList(count: x.count + y.count, what: "a list concatenation")
            case (.list(let x), _), (_, .list(let x)): try ctx.memory.checkList(count: x.count + 1, what: "a list concatenation")
            default: break
            }
            let sum = try Evaluator.apply(op, a, b)
            switch sum {
            case .string, .list:
                if case .list(let items) = sum { try ValueNesting.checkContainer(of: items) }
                try ctx.memory.charge(MemoryBudget.estimate(sum))
            default: break
            }
            return sum
        default:
            return try Evaluator.apply(op, try eval(l, row), try eval(r, row))
        }
    }

    static func isNaNComparison(_ a: Value, _ b: Value) -> Bool {
        guard a.numericValue != nil, b.numericValue != nil else { return false }
        if case .double(let x) = a, x.isNaN { return true }
        if case .double(let y) = b, y.isNaN { return true }
        return false
    }

    /// Applies a non-logical binary operator to two values.
    static func apply(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        switch op {
        case .eq: return ValueSemantics.equals(a, b).map(Value.bool) ?? .null
        case .neq: return ValueSemantics.equals(a, b).map { .bool(!$0) } ?? .null
        case .lt where isNaNComparison(a, b), .gt where isNaNComparison(a, b), .le where isNaNComparison(a, b),
             .ge where isNaNComparison(a, b):
            return .bool(false)
        case .lt: return ValueSemantics.compare(a, b).map { .bool($0 < 0) } ?? .null
        case .gt: return ValueSemantics.compare(a, b).map { .bool($0 > 0) } ?? .null
        case .le: return ValueSemantics.compare(a, b).map { .bool($0 <= 0) } ?? .null
        case .ge: return ValueSemantics.compare(a, b).map { .bool($0 >= 0) } ?? .null
        case .startsWith, .endsWith, .contains:
            guard case .string(let x) = a, case .string(let y) = b else { return .null }
            switch op {
            case .startsWith: return .bool(x.unicodeScalars.starts(with: y.unicodeScalars))
            case .endsWith: return .bool(x.unicodeScalars.reversed().starts(with: y.unicodeScalars.reversed()))
            default: return .bool(y.isEmpty || x.contains(y) || String(x.unicodeScalars).range(of: y, options: .literal) != nil)
            }
        case .regex:
            guard case .string(let x) = a, case .string(let pattern) = b else { return .null }
            try RegexGuard.check(pattern)
            guard let re = try? NSRegularExpression(pattern: "^(?:" + pattern + ")$", options: [.dotMatchesLineSeparators]) else {
                throw CypherError.argument(.invalidArgumentValue, "invalid regular expression")
            }
            let range = NSRange(x.startIndex..<x.endIndex, in: x)
            return .bool(re.firstMatch(in: x, options: [], range: range) != nil)
        case .in:
            switch b {
            case .null: return .null
            case .list(let items):
                var sawNull = false
                for item in items {
                    switch ValueSemantics.equals(a, item) {
                    case .some(true): return .bool(true)
                    case nil: sawNull = true
                    default: break
                    }
                }
                return sawNull ? .null : .bool(false)
            default:
                throw CypherError.typeError(.invalidArgumentType, "IN needs a list on the right, not a \(b.typeName)")
            }
        case .add: return try Arithmetic.add(a, b)
        case .sub: return try Arithmetic.numeric(op, a, b)
        case .mul, .div, .mod, .pow: return try Arithmetic.numeric(op, a, b)
        case .and, .or, .xor: fatalError("logical operators are evaluated lazily")
        }
    }
}
