import CSQLite
import KGCore

/// SQLite as a `StoreConnection`: the SQLite-only behaviour of the store lives here (PRAGMAs,
/// the WAL and its checkpoints, the busy timeout, `sqlite_master`, the bulk path).
extension SQLiteConnection: StoreConnection {
    package var dialect: SQLDialect { .sqlite }
    package var displayName: String { path }
    package var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    package func prepare(_ sql: String, streaming: Bool) throws -> SQLiteStatement {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw error(rc, String(cString: sqlite3_errmsg(handle))) }
        return SQLiteStatement(stmt, connection: self)
    }

    /// `BEGIN` for a snapshot read (deferred: WAL gives it the snapshot at its first read),
    /// `BEGIN IMMEDIATE` for a write (takes the one write lock now, or fails with `.busy`).
    package func begin(_ kind: TransactionKind, wait: LockWait) throws {
        let sql = kind == .snapshotRead ? "BEGIN" : "BEGIN IMMEDIATE"
        try withLockWait(wait) { try execute(sql) }
    }

    package func commit() throws { try execute("COMMIT") }

    package func rollback() { try? execute("ROLLBACK") }

    /// The outermost call decides: inside `withLockWait(.none)` everything, nested calls
    /// included, fails at once instead of waiting; the standard timeout returns when it ends.
    package func withLockWait<T>(_ wait: LockWait, _ body: () throws -> T) rethrows -> T {
        guard wait == .none, !lockWaitSuspended else { return try body() }
        lockWaitSuspended = true
        sqlite3_busy_timeout(handle, 0)
        defer { sqlite3_busy_timeout(handle, Self.busyTimeoutMilliseconds); lockWaitSuspended = false }
        return try body()
    }

    package func tableNames() throws -> Set<String> {
        Set(try rows("SELECT name FROM sqlite_master WHERE type='table'").compactMap { $0.first?.text })
    }

    package func createStore(mode: SchemaMode) throws {
        try execute("PRAGMA journal_mode=WAL")
        try StoreMigrations.createLatest(self, mode: mode)
    }

    package func migrateStore(from version: Int) throws { try StoreMigrations.migrate(self, from: version) }

    /// How much of the database file a connection reads memory-mapped (all of it, up to 16 GiB).
    static let memoryMapBytes: Int64 = 16 << 30

    /// Runs `body` with this connection reading through its page cache instead of the memory map.
    /// For one pass over most of the file (a bulk load's index builds, the adjacency build): every
    /// mapped page it touches would stay in the process's resident memory (1.1 GiB of a 1.1 M-node
    /// import's 1.7 GiB peak), while the page cache keeps its bounded size. Must not be called
    /// inside a transaction of this connection.
    func withoutMemoryMap<T>(_ body: () throws -> T) throws -> T {
        try setMemoryMapped(false)
        defer { try? setMemoryMapped(true) }
        return try body()
    }

    /// Switches memory-mapped reads off or back on (`withoutMemoryMap`; a bulk load from its start
    /// to its end).
    func setMemoryMapped(_ on: Bool) throws {
        try execute("PRAGMA mmap_size=\(on ? Self.memoryMapBytes : 0)")
    }

    /// The store's writing connection keeps the WAL and checkpoints it itself (`WALCheckpointer`);
    /// every connection reads memory-mapped (a new process, one per CLI query, reads pages
    /// straight from the OS cache).
    package func configureSession(_ role: SessionRole) throws {
        switch role {
        case .store(let readOnly):
            if !readOnly {
                try execute("PRAGMA journal_mode=WAL")
                let checkpointer = WALCheckpointer(path: path)
                checkpointer.install(on: self)
                self.checkpointer = checkpointer
            }
            try execute("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-131072; PRAGMA mmap_size=\(Self.memoryMapBytes)")
        case .reader:
            try execute("PRAGMA foreign_keys=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32768; PRAGMA mmap_size=\(Self.memoryMapBytes)")
        }
    }

    package func openPeer(readOnly: Bool) throws -> any StoreConnection {
        try SQLiteConnection(path: path, readOnly: readOnly, create: false)
    }

    package func storeBytes() throws -> Int64 {
        let pages = try scalar("PRAGMA page_count")?.int ?? 0
        let pageSize = try scalar("PRAGMA page_size")?.int ?? 0
        return pages * pageSize
    }

    package func integrityFindings() throws -> [String] {
        try rows("PRAGMA integrity_check").compactMap { $0.first?.text }
    }

    package func checkpoint(truncate: Bool) throws {
        if truncate { try execute("PRAGMA wal_checkpoint(TRUNCATE)") } else { _ = try rows("PRAGMA wal_checkpoint(PASSIVE)") }
    }

    /// A background checkpoint when the log has grown, one in line when it has grown too far
    /// (see `WALCheckpointer`).
    package func afterCommit() {
        if checkpointer?.committed() == true { _ = try? rows("PRAGMA wal_checkpoint(PASSIVE)") }
    }

    package func makeBulkSink(emptyStore: Bool) throws -> any BulkRowSink {
        SQLiteRowSink(db: self, emptyStore: emptyStore)
    }
}
