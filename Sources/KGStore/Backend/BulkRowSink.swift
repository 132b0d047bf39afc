/// The rows of one `BulkWriter` session on their way into the store: the backend's fastest way
/// to append many rows (SQLite: multi-row `INSERT … VALUES`; PostgreSQL: `COPY`).
///
/// Everything that can refuse a row (duplicate ids, the ontology, unique keys) is decided by
/// the bulk writer before a row reaches the sink, so a sink's write fails only when the store
/// does (disk full, lost connection), and the whole session is then rolled back.
package protocol BulkRowSink: AnyObject {
    /// Called once the session's transaction has begun: suspends what would check or index
    /// every row (column triggers; into an empty store, the secondary indexes).
    func start(emptyStore: Bool) throws
    /// Queues a node row and its labels (written in batches, before any relationship).
    func node(id: Int64, space: String?, externalID: String?, properties: String, labels: [Int64]) throws
    /// Writes (or queues) a unique key of a node queued before: the bulk writer has checked that
    /// no other node holds it.
    func key(class: String, key: String, value: String, node: Int64) throws
    /// Writes the queued node rows and labels.
    func flushNodes() throws
    /// Writes relationships in the order of `pending` (sorted by the caller), numbered from `firstID`.
    func relationships(_ pending: PendingRelationships, firstID: Int64) throws
    /// Before the commit: writes what is queued and puts back what `start` suspended, calling
    /// `mark` after each step (import tracing).
    func finish(mark: (String) -> Void) throws
    /// After the session's commit or rollback: restores the connection's normal mode.
    func end()
}
