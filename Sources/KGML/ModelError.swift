import KGCore

/// A model could not be trained, loaded or applied; the message says what and how to fix it.
///
/// `description` is the message alone (as before the error had a code), so CLI output and the
/// messages that wrap a `ModelError` stay as they were.
public struct ModelError: GovBrainError {
    public let code: ErrorCode
    public let message: String
    public var phase: String { "model" }

    public init(code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    /// An error without a classification: reported as `InternalError` (a server answers 500).
    public var description: String { message }
}
