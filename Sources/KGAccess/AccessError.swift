import KGCore

/// An error of the access layer: a malformed key request, an unknown key or role, or a key
/// file that cannot be written.
public struct AccessError: GovBrainError {
    public let code: ErrorCode
    public let message: String
    public var phase: String { "access" }

    public init(code: ErrorCode, message: String) {
        self.code = code
        self.message = message
    }
}
