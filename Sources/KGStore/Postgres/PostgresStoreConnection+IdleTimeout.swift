import Foundation
import KGCore

/// A writing transaction that its client abandoned must not hold the store's writer lock, which
/// is cluster-wide on PostgreSQL (every server's writes wait for it), for ever.
///
/// GovBrain's own timeouts (a Bolt transaction's, a query's) end such a transaction while the
/// server runs. `idle_in_transaction_session_timeout` is the server-side backstop for when they
/// cannot: a GovBrain process that hangs or is stopped with a transaction open. PostgreSQL then
/// ends the session: the transaction rolls back, the advisory lock is released, and this
/// connection's next statement fails with `idleTimeoutError` (after its owner's rollback, the
/// statement after reconnects as after any lost connection).
extension PostgresStoreConnection {
    /// Sets `idle_in_transaction_session_timeout` for this session (and for the sessions that
    /// replace it after a reconnect).
    /// - Parameter seconds: the longest a transaction may stay idle between statements; nil or 0
    ///   leaves it to the server's setting. Rounded to milliseconds, at least 1 ms.
    /// - Throws: `StoreError` when the setting cannot be sent (connection lost).
    package func setIdleTransactionTimeout(seconds: Double?) throws {
        let milliseconds = seconds.map { $0 > 0 ? max(1, Int(($0 * 1000).rounded())) : 0 } ?? 0
        // Remembered first: if the connection is lost on the way, its replacement gets the setting.
        idleTransactionTimeoutMilliseconds = milliseconds
        // 0 leaves the server's (or the role's) own setting in force rather than turning it off.
        try execute(milliseconds > 0 ? "SET idle_in_transaction_session_timeout = \(milliseconds)" : "RESET idle_in_transaction_session_timeout")
    }

    /// Whether the open transaction has been idle at least the session's idle timeout, so a lost
    /// connection now was most likely that timeout's doing.
    var idleTimeoutEnded: Bool {
        idleTransactionTimeoutMilliseconds > 0
            && Date().timeIntervalSince(lastStatementEnded) * 1000 >= Double(idleTransactionTimeoutMilliseconds)
    }

    /// The error of a statement sent to a transaction the idle timeout ended (SQLSTATE 25P03).
    static func idleTimeoutError(endpoint: PostgresURL.Endpoint, milliseconds: Int) -> StoreError {
        let limit = milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
        return StoreError(code: .databaseUnreachable,
                          message: "PostgreSQL at \(endpoint) ended this transaction: it stayed idle for more than \(limit) "
                            + "(idle_in_transaction_session_timeout). Nothing of it was committed and the store's writer lock went to other writers; begin a new transaction.")
    }
}
