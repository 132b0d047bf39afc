import KGCore
import PostgresNIO

/// Reconnecting after the server went away (a restart, a failover, `pg_terminate_backend`).
///
/// A connection the server closed is replaced before the next statement, when no transaction is
/// open: the new one goes through `connect` again, so it honours the URL's host list and
/// `target_session_attrs` (after a failover it finds the promoted primary), and it gets the
/// session's settings back (search path, lock timeout, read-only). A statement that was in flight
/// when the connection broke fails with `DatabaseUnreachable`; so does every statement of a
/// transaction that was open then, until the owner rolls it back (the server has rolled it back
/// already). The next statement after that reconnects.
extension PostgresStoreConnection {
    /// Replaces the connection when the server closed it and no transaction is open.
    /// - Throws: `StoreError` from `connect` (`DatabaseUnreachable` while no host qualifies).
    func reconnectIfClosed() throws {
        guard connection.isClosed, !transactionOpen else { return }
        let fresh = try PostgresStoreConnection.connect(url)
        if sessionReadOnly { try fresh.execute("SET default_transaction_read_only = on") }
        // The dead connection goes to `fresh`, which closes it when released.
        swap(&connection, &fresh.connection)
        endpoint = fresh.endpoint
        serverVersion = fresh.serverVersion
    }

    /// Whether the server has closed this connection (it reconnects before its next statement).
    package var isBroken: Bool { connection.isClosed }
}
