import KGCore

/// Errors of the engine façade: missing resources, bad options.
public struct EngineError: GovBrainError {
    public let code: ErrorCode
    public let message: String
    public var phase: String { "engine" }

    public init(code: ErrorCode, message: String) { self.code = code; self.message = message }

    static let resourcesMissing = EngineError(code: .resources,
        message: "cannot find GovBrain's Ontology/ and Datasets/ folders; run from the repository or set GOVBRAIN_HOME to it")
}

extension ErrorCode {
    /// A file or graph content the engine needs is missing or unreadable.
    public static let resources = ErrorCode("ResourcesMissing")
    /// A model is missing, unreadable or not trained.
    public static let modelUnavailable = ErrorCode("ModelUnavailable")
    /// A routing request is malformed (no text, text too long, bad address).
    public static let invalidRoutingRequest = ErrorCode("InvalidRoutingRequest")
    /// A supervision request (credit, risk, alerts, inspection draws) is malformed.
    public static let invalidSupervisionRequest = ErrorCode("InvalidSupervisionRequest")
    /// The request conflicts with the current state (e.g. acknowledging a resolved alert).
    public static let conflict = ErrorCode("Conflict")
}
