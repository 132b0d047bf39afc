import KGCore

/// One connection to a store's database: the only way KGStore (and KGAccess, through
/// `GraphStore.openSideConnection`) reaches SQL. SQLite implements it with `SQLiteConnection`;
/// a PostgreSQL connection is the second implementation (issue 28, design in
/// Tools/docs/postgres-phase2.md).
///
/// SQL given to `execute` and `prepare` is in the subset both backends read (`ON CONFLICT`,
/// `RETURNING`, `?` parameters); what differs is asked of `dialect` or of the backend methods
/// below. Not thread-safe by itself: its owner serialises access.
package protocol StoreConnection: AnyObject {
    /// The backend's prepared statement.
    associatedtype Statement: StoreStatement

    /// How this backend spells what the common SQL subset does not cover.
    var dialect: SQLDialect { get }
    /// The database, for messages: a file path, or a URL without its password.
    var displayName: String { get }
    /// Whether a transaction is open on this connection (a lock error may have ended it).
    var inTransaction: Bool { get }

    /// Runs SQL with no results (may hold several statements).
    func execute(_ sql: String) throws
    /// Prepares a statement; `streaming` when its rows may be many (a backend that would
    /// otherwise buffer a whole result reads it in batches).
    func prepare(_ sql: String, streaming: Bool) throws -> Statement

    /// Begins a transaction of `kind`, waiting for other writers as `wait` says.
    func begin(_ kind: TransactionKind, wait: LockWait) throws
    /// Commits the open transaction.
    func commit() throws
    /// Rolls back the open transaction, if any (never throws: there is nothing left to undo).
    func rollback()
    /// Runs `body` with statements waiting for locks as `wait` says, then restores the standard wait.
    func withLockWait<T>(_ wait: LockWait, _ body: () throws -> T) rethrows -> T

    /// The names of the store's tables (the first real access: a file that is not a database fails here).
    func tableNames() throws -> Set<String>
    /// Creates the newest store layout in an empty database.
    func createStore(mode: SchemaMode) throws
    /// Migrates a store of an older format to the newest.
    func migrateStore(from version: Int) throws
    /// Sets the connection up for its role, after the schema is in place.
    func configureSession(_ role: SessionRole) throws
    /// Opens another connection to the same database (readers, the access and webhook stores).
    func openPeer(readOnly: Bool) throws -> any StoreConnection
    /// Opens a connection for a reader (snapshot reads only). PostgreSQL: it may go to a standby
    /// (`target_session_attrs=prefer-standby`, see `PostgresStoreConnection.readURL`); elsewhere
    /// it is `openPeer`.
    func openReader(readOnly: Bool) throws -> any StoreConnection

    /// The size of the store on disk, in bytes.
    func storeBytes() throws -> Int64
    /// The backend's consistency check: `["ok"]` when healthy, else its findings.
    func integrityFindings() throws -> [String]
    /// Moves logged writes into the main store (`truncate`: wholly, and shrink the log).
    func checkpoint(truncate: Bool) throws
    /// Called after each commit of the store's writing connection (background log maintenance).
    func afterCommit()
    /// Starts the backend's bulk path for one `BulkWriter` session (before its transaction begins).
    func makeBulkSink(emptyStore: Bool) throws -> any BulkRowSink
}

extension StoreConnection {
    /// Readers connect like any other peer unless the backend says otherwise.
    package func openReader(readOnly: Bool) throws -> any StoreConnection { try openPeer(readOnly: readOnly) }

    /// Prepares a statement whose rows are few.
    package func prepare(_ sql: String) throws -> Statement { try prepare(sql, streaming: false) }

    /// Whether the store has a table `name`.
    package func tableExists(_ name: String) throws -> Bool { try tableNames().contains(name) }

    /// The first column of the first row of a query, or nil.
    package func scalar(_ sql: String, _ args: [StoreValue] = []) throws -> StoreValue? {
        let s = try prepare(sql)
        try s.bind(args)
        guard try s.step() else { return nil }
        return s.value(0)
    }

    /// All rows of a query.
    package func rows(_ sql: String, _ args: [StoreValue] = []) throws -> [[StoreValue]] {
        let s = try prepare(sql)
        try s.bind(args)
        var out: [[StoreValue]] = []
        while try s.step() { out.append((0..<s.columnCount).map { s.value($0) }) }
        return out
    }

    /// Runs an `INSERT … RETURNING id` and returns the id.
    package func insertReturningID(_ sql: String, _ args: [StoreValue]) throws -> Int64 {
        let s = try prepare(sql)
        try s.bind(args)
        guard try s.step() else {
            throw StoreError(code: .sqlite, message: "an insert into \(displayName) returned no id")
        }
        let id = s.int(0)
        s.reset()
        return id
    }
}
