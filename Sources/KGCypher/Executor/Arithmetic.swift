import Foundation
import KGCore

/// Arithmetic with openCypher's rules: integer overflow is an error, integer division
/// truncates, mixed integer/float widens, `+` also concatenates strings and lists.
enum Arithmetic {
    static func add(_ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.null, _), (_, .null): return .null
        case (.list(let x), .list(let y)): return .list(x + y)
        case (.list(let x), _): return .list(x + [b])
        case (_, .list(let y)): return .list([a] + y)
        case (.string(let x), .string(let y)): return .string(x + y)
        case (.string(let x), .int), (.string(let x), .double), (.string(let x), .bool):
            return .string(x + Functions.toStringValue(b))
        case (.int, .string(let y)), (.double, .string(let y)), (.bool, .string(let y)):
            return .string(Functions.toStringValue(a) + y)
        default:
            if a.isTemporal || b.isTemporal { return try TemporalArithmetic.apply(.add, a, b) }
            return try numeric(.add, a, b)
        }
    }

    static func numeric(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.null, _), (_, .null): return .null
        case (.int(let x), .int(let y)):
            switch op {
            case .add: return try checked(x.addingReportingOverflow(y), op, x, y)
            case .sub: return try checked(x.subtractingReportingOverflow(y), op, x, y)
            case .mul: return try checked(x.multipliedReportingOverflow(by: y), op, x, y)
            case .div:
                guard y != 0 else { throw CypherError.arithmetic(.divisionByZero, "integer division by zero") }
                return try checked(x.dividedReportingOverflow(by: y), op, x, y)
            case .mod:
                guard y != 0 else { throw CypherError.arithmetic(.divisionByZero, "integer modulo by zero") }
                return try checked(x.remainderReportingOverflow(dividingBy: y), op, x, y)
            case .pow: return .double(pow(Double(x), Double(y)))
            default: break
            }
        case (.int, .double), (.double, .int), (.double, .double):
            let x = a.numericValue!, y = b.numericValue!
            switch op {
            case .add: return .double(x + y)
            case .sub: return .double(x - y)
            case .mul: return .double(x * y)
            case .div: return .double(x / y)
            case .mod: return .double(fmod(x, y))
            case .pow: return .double(pow(x, y))
            default: break
            }
        default:
            if a.isTemporal || b.isTemporal { return try TemporalArithmetic.apply(op, a, b) }
        }
        throw CypherError.typeError(.invalidArgumentType, "cannot apply \(op.rawValue) to \(a.typeName) and \(b.typeName)")
    }

    private static func checked(_ r: (partialValue: Int64, overflow: Bool), _ op: BinaryOperator, _ x: Int64, _ y: Int64) throws -> Value {
        if r.overflow { throw CypherError.arithmetic(.integerOverflow, "\(x) \(op.rawValue) \(y) does not fit in a 64-bit integer") }
        return .int(r.partialValue)
    }
}
