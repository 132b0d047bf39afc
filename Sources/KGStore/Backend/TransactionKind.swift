/// What a transaction is for; each backend begins it its own way (SQLite: `BEGIN` for a
/// snapshot read, `BEGIN IMMEDIATE` for the two writes).
package enum TransactionKind: Sendable {
    /// A consistent read of one committed state; refuses nothing by itself.
    case snapshotRead
    /// A write to the graph (nodes, relationships, labels, counters): one writer per store.
    case graphWrite
    /// A write to the store's other tables (API keys, audit log, webhooks).
    case plainWrite
}

/// How long a statement waits for a lock another connection holds.
package enum LockWait: Sendable {
    /// The backend's standard wait (SQLite: `SQLiteConnection.busyTimeoutMilliseconds`), then `.busy`.
    case standard
    /// No wait: fail at once (best-effort writes such as stored property columns).
    case none
}

/// How a connection is set up after the store's schema is in place.
package enum SessionRole: Sendable {
    /// The store's own connection; `readOnly` when the store was opened read-only.
    case store(readOnly: Bool)
    /// A reader borrowed from a store (`GraphStore.borrowReader`).
    case reader
}
