import KGCore

/// A problem with vectors: dimensions that disagree, unreadable files, bad parameters.
///
/// `description` is the message alone (as before the error had a code), so CLI output and the
/// messages that wrap an `EmbeddingError` stay as they were.
public struct EmbeddingError: GovBrainError {
    public let code: ErrorCode
    public let message: String
    public var phase: String { "embedding" }

    public init(code: ErrorCode, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
