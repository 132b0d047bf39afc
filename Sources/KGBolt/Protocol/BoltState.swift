/// The states of a Bolt connection, as the Bolt documentation names them.
///
/// NEGOTIATION lasts until HELLO; AUTHENTICATION (5.1+) until LOGON. READY runs auto-commit
/// queries or begins a transaction; STREAMING and TX_STREAMING have a result open; TX_READY is
/// inside a transaction between results. FAILED ignores everything but RESET (and ROLLBACK or
/// COMMIT in a transaction, answered IGNORED too); INTERRUPTED is entered when a RESET arrives,
/// until it is processed. DEFUNCT closes the connection.
public enum BoltState: String, Sendable {
    case negotiation = "NEGOTIATION"
    case authentication = "AUTHENTICATION"
    case ready = "READY"
    case streaming = "STREAMING"
    case txReady = "TX_READY"
    case txStreaming = "TX_STREAMING"
    case failed = "FAILED"
    case interrupted = "INTERRUPTED"
    case defunct = "DEFUNCT"

    /// Whether an explicit transaction is open.
    public var inTransaction: Bool { self == .txReady || self == .txStreaming }
}
