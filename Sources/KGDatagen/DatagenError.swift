import KGCore

/// A generation problem: missing reference data, an unwritable folder, a bad option.
///
/// `description` is the message alone (as before the error had a code), so CLI output and the
/// messages that wrap a `DatagenError` stay as they were.
public struct DatagenError: GovBrainError {
    public let code: ErrorCode
    public let message: String
    public var phase: String { "datagen" }

    public init(code: ErrorCode, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
