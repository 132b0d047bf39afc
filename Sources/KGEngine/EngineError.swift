import KGCore

/// Errors of the engine façade: missing resources, bad options.
public struct EngineError: GovBrainError {
    public let code: ErrorCode
    public let message: String
    public var phase: String { "engine" }

    public init(code: ErrorCode, message: String) { self.code = code; self.message = message }

    static let resourcesMissing = EngineError(code: .resourcesMissing,
        message: "cannot find GovBrain's Ontology/ and Datasets/ folders; run from the repository or set GOVBRAIN_HOME to it")
}
