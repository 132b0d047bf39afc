import KGStore

extension KnowledgeGraph {
    /// Lets the database end a writing transaction that stays idle longer than `seconds` (see
    /// `GraphStore.limitIdleWriteTransactions`): on PostgreSQL, a server that hangs with an
    /// explicit transaction open then stops holding the cluster-wide writer lock.
    /// - Throws: `StoreError` when the setting cannot be sent.
    public func limitIdleWriteTransactions(seconds: Double?) throws {
        try store.limitIdleWriteTransactions(seconds: seconds)
    }
}
