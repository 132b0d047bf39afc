import Foundation
import KGCore

/// The openCypher scalar functions.
enum Functions {
    static func call(_ name: String, args argExprs: [Expr], row: Row, evaluator: Evaluator, offset: Int) throws -> Value {
        let lower = name.lowercased()
        guard let arity = FunctionCatalog.scalars[lower] else {
            throw CypherError.syntax(.unknownFunction, "unknown function \(name)()", at: offset)
        }
        if argExprs.count < arity.min || (arity.max.map { argExprs.count > $0 } ?? false) {
            throw CypherError.syntax(.invalidNumberOfArguments, "\(name)() takes \(arity.min)\(arity.max == arity.min ? "" : "…\(arity.max.map(String.init) ?? "n")") arguments, not \(argExprs.count)", at: offset)
        }
        if lower == "coalesce" {
            for a in argExprs {
                let v = try evaluator.eval(a, row)
                if !v.isNull { return v }
            }
            return .null
        }
        let args = try argExprs.map { try evaluator.eval($0, row) }
        let ctx = evaluator.ctx
        func bad(_ v: Value, _ what: String = "") -> CypherError {
            CypherError.typeError(.invalidArgumentValue, "\(name)() cannot take a \(v.typeName)\(what)")
        }
        let a0 = args.first ?? .null
        switch lower {
        case "+":
            switch a0 {
            case .int, .double, .null: return a0
            default: throw CypherError.typeError(.invalidArgumentType, "unary + needs a number, not a \(a0.typeName)")
            }
        case "id":
            switch a0 {
            case .null: return .null
            case .node(let id): return .int(id)
            case .relationship(let r): return .int(r.id)
            default: throw bad(a0)
            }
        case "elementid":
            switch a0 {
            case .null: return .null
            case .node(let id): return .string("n:\(id)")
            case .relationship(let r): return .string("r:\(r.id)")
            default: throw bad(a0)
            }
        case "labels":
            switch a0 {
            case .null: return .null
            case .node(let id): return .list(try ctx.nodeLabels(id).map(Value.string))
            default: throw bad(a0)
            }
        case "type":
            switch a0 {
            case .null: return .null
            case .relationship(let r): return .string(r.type)
            default: throw bad(a0)
            }
        case "keys":
            switch a0 {
            case .null: return .null
            case .node(let id): return .list(try ctx.nodeProperties(id).keys.sorted().map(Value.string))
            case .relationship(let r): return .list(try ctx.relationshipProperties(r.id).keys.sorted().map(Value.string))
            case .map(let m): return .list(m.keys.sorted().map(Value.string))
            default: throw bad(a0)
            }
        case "properties":
            switch a0 {
            case .null: return .null
            case .node(let id): return .map(try ctx.nodeProperties(id))
            case .relationship(let r): return .map(try ctx.relationshipProperties(r.id))
            case .map: return a0
            default: throw bad(a0)
            }
        case "size", "char_length", "character_length":
            switch a0 {
            case .null: return .null
            case .list(let l): return .int(Int64(l.count))
            case .string(let s): return .int(Int64(s.count))
            default: throw CypherError.typeError(.invalidArgumentValue, "size() needs a list or string, not a \(a0.typeName)")
            }
        case "length":
            switch a0 {
            case .null: return .null
            case .path(let p): return .int(Int64(p.length))
            case .string(let s): return .int(Int64(s.count))
            case .list(let l): return .int(Int64(l.count))
            default: throw bad(a0)
            }
        case "isempty":
            switch a0 {
            case .null: return .null
            case .list(let l): return .bool(l.isEmpty)
            case .string(let s): return .bool(s.isEmpty)
            case .map(let m): return .bool(m.isEmpty)
            default: throw bad(a0)
            }
        case "nodes":
            switch a0 {
            case .null: return .null
            case .path(let p): return .list(p.nodes.map(Value.node))
            default: throw bad(a0)
            }
        case "relationships":
            switch a0 {
            case .null: return .null
            case .path(let p): return .list(p.relationships.map(Value.relationship))
            default: throw bad(a0)
            }
        case "startnode", "endnode":
            switch a0 {
            case .null: return .null
            case .relationship(let r): return .node(lower == "startnode" ? r.start : r.end)
            default: throw bad(a0)
            }
        case "head", "last":
            switch a0 {
            case .null: return .null
            case .list(let l): return (lower == "head" ? l.first : l.last) ?? .null
            default: throw bad(a0)
            }
        case "tail":
            switch a0 {
            case .null: return .null
            case .list(let l): return .list(Array(l.dropFirst()))
            default: throw bad(a0)
            }
        case "reverse":
            switch a0 {
            case .null: return .null
            case .list(let l): return .list(l.reversed())
            case .string(let s): return .string(String(s.reversed()))
            default: throw bad(a0)
            }
        case "range":
            var ints: [Int64] = []
            for a in args {
                guard case .int(let i) = a else {
                    throw CypherError.argument(.invalidArgumentType, "range() takes integers, not a \(a.typeName)")
                }
                ints.append(i)
            }
            let step = ints.count > 2 ? ints[2] : 1
            guard step != 0 else { throw CypherError.argument(.numberOutOfRange, "range() step must not be 0") }
            // The length is known before anything is built: a range past the budget fails at once.
            let span = step > 0 ? Double(ints[1]) - Double(ints[0]) : Double(ints[0]) - Double(ints[1])
            let count = span < 0 ? 0 : Int(min(span / Double(step.magnitude) + 1, 1e15))
            try ctx.memory.checkList(count: count, what: "range()")
            var out: [Value] = []
            out.reserveCapacity(count)
            var x = ints[0]
            while step > 0 ? x <= ints[1] : x >= ints[1] {
                try ctx.checkDeadline()
                out.append(.int(x))
                let (n, o) = x.addingReportingOverflow(step)
                if o { break }
                x = n
            }
            return .list(out)
        case "tointeger", "tointegerornull":
            let orNull = lower == "tointegerornull"
            switch a0 {
            case .null: return .null
            case .int: return a0
            case .double(let d):
                guard d.isFinite, d < 9.2233720368547758e18, d >= -9.2233720368547758e18 else { return orNull ? .null : .null }
                return .int(Int64(d.rounded(.towardZero)))
            case .bool(let b): return .int(b ? 1 : 0)
            case .string(let s): return parseInteger(s)
            default: if orNull { return .null }; throw bad(a0)
            }
        case "tofloat", "tofloatornull":
            switch a0 {
            case .null: return .null
            case .double: return a0
            case .int(let i): return .double(Double(i))
            case .string(let s):
                let t = s.trimmingCharacters(in: .whitespaces)
                if let d = Double(t), !t.lowercased().hasPrefix("0x") { return .double(d) }
                return .null
            default: if lower == "tofloatornull" { return .null }; throw bad(a0)
            }
        case "tostring", "tostringornull":
            switch a0 {
            case .null: return .null
            case .string, .int, .double, .bool, .date, .dateTime, .time, .localTime, .localDateTime, .duration:
                return .string(toStringValue(a0))
            default: if lower == "tostringornull" { return .null }; throw bad(a0)
            }
        case "toboolean", "tobooleanornull":
            switch a0 {
            case .null: return .null
            case .bool: return a0
            case .string(let s):
                switch s.trimmingCharacters(in: .whitespaces).lowercased() {
                case "true": return .bool(true)
                case "false": return .bool(false)
                default: return .null
                }
            case .int(let i): return .bool(i != 0)
            default: if lower == "tobooleanornull" { return .null }; throw bad(a0)
            }
        case "tobooleanlist", "tointegerlist", "tofloatlist", "tostringlist":
            guard case .list(let items) = a0 else { if a0.isNull { return .null }; throw bad(a0) }
            let inner = String(lower.dropLast(4)) + "ornull"
            return .list(try items.map { try call(inner, args: [Expr(.literal($0), at: offset)], row: [:], evaluator: evaluator, offset: offset) })
        case "tolower", "lower", "toupper", "upper", "trim", "ltrim", "rtrim":
            guard case .string(let s) = a0 else { if a0.isNull { return .null }; throw bad(a0) }
            switch lower {
            case "tolower", "lower": return .string(s.lowercased())
            case "toupper", "upper": return .string(s.uppercased())
            case "trim": return .string(s.trimmingCharacters(in: .whitespaces))
            case "ltrim": return .string(String(s.drop(while: { $0 == " " || $0 == "\t" })))
            default:
                var t = s
                while let c = t.last, c == " " || c == "\t" { t.removeLast() }
                return .string(t)
            }
        case "substring":
            if a0.isNull { return .null }
            guard case .string(let s) = a0 else { throw bad(a0) }
            guard case .int(let start) = args[1] else { throw CypherError.argument(.invalidArgumentType, "substring() start must be an integer") }
            let chars = Array(s)
            guard start >= 0 else { throw CypherError.argument(.negativeIntegerArgument, "substring() start must not be negative") }
            var len = Int64(chars.count)
            if args.count > 2 {
                guard case .int(let l) = args[2] else { throw CypherError.argument(.invalidArgumentType, "substring() length must be an integer") }
                guard l >= 0 else { throw CypherError.argument(.negativeIntegerArgument, "substring() length must not be negative") }
                len = l
            }
            let from = min(Int(start), chars.count)
            let to = min(chars.count, from + Int(min(len, Int64(chars.count))))
            return .string(String(chars[from..<to]))
        case "left", "right":
            if a0.isNull { return .null }
            guard case .string(let s) = a0 else { throw bad(a0) }
            guard case .int(let n) = args[1] else {
                if args[1].isNull { throw CypherError.argument(.invalidArgumentType, "\(name)() length must not be null") }
                throw CypherError.argument(.invalidArgumentType, "\(name)() length must be an integer")
            }
            guard n >= 0 else { throw CypherError.argument(.negativeIntegerArgument, "\(name)() length must not be negative") }
            let chars = Array(s)
            let k = min(Int(n), chars.count)
            return .string(String(lower == "left" ? chars[0..<k] : chars[(chars.count - k)...]))
        case "split":
            guard case .string(let s) = a0, case .string(let sep) = args[1] else {
                if a0.isNull || args[1].isNull { return .null }
                throw bad(a0)
            }
            if sep.isEmpty { return .list(s.map { .string(String($0)) }) }
            return .list(s.components(separatedBy: sep).map(Value.string))
        case "replace":
            if args.contains(where: \.isNull) { return .null }
            guard case .string(let s) = a0, case .string(let f) = args[1], case .string(let t) = args[2] else { throw bad(a0) }
            if f.isEmpty { return .string(s) }
            // At most one replacement per occurrence: bound the result before building it.
            let growth = max(0, t.utf8.count - f.utf8.count)
            try ctx.memory.checkString(bytes: s.utf8.count + s.utf8.count / f.utf8.count * growth)
            return .string(s.replacingOccurrences(of: f, with: t))
        case "abs":
            switch a0 {
            case .null: return .null
            case .int(let i):
                guard i != .min else { throw CypherError.arithmetic(.integerOverflow, "abs(\(i)) does not fit in a 64-bit integer") }
                return .int(Swift.abs(i))
            case .double(let d): return .double(Swift.abs(d))
            default: throw bad(a0)
            }
        case "sign":
            switch a0 {
            case .null: return .null
            case .int(let i): return .int(i.signum())
            case .double(let d): return .int(d > 0 ? 1 : (d < 0 ? -1 : 0))
            default: throw bad(a0)
            }
        case "ceil", "floor", "round", "sqrt", "exp", "log", "log10", "sin", "cos", "tan", "cot", "asin", "acos", "atan",
             "degrees", "radians", "haversin", "isnan":
            if a0.isNull { return .null }
            guard let x = a0.numericValue else { throw bad(a0) }
            switch lower {
            case "ceil": return .double(Foundation.ceil(x))
            case "floor": return .double(Foundation.floor(x))
            case "round":
                if args.count >= 2 {
                    guard case .int(let places) = args[1] else { return .null }
                    let f = Foundation.pow(10.0, Double(places))
                    return .double((x * f).rounded(.toNearestOrAwayFromZero) / f)
                }
                return .double(x.rounded(.toNearestOrAwayFromZero))
            case "sqrt": return .double(Foundation.sqrt(x))
            case "exp": return .double(Foundation.exp(x))
            case "log": return .double(Foundation.log(x))
            case "log10": return .double(Foundation.log10(x))
            case "sin": return .double(Foundation.sin(x))
            case "cos": return .double(Foundation.cos(x))
            case "tan": return .double(Foundation.tan(x))
            case "cot": return .double(1 / Foundation.tan(x))
            case "asin": return .double(Foundation.asin(x))
            case "acos": return .double(Foundation.acos(x))
            case "atan": return .double(Foundation.atan(x))
            case "degrees": return .double(x * 180 / .pi)
            case "radians": return .double(x * .pi / 180)
            case "haversin": return .double((1 - Foundation.cos(x)) / 2)
            default: return .bool(x.isNaN)
            }
        case "atan2":
            if args.contains(where: \.isNull) { return .null }
            guard let y = a0.numericValue, let x = args[1].numericValue else { throw bad(a0) }
            return .double(Foundation.atan2(y, x))
        case "pi": return .double(.pi)
        case "e": return .double(M_E)
        case "rand": return .double(Double.random(in: 0..<1))
        case "randomuuid": return .string(UUID().uuidString.lowercased())
        case "timestamp": return .int(Int64(Date().timeIntervalSince1970 * 1000))
        case "exists":
            return .bool(!a0.isNull)
        default:
            if TemporalFunctions.arities[lower] != nil { return try TemporalFunctions.call(lower, args, statementTime: ctx.statementTime) }
            throw CypherError.syntax(.unknownFunction, "unknown function \(name)()", at: offset)
        }
    }

    static func parseInteger(_ s: String) -> Value {
        let t = s.trimmingCharacters(in: .whitespaces)
        if let i = Int64(t) { return .int(i) }
        if let d = Double(t), d.isFinite, !t.lowercased().hasPrefix("0x"), Swift.abs(d) < 9.2233720368547758e18 {
            return .int(Int64(d.rounded(.towardZero)))
        }
        return .null
    }

    /// `toString` of a scalar, as Cypher writes it.
    static func toStringValue(_ v: Value) -> String {
        switch v {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return formatFloat(d)
        case .bool(let b): return b ? "true" : "false"
        case .date(let d): return d.description
        case .dateTime(let t): return t.description
        case .time(let t): return t.description
        case .localTime(let t): return t.description
        case .localDateTime(let t): return t.description
        case .duration(let d): return d.description
        case .null: return "null"
        default: return CypherLiteral.render(v)
        }
    }

    /// Floats always show a fraction or exponent (`1.0`, `1.0E-5`), as Java and Neo4j write them.
    static func formatFloat(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
        let s = "\(d)"
        if s.contains("e") {
            var parts = s.split(separator: "e", maxSplits: 1).map(String.init)
            if !parts[0].contains(".") { parts[0] += ".0" }
            var exp = parts[1]
            if exp.hasPrefix("+") { exp.removeFirst() }
            return parts[0] + "E" + exp
        }
        return s
    }
}
