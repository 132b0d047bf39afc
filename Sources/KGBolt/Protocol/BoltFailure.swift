import KGCore
import KGCypher
import KGEngine

/// A FAILURE the server sends: a Neo4j status code (drivers map its classification —
/// `ClientError`, `TransientError`, `DatabaseError` — to exception classes and retry rules)
/// and a message. Messages never repeat parameter values.
public struct BoltFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// `Neo.<Classification>.<Category>.<Title>`.
    public let code: String
    public let message: String
    /// The openCypher classification of a Cypher error, as `govbrain query --format json` and the
    /// TCK name it: `type` (`SyntaxError`…), `code` (`UndefinedVariable`…) and `phase` (`compile`
    /// or `runtime`). Sent as the FAILURE's `cypher_error` map; drivers keep unknown keys in the
    /// error's metadata (the Python driver's `Neo4jError.metadata`), so a client can tell the
    /// errors apart more finely than the status code does.
    public var classification: [String: String] = [:]

    public init(_ code: String, _ message: String) { self.code = code; self.message = message }

    public var description: String { "\(code): \(message)" }

    /// The FAILURE message's metadata (`neo4j_code` too, which 5.x drivers may read).
    public var metadata: PackValue {
        var map: [String: PackValue] = ["code": .string(code), "message": .string(message), "neo4j_code": .string(code)]
        if !classification.isEmpty { map["cypher_error"] = .map(classification.mapValues(PackValue.string)) }
        return .map(map)
    }

    // The codes the server uses, in one place.
    public static func unauthorized(_ m: String) -> BoltFailure { .init("Neo.ClientError.Security.Unauthorized", m) }
    public static func forbidden(_ m: String) -> BoltFailure { .init("Neo.ClientError.Security.Forbidden", m) }
    public static func protocolViolation(_ m: String) -> BoltFailure { .init("Neo.ClientError.Request.Invalid", m) }
    public static func invalidFormat(_ m: String) -> BoltFailure { .init("Neo.ClientError.Request.InvalidFormat", m) }
    public static func typeError(_ m: String) -> BoltFailure { .init("Neo.ClientError.Statement.TypeError", m) }
    public static func transactionTimedOut(_ m: String) -> BoltFailure { .init("Neo.ClientError.Transaction.TransactionTimedOut", m) }
    public static func transactionNotFound(_ m: String) -> BoltFailure { .init("Neo.ClientError.Transaction.TransactionNotFound", m) }
    public static func rateLimited(_ m: String) -> BoltFailure { .init("Neo.TransientError.Request.RateLimited", m) }
    public static func overloaded(_ m: String) -> BoltFailure { .init("Neo.TransientError.Request.ResourceExhaustion", m) }
    public static func interrupted(_ m: String) -> BoltFailure { .init("Neo.TransientError.Transaction.Terminated", m) }
    public static func databaseNotFound(_ m: String) -> BoltFailure { .init("Neo.ClientError.Database.DatabaseNotFound", m) }

    /// The FAILURE for an error thrown by the engine, the store or the access layer.
    public static func from(_ error: Error) -> BoltFailure {
        if let failure = error as? BoltFailure { return failure }
        var failure = status(of: error)
        failure.classification = classify(error)
        return failure
    }

    /// The classification the CLI's JSON error document gives (`WireFormat.errorDocument`), so
    /// both front ends describe an error alike.
    private static func classify(_ error: Error) -> [String: String] {
        guard case .object(let top) = WireFormat.errorDocument(error), case .object(let fields)? = top.first?.1 else { return [:] }
        var classification: [String: String] = [:]
        for (key, value) in fields where ["type", "code", "phase"].contains(key) {
            if case .string(let text) = value { classification[key] = text }
        }
        return classification
    }

    private static func status(of error: Error) -> BoltFailure {
        guard let e = error as? GovBrainError else {
            return BoltFailure("Neo.DatabaseError.General.UnknownError", "the server failed to run the request; see its log")
        }
        var message = e.message
        if let location = e.location { message += " (line \(location.line), column \(location.column))" }
        if let cypher = e as? CypherError { return BoltFailure(statusCode(for: cypher), message) }
        switch e.code {
        case .writeNotAllowed, .forbidden: return .forbidden(message)
        case .unauthorized: return .unauthorized(message)
        case .rateLimited: return .rateLimited(message)
        case .overloaded, .busy: return .overloaded(message)
        // The database went away or ended the transaction (a failover, an idle timeout): drivers
        // retry transient errors on a new transaction.
        case .databaseUnreachable: return BoltFailure("Neo.TransientError.General.DatabaseUnavailable", message)
        // Lost after COMMIT was sent: it may have committed, so not transient (a driver's retry
        // could apply it twice).
        case .commitOutcomeUnknown: return BoltFailure("Neo.DatabaseError.Transaction.TransactionCommitFailed", message)
        case .badValue: return BoltFailure("Neo.ClientError.Request.Invalid", message)
        default: return BoltFailure("Neo.DatabaseError.General.UnknownError", message)
        }
    }

    /// The Neo4j status code of a Cypher error (by its TCK type).
    static func statusCode(for error: CypherError) -> String {
        if error.code == .writeNotAllowed { return "Neo.ClientError.Security.Forbidden" }
        switch error.type {
        case .syntax: return "Neo.ClientError.Statement.SyntaxError"
        case .parameterMissing: return "Neo.ClientError.Statement.ParameterMissing"
        case .type, .propertyNotFound, .labelNotFound: return "Neo.ClientError.Statement.TypeError"
        case .argument, .arithmetic: return "Neo.ClientError.Statement.ArgumentError"
        case .semantic, .constraintVerification: return "Neo.ClientError.Statement.SemanticError"
        case .constraintValidation: return "Neo.ClientError.Schema.ConstraintValidationFailed"
        case .entityNotFound: return "Neo.ClientError.Statement.EntityNotFound"
        case .procedure: return "Neo.ClientError.Procedure.ProcedureCallFailed"
        case .timeout: return "Neo.ClientError.Transaction.TransactionTimedOut"
        case .memory: return "Neo.TransientError.General.MemoryPoolOutOfMemoryError"
        case .store: return "Neo.DatabaseError.General.UnknownError"
        }
    }
}
