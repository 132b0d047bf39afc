import KGCore
import NIOCore
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
    /// Inside a transaction a closed connection fails at once: nothing is sent on it (postgres-nio
    /// never answers a query written to a closed channel, which would hold the caller, and the
    /// store's lock, forever).
    /// - Throws: `StoreError` from `connect` (`DatabaseUnreachable` while no host qualifies), or
    ///   `DatabaseUnreachable` inside a transaction.
    func reconnectIfClosed() throws {
        guard connection.isClosed else { return }
        guard !transactionOpen else {
            if idleTimeoutEnded { throw Self.idleTimeoutError(endpoint: endpoint, milliseconds: idleTransactionTimeoutMilliseconds) }
            throw lost("inside a transaction, which did not commit")
        }
        let fresh = try PostgresStoreConnection.connect(url)
        if sessionReadOnly { try fresh.execute("SET default_transaction_read_only = on") }
        if idleTransactionTimeoutMilliseconds > 0 {
            try fresh.execute("SET idle_in_transaction_session_timeout = \(idleTransactionTimeoutMilliseconds)")
        }
        // The dead connection goes to `fresh`, which closes it when released.
        swap(&connection, &fresh.connection)
        endpoint = fresh.endpoint
        serverVersion = fresh.serverVersion
    }

    /// Whether the server has closed this connection (it reconnects before its next statement).
    package var isBroken: Bool { connection.isClosed }

    /// Waits for a query's answer, or until the connection closes under it (checked every
    /// `closeCheckInterval`): a query in flight when the channel closed may otherwise never be
    /// answered. A slow query on a live connection is waited for as long as it runs.
    func answer<T: Sendable>(_ future: EventLoopFuture<T>) throws -> T {
        let loop = future.eventLoop
        let outcome = loop.makePromise(of: T.self)
        future.cascade(to: outcome)
        let watched = connection
        let endpoint = endpoint
        let check = loop.scheduleRepeatedTask(initialDelay: Self.closeCheckInterval, delay: Self.closeCheckInterval) { task in
            guard watched.isClosed else { return }
            task.cancel()
            outcome.fail(StoreError(code: .databaseUnreachable, message: "the connection to PostgreSQL at \(endpoint) was lost while a statement ran; its transaction did not commit. Retry once the server is back."))
        }
        future.whenComplete { _ in check.cancel() }
        return try outcome.futureResult.wait()
    }

    /// How often a waiting statement checks that its connection is still open.
    static let closeCheckInterval = TimeAmount.milliseconds(500)

    private func lost(_ when: String) -> StoreError {
        StoreError(code: .databaseUnreachable, message: "the connection to PostgreSQL at \(endpoint) was lost \(when); the next statement after the rollback reconnects.")
    }
}
