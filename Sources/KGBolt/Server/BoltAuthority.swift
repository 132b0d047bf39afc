/// What a Bolt connection asks of the service around it: who a key belongs to, whether a query
/// may run now (rate limit, concurrency gate), and where audit entries go. `KGServer` provides
/// it with the same key store, limits and audit log as the HTTP routes, so a role holds the
/// same over both protocols.
///
/// `authenticate` and `admit` are called on the connection's worker thread (never on an event
/// loop or the Swift concurrency pool) and may block: a look-up in the key store, a wait for the
/// gate, hold up only that connection.
public protocol BoltAuthority: Sendable {
    /// The caller for an authentication token (HELLO's or LOGON's `scheme`, `principal`,
    /// `credentials`), from the client at `address`.
    /// - Throws: `BoltFailure` (`Security.Unauthorized`, or a transient rate limit for an
    ///   address with too many failures).
    func authenticate(scheme: String, principal: String?, credentials: String?, address: String) throws -> BoltUser

    /// Admits one query of `user` (the rate limit and the expensive-query gate); the returned
    /// closure gives the gate's slot back and must be called once the query is over.
    /// - Throws: `BoltFailure` (`Security.Forbidden` for a role without Cypher, a transient
    ///   error when rate-limited or overloaded).
    func admit(_ user: BoltUser) throws -> @Sendable () -> Void

    /// Records one finished request in the audit log.
    func audit(_ record: BoltAuditRecord)

    /// The longest a query may run, in seconds (a client's `tx_timeout` may only lower it).
    var queryTimeoutSeconds: Double { get }

    /// What one query may materialise, in bytes (nil: no budget).
    var queryMemoryBudgetBytes: Int? { get }

    /// The audit hash of a request's bytes (HMAC under the audit secret): the query and its
    /// parameters are never stored themselves.
    func auditHash(_ bytes: [UInt8]) -> String
}

/// An authenticated Bolt caller: the key's id and role, and what the role may do.
public struct BoltUser: Sendable, Equatable {
    public let keyID: String
    public let role: String
    /// Whether the role may run Cypher at all (as `POST /v1/query`).
    public let mayQuery: Bool
    /// Whether the role may write and see personal data in clear (admin).
    public let isAdmin: Bool
    /// The most rows one result may have for this role.
    public let rowCap: Int

    public init(keyID: String, role: String, mayQuery: Bool, isAdmin: Bool, rowCap: Int) {
        self.keyID = keyID; self.role = role; self.mayQuery = mayQuery; self.isAdmin = isAdmin; self.rowCap = rowCap
    }
}

/// One Bolt request for the audit log: which message, by whom, with what outcome.
public struct BoltAuditRecord: Sendable {
    public let requestID: String
    public let user: BoltUser?
    /// `RUN`, `BEGIN`, `COMMIT`, `ROLLBACK`, `HELLO`/`LOGON` (failed authentications).
    public let message: String
    /// The audit hash of the query and its parameters (RUN only).
    public let requestHash: String?
    public let rows: Int
    /// An HTTP-like status for uniform reporting: 200, 400 (client error), 401, 403, 429, 500, 503.
    public let status: Int
    public let durationMs: Double

    public init(requestID: String, user: BoltUser?, message: String, requestHash: String?, rows: Int, status: Int, durationMs: Double) {
        self.requestID = requestID; self.user = user; self.message = message; self.requestHash = requestHash
        self.rows = rows; self.status = status; self.durationMs = durationMs
    }
}
