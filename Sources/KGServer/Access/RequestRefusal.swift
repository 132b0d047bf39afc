import KGCore

/// A request the access layer refuses: no or bad key (401), wrong role or a write by a
/// read-only role (403), too many requests (429), too large (413), overloaded (503).
/// `retryAfterSeconds` becomes the `Retry-After` header.
public struct RequestRefusal: GovBrainError {
    public let code: ErrorCode
    public let message: String
    public let retryAfterSeconds: Int?
    public var phase: String { "access" }

    public init(code: ErrorCode, message: String, retryAfterSeconds: Int? = nil) {
        self.code = code; self.message = message; self.retryAfterSeconds = retryAfterSeconds
    }

    static let missingKey = RequestRefusal(code: .unauthorized,
        message: "this route needs an API key: send 'Authorization: Bearer gbk_…' (an admin creates keys with 'govbrain keys create --role ROLE --name NAME')")
    static let invalidKey = RequestRefusal(code: .unauthorized,
        message: "the API key is unknown or revoked; ask an admin for a valid key ('govbrain keys list' shows which exist)")
}
