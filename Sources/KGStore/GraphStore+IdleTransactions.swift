import KGCore

extension GraphStore {
    /// Lets the database end a writing transaction of this store that stays idle between
    /// statements longer than `seconds`, releasing the writer lock (PostgreSQL's
    /// `idle_in_transaction_session_timeout` on the store's writing connection; see
    /// `PostgresStoreConnection.setIdleTransactionTimeout`). The Bolt server sets it to its
    /// transaction timeout plus a margin, so that its own timer ends an abandoned transaction
    /// first and the server's is the backstop for a GovBrain process that hangs with one open.
    /// SQLite: nothing to do (a dead process releases its file locks, and one process writes).
    /// - Parameter seconds: the limit; nil or 0 leaves the server's setting.
    /// - Throws: `StoreError` when the setting cannot be sent.
    public func limitIdleWriteTransactions(seconds: Double?) throws {
        guard let pg = db as? PostgresStoreConnection else { return }
        try withLock { try pg.setIdleTransactionTimeout(seconds: seconds) }
    }
}
