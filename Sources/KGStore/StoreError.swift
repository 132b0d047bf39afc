import KGCore

/// A failure of the store itself: the file, its format, SQLite.
public struct StoreError: GovBrainError {
    public let code: ErrorCode
    public let message: String
    public var phase: String { "store" }

    public init(code: ErrorCode, message: String) { self.code = code; self.message = message }
}
