import KGCore
import Foundation

/// Runs `CALL … YIELD …` for each input row: checks and coerces arguments against the
/// signature, calls the body and binds the yielded outputs.
enum ProcedureExecution {
    static func run(_ call: ProcedureCall, outputs: [(field: String, variable: String)], input: RowStream, ctx: ExecutionContext) throws -> RowStream {
        guard let (signature, body) = ctx.procedures.lookup(call.name) else {
            throw CypherError(type: .procedure, code: .procedureNotFound, phase: .compile, message: "there is no procedure \(call.name)", offset: call.offset)
        }
        let ev = Evaluator(ctx: ctx)
        let bindings: [(index: Int, variable: String)]
        if call.yields == nil {
            bindings = signature.outputs.enumerated().map { ($0.offset, $0.element.name) }
        } else {
            bindings = try outputs.map { o in
                guard let i = signature.outputs.firstIndex(where: { $0.name == o.field }) else {
                    throw CypherError.syntax(.undefinedVariable, "\(signature.name) has no output \(o.field)", at: call.offset)
                }
                return (i, o.variable)
            }
        }
        return FlatMapStream(input) { row in
            var args: [Value]
            if let argExprs = call.arguments {
                args = try argExprs.map { try ev.eval($0, row) }
            } else {
                args = try signature.inputs.map { f in
                    guard let v = ctx.parameters[f.name] else {
                        throw CypherError(type: .parameterMissing, code: .missingParameter, phase: .runtime, message: "parameter $\(f.name) was not given")
                    }
                    return v
                }
            }
            // Omitted trailing arguments take their defaults.
            for f in signature.inputs.dropFirst(args.count) { args.append(f.defaultValue ?? .null) }
            for (k, f) in signature.inputs.enumerated() where k < args.count {
                args[k] = try coerce(args[k], to: f.type, name: f.name)
            }
            let results = try body(ProcedureContext(graph: ctx.graph, writable: ctx.writable, arguments: args, parameters: ctx.parameters))
            if signature.outputs.isEmpty && call.yields == nil && !call.standalone { return ArrayStream([row]) }
            return ArrayStream(results.map { values in
                var r = row
                for b in bindings { r[b.variable] = b.index < values.count ? values[b.index] : .null }
                return r
            })
        }
    }

    static func coerce(_ v: Value, to type: String, name: String) throws -> Value {
        let base = type.uppercased().replacingOccurrences(of: "?", with: "")
        if v.isNull { return v }
        switch (base, v) {
        case ("ANY", _), ("INTEGER", .int), ("FLOAT", .double), ("STRING", .string), ("BOOLEAN", .bool), ("MAP", .map),
             ("NODE", .node), ("RELATIONSHIP", .relationship), ("PATH", .path), ("NUMBER", .int), ("NUMBER", .double):
            return v
        case ("FLOAT", .int(let i)): return .double(Double(i))
        default:
            if base.hasPrefix("LIST"), case .list = v { return v }
            throw CypherError.argument(.invalidArgumentType, "argument \(name) must be \(type), not \(v.typeName)")
        }
    }
}
