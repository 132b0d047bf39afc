import KGCore

/// A bad algorithm configuration or input; the message names the option and how to fix it.
public struct AlgorithmError: GovBrainError {
    public let code: ErrorCode
    public let message: String
    public var phase: String { "algorithm" }

    public init(_ message: String, code: ErrorCode = .invalidAlgorithmConfiguration) { self.code = code; self.message = message }
}

extension ErrorCode {
    /// An algorithm option is missing, of the wrong type or out of range.
    public static let invalidAlgorithmConfiguration = ErrorCode("InvalidAlgorithmConfiguration")
}
