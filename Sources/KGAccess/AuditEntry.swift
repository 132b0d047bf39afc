/// One row of the audit log: who called what, when, with which result. It holds a hash of the
/// request (query and parameters), never the request itself, so no personal data reaches it.
public struct AuditEntry: Sendable, Equatable, Codable {
    /// Position in the log (assigned on append; 0 before).
    public var sequence: Int64
    /// ISO 8601 with milliseconds, UTC.
    public var at: String
    public var requestID: String
    /// nil for requests without a valid key.
    public var keyID: String?
    public var role: String?
    public var method: String
    /// The matched route pattern (`/v1/risk/alerts/{id}/ack`), or the path when none matched.
    public var route: String
    /// The path as requested, without the query string, with segments that may be personal data
    /// (11 or more digits in a row) replaced by `{redacted}`.
    public var path: String
    /// HMAC-SHA-256 (hex) of the request body and query string under the audit secret kept
    /// beside the database (`AccessStore.auditHash`); nil when both are empty.
    public var requestHash: String?
    public var rows: Int
    public var status: Int
    public var durationMs: Double

    public init(sequence: Int64 = 0, at: String, requestID: String, keyID: String?, role: String?, method: String, route: String,
                path: String, requestHash: String?, rows: Int, status: Int, durationMs: Double) {
        self.sequence = sequence; self.at = at; self.requestID = requestID; self.keyID = keyID; self.role = role
        self.method = method; self.route = route; self.path = path; self.requestHash = requestHash
        self.rows = rows; self.status = status; self.durationMs = durationMs
    }
}
