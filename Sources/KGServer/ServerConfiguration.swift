import Foundation
import KGCore
import KGEngine
import KGAccess

/// Where and how to serve: every setting has a default, and can come from a JSON file
/// (`--config FILE` or `GOVBRAIN_CONFIG`), an environment variable (`GOVBRAIN_` + the key in
/// upper snake case, e.g. `GOVBRAIN_QUERY_TIMEOUT_SECONDS`) or a flag, later ones winning.
/// `govbrain serve --print-config` shows the result and where each value came from.
public struct ServerConfiguration: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// The database (default: the demo database, built if missing).
    public var db = KnowledgeGraph.defaultDatabasePath
    /// The `Models/` folder (default: the project's).
    public var models: String?
    /// The audit log's HMAC secret file (default: beside the database file, or for PostgreSQL under
    /// `$GOVBRAIN_STATE_DIR`). Servers over one PostgreSQL store share one file, so that a request's
    /// hash is the same whichever server logged it.
    public var auditSecretFile: String?
    /// The longest a query may run; a request may ask for less. The query is cancelled, not left running.
    public var queryTimeoutSeconds = 30.0
    /// What one query may materialise (lists, collect, sort and DISTINCT buffers), in estimated
    /// bytes, before it ends with `MemoryLimitExceeded` (see `QueryOptions.memoryBudgetBytes`).
    public var queryMemoryBudgetBytes = 512 << 20
    /// The most rows a query may return (admin and analyst keys); a request may ask for fewer.
    public var maxRows = 100_000
    /// The row cap of supervisor keys.
    public var supervisorMaxRows = 10_000
    /// The row cap of hotline and dashboard keys.
    public var otherMaxRows = 1_000
    /// The largest request body accepted (413 beyond).
    public var maxRequestBytes = 1 << 20
    /// Request bytes being received at once, over all callers; a body that does not fit waits for
    /// no one: 503 with Retry-After.
    public var maxConcurrentBodyBytes = 64 << 20
    /// Request bytes one caller (key) may be sending at once.
    public var maxConcurrentBodyBytesPerKey = 8 << 20
    /// The longest a client may take to send a request body (408 beyond).
    public var bodyTimeoutSeconds = 10.0
    /// Failed authentications per second per client address (unknown or revoked keys); 429 beyond.
    public var authFailuresPerSecond = 2.0
    /// Failed authentications a client address may make at once before that rate applies.
    public var authFailureBurst = 20.0
    /// Requests per second per API key (or per client address without a key); 429 beyond.
    public var rateLimitPerSecond = 200.0
    /// Requests a caller may send at once before the rate applies.
    public var rateLimitBurst = 400.0
    /// Expensive requests (queries, algorithms, similarity, recommendations) running at once.
    public var maxConcurrentExpensive = 4
    /// Expensive requests waiting their turn; 503 with Retry-After beyond.
    public var maxQueuedExpensive = 256
    /// Seconds an idle connection (or a client that stopped sending) is kept.
    public var idleTimeoutSeconds = 60
    /// Milliseconds between audit-log writes (entries are batched).
    public var auditFlushMilliseconds = 200
    /// trace, debug, info, notice, warning, error or critical.
    public var logLevel = "info"
    /// Attempts of one webhook delivery before it is dead (listed for an operator).
    public var webhookMaxAttempts = 8
    /// The longest one webhook attempt may take (connection and answer).
    public var webhookTimeoutSeconds = 5.0
    /// The first retry's delay; each later one doubles it (at most 10 minutes), with ±20 % jitter.
    public var webhookRetryBaseSeconds = 2.0
    /// Whether a webhook may point at this machine (127.0.0.0/8, ::1): off, so an API caller cannot
    /// make the server call its own or its neighbours' local services. Link-local and unspecified
    /// addresses are refused always.
    public var webhookAllowLoopback = false
    /// The Bolt port (`--bolt-port`); nil: no Bolt listener. 0 picks a free port.
    public var boltPort: Int?
    /// The Bolt listener's address; nil: `host`.
    public var boltHost: String?
    /// The longest an explicit Bolt transaction may stay open (a writing one holds the write lock).
    public var boltTransactionTimeoutSeconds = 300.0
    /// The largest Bolt message accepted; a larger one closes the connection.
    public var boltMaxMessageBytes = 16 << 20
    /// The most Bolt connections open at once.
    public var boltMaxConnections = 1000
    /// The most Bolt connections one address may hold before finishing the handshake.
    public var boltMaxHandshakingPerAddress = 32
    /// A Bolt connection silent this long (no query running) is closed.
    public var boltIdleTimeoutSeconds = 1800.0
    /// A folder of databases Bolt clients may select by name (`db`, e.g. a driver session's
    /// `database`); nil: only `db`. See `BoltDatabases`.
    public var boltDatabases: String?
    /// Whether selecting a database of `boltDatabases` that has no file creates it empty.
    public var boltCreateDatabases = false
    /// The most databases of `boltDatabases` open at once (the least recently used is closed).
    public var boltMaxOpenDatabases = 16
    /// The PEM certificate chain of Bolt's TLS (`--bolt-tls-cert`); with `boltTlsKey`, Bolt
    /// speaks TLS only (`bolt+s://`, `neo4j+s://`); nil: plain Bolt.
    public var boltTlsCert: String?
    /// The PEM private key of `boltTlsCert` (`--bolt-tls-key`).
    public var boltTlsKey: String?

    public init() {}

    /// The row cap for a role.
    public func rowCap(for role: APIRole?) -> Int {
        switch role {
        case .admin?, .analyst?: return maxRows
        case .supervisor?: return min(maxRows, supervisorMaxRows)
        default: return min(maxRows, otherMaxRows)
        }
    }

    /// Checks the settings.
    public func validate() throws {
        func bad(_ message: String) -> EngineError { EngineError(code: ErrorCode("InvalidConfiguration"), message: message) }
        guard (0...65535).contains(port) else { throw bad("port \(port) is out of range 0–65535") }
        guard !host.isEmpty else { throw bad("host is empty") }
        guard queryTimeoutSeconds > 0 else { throw bad("queryTimeoutSeconds must be positive") }
        guard queryMemoryBudgetBytes >= 1 << 20 else { throw bad("queryMemoryBudgetBytes must be at least 1048576 (1 MiB)") }
        guard maxRows > 0, supervisorMaxRows > 0, otherMaxRows > 0 else { throw bad("row caps must be positive") }
        guard maxRequestBytes >= 1024 else { throw bad("maxRequestBytes must be at least 1024") }
        guard maxConcurrentBodyBytes >= maxRequestBytes, maxConcurrentBodyBytesPerKey >= maxRequestBytes else {
            throw bad("maxConcurrentBodyBytes and maxConcurrentBodyBytesPerKey must be at least maxRequestBytes")
        }
        guard bodyTimeoutSeconds > 0, authFailuresPerSecond > 0, authFailureBurst >= 1 else {
            throw bad("bodyTimeoutSeconds and authFailuresPerSecond must be positive and authFailureBurst at least 1")
        }
        guard rateLimitPerSecond > 0, rateLimitBurst >= 1 else { throw bad("rateLimitPerSecond must be positive and rateLimitBurst at least 1") }
        guard maxConcurrentExpensive >= 1, maxQueuedExpensive >= 0 else { throw bad("maxConcurrentExpensive must be at least 1") }
        guard idleTimeoutSeconds >= 1, auditFlushMilliseconds >= 10 else { throw bad("idleTimeoutSeconds ≥ 1 and auditFlushMilliseconds ≥ 10") }
        guard (1...50).contains(webhookMaxAttempts), webhookTimeoutSeconds > 0, webhookRetryBaseSeconds > 0 else {
            throw bad("webhookMaxAttempts must be 1–50, webhookTimeoutSeconds and webhookRetryBaseSeconds positive")
        }
        if let boltPort { guard (0...65535).contains(boltPort) else { throw bad("boltPort \(boltPort) is out of range 0–65535") } }
        guard boltHost?.isEmpty != true else { throw bad("boltHost is empty") }
        guard boltTransactionTimeoutSeconds > 0, boltMaxMessageBytes >= 1024 else {
            throw bad("boltTransactionTimeoutSeconds must be positive and boltMaxMessageBytes at least 1024")
        }
        guard boltMaxConnections >= 1, boltIdleTimeoutSeconds > 0 else {
            throw bad("boltMaxConnections must be at least 1 and boltIdleTimeoutSeconds positive")
        }
        guard boltDatabases?.isEmpty != true, boltMaxOpenDatabases >= 1 else {
            throw bad("boltDatabases is empty or boltMaxOpenDatabases is below 1")
        }
        guard (boltTlsCert == nil) == (boltTlsKey == nil), boltTlsCert?.isEmpty != true, boltTlsKey?.isEmpty != true else {
            throw bad("Bolt TLS needs both a certificate and its key: give --bolt-tls-cert FILE and --bolt-tls-key FILE (settings boltTlsCert, boltTlsKey), or neither")
        }
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) else {
            throw bad("logLevel must be trace, debug, info, notice, warning, error or critical")
        }
    }
}
