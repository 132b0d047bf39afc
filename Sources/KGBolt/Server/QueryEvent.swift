import KGCypher

/// What a query on the worker thread tells its connection, in order.
enum QueryEvent: Sendable {
    /// The columns, before any row (RUN's SUCCESS).
    case columns([String])
    /// Framed RECORD messages, `bytes` in all.
    case records([[UInt8]], bytes: Int)
    /// The grant of that generation is used up and another row is waiting (`has_more`).
    case suspended(generation: Int)
    /// The query ended well after `rows` rows.
    case done(QueryResult, rows: Int)
    /// The query ended badly; `cancelled` when RESET, a closed connection or a timeout stopped it.
    case failed(BoltFailure, rows: Int, cancelled: Bool)
}
