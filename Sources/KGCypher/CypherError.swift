import KGCore

/// An error from any stage of the Cypher pipeline, classified as the openCypher TCK does.
///
/// One type serves parsing, semantic analysis, planning and execution because the TCK's
/// classification cuts across them (a `SyntaxError` may come from semantic analysis, a
/// `TypeError` from compile time or runtime); `phase` says which stage raised it.
public struct CypherError: GovBrainError {
    /// The TCK error type.
    public enum ErrorType: String, Sendable {
        case syntax = "SyntaxError"
        case semantic = "SemanticError"
        case parameterMissing = "ParameterMissing"
        case constraintVerification = "ConstraintVerificationFailed"
        case constraintValidation = "ConstraintValidationFailed"
        case entityNotFound = "EntityNotFound"
        case propertyNotFound = "PropertyNotFound"
        case labelNotFound = "LabelNotFound"
        case type = "TypeError"
        case argument = "ArgumentError"
        case arithmetic = "ArithmeticError"
        case procedure = "ProcedureError"
        case timeout = "TimeoutError"
        /// A query past its memory budget (`MemoryBudget`).
        case memory = "MemoryError"
        case store = "StoreError"
    }

    /// When the error was found.
    public enum Phase: String, Sendable {
        case compile, runtime
    }

    public let type: ErrorType
    public let code: ErrorCode
    public let cypherPhase: Phase
    public let message: String
    /// Byte offset in the query text, if known.
    public var offset: Int?
    /// Line and column (1-based), filled in by `located(in:)`.
    public var location: SourceLocation?
    /// The offending query line with a caret under the column, filled in by `located(in:)`.
    public var caret: String?

    public var phase: String { cypherPhase.rawValue }

    public init(type: ErrorType, code: ErrorCode, phase: Phase, message: String, offset: Int? = nil) {
        self.type = type
        self.code = code
        self.cypherPhase = phase
        self.message = message
        self.offset = offset
    }

    /// Adds line, column and caret from the query text.
    public func located(in text: String) -> CypherError {
        guard let offset, location == nil else { return self }
        var copy = self
        let bytes = Array(text.utf8)
        let clamped = min(max(0, offset), bytes.count)
        var line = 1
        var lineStart = 0
        for k in 0..<clamped where bytes[k] == 0x0A { line += 1; lineStart = k + 1 }
        var lineEnd = lineStart
        while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
        let prefix = String(decoding: bytes[lineStart..<clamped], as: UTF8.self)
        let column = prefix.count + 1
        copy.location = SourceLocation(line: line, column: column)
        // A long line is shown as a window of 60 characters either side of the column, so an
        // error never echoes a whole (possibly huge) query back.
        let before = prefix.count > 60 ? "…" + String(prefix.suffix(60)) : prefix
        let rest = String(decoding: bytes[clamped..<lineEnd], as: UTF8.self)
        let after = rest.count > 60 ? String(rest.prefix(60)) + "…" : rest
        let pad = before.map { DisplayWidth.of($0) == 2 ? "  " : ($0 == "\t" ? "\t" : " ") }.joined()
        copy.caret = before + after + "\n" + pad + "^"
        return copy
    }

    public var description: String {
        var s = "\(type.rawValue) (\(code.rawValue)): \(message)"
        if let location { s += " (line \(location.line), column \(location.column))" }
        if let caret { s += "\n" + caret }
        return s
    }

    static func syntax(_ code: ErrorCode, _ message: String, at offset: Int?) -> CypherError {
        CypherError(type: .syntax, code: code, phase: .compile, message: message, offset: offset)
    }

    static func semantic(_ code: ErrorCode, _ message: String, at offset: Int?) -> CypherError {
        CypherError(type: .semantic, code: code, phase: .compile, message: message, offset: offset)
    }

    static func typeError(_ code: ErrorCode, _ message: String, phase: Phase = .runtime, at offset: Int? = nil) -> CypherError {
        CypherError(type: .type, code: code, phase: phase, message: message, offset: offset)
    }

    public static func argument(_ code: ErrorCode, _ message: String, phase: Phase = .runtime, at offset: Int? = nil) -> CypherError {
        CypherError(type: .argument, code: code, phase: phase, message: message, offset: offset)
    }

    static func arithmetic(_ code: ErrorCode, _ message: String) -> CypherError {
        CypherError(type: .arithmetic, code: code, phase: .runtime, message: message)
    }
}
