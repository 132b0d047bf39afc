import KGCore
import KGOntology
import KGStore

/// Record-level access for the modules above the engine: streaming scans of one label or one
/// relationship type, lookups, and transactions. Reads run on a reader connection (they neither
/// wait for nor hold up writes); writes are validated by the ontology when the graph has one and
/// are all-or-nothing.
extension KnowledgeGraph {
    /// The database file (the model cards record it; derived files live beside it).
    public var path: String { store.path }

    /// Changes on every committed write: caches built from the graph compare it.
    public var graphVersion: Int64 { store.graphVersion }

    /// Whether writes are checked against the ontology.
    public var schemaMode: SchemaMode { store.schemaMode }

    /// Calls `body` with the id and properties of every node with `label`, in id order.
    public func forEachNode(label: String, _ body: (Int64, [String: Value]) throws -> Void) throws {
        try store.forEachNode(label: label, body)
    }

    /// Calls `body` with the start and end node of every relationship of `type`, in id order.
    public func forEachRelationship(type: String, _ body: (_ start: Int64, _ end: Int64) throws -> Void) throws {
        try store.forEachRelationship(type: type, body)
    }

    /// The node with this id, or nil.
    public func node(id: Int64) throws -> StoredNode? { try store.node(id: id) }

    /// The node of a class with a key value (`Enterprise`, `uscc`, "91450…"), or nil.
    public func nodeID(label: String, key: String, value: Value) throws -> Int64? {
        try store.nodeID(className: label, key: key, value: value)
    }

    /// Runs `body` in a read-only transaction on a reader connection (a consistent snapshot).
    public func read<T>(_ body: (GraphTransaction) throws -> T) throws -> T {
        try store.withReader { reader in try run(on: reader, readOnly: true, validator: nil, body) }
    }

    /// Runs `body` in one write transaction: committed when it returns, rolled back (the graph
    /// unchanged) when it throws. Writes are checked against the ontology when the graph has one.
    public func write<T>(_ body: (GraphTransaction) throws -> T) throws -> T {
        let validator = store.schemaMode == .ontology ? SchemaValidator(schema: schema) : nil
        return try run(on: store, readOnly: false, validator: validator, body)
    }

    private func run<T>(on target: GraphStore, readOnly: Bool, validator: SchemaValidator?, _ body: (GraphTransaction) throws -> T) throws -> T {
        let tx = try target.beginTransaction(readOnly: readOnly, validator: validator)
        do {
            let value = try body(GraphTransaction(tx))
            try tx.commit()
            return value
        } catch {
            tx.rollback()
            throw error
        }
    }

    /// Writes the WAL into the database file (after a bulk load).
    public func checkpoint() throws { try store.checkpoint() }

    /// A cheap check that the database answers (for readiness probes).
    public func ping() throws { try store.ping() }

    /// SQLite's integrity check: empty when the file is sound.
    public func integrityCheck() throws -> [String] { try store.integrityCheck() }
}

/// Online backup and restore of a database file (see `KGStore.StoreBackup`).
extension KnowledgeGraph {
    /// What a backup or restore copied.
    public struct BackupReport: Sendable {
        /// Pages copied by SQLite's online backup (0 when the store was copied row by row).
        public let pages: Int
        public let bytes: Int64
        public let seconds: Double
        /// Rows copied row by row (a PostgreSQL store's backup, a restore into PostgreSQL).
        public var rows = 0
    }

    /// Copies the database at `database` into a new file `destination`, consistent while it is in use.
    public static func backup(database: String, to destination: String) throws -> BackupReport {
        let r = try StoreBackup.backup(from: database, to: destination)
        return BackupReport(pages: r.pages, bytes: r.bytes, seconds: r.seconds, rows: r.rows)
    }

    /// Puts the backup at `backup` in place of the database at `database`.
    public static func restore(backup: String, to database: String) throws -> BackupReport {
        let r = try StoreBackup.restore(from: backup, to: database)
        return BackupReport(pages: r.pages, bytes: r.bytes, seconds: r.seconds, rows: r.rows)
    }

    /// `database` (a `--db` value) for messages: the path, or the URL without its password.
    public static func displayName(database: String) throws -> String { try StoreLocation.parse(database).description }

    /// Whether `database` (a `--db` value) names a PostgreSQL store.
    /// - Throws: `StoreError` for a malformed URL.
    public static func isPostgres(_ database: String) throws -> Bool { try StoreLocation.parse(database).isPostgres }

    /// Where the files kept beside the store at `database` live (`<base>.vectors/`): the path of an
    /// SQLite store, a folder per server, database and schema for a PostgreSQL one.
    public static func sidecarBase(database: String) throws -> String { try GraphStore.sidecarBase(for: database) }

    /// Loads the SQLite store `file` into the PostgreSQL store `database` names, in one transaction
    /// (see `StoreBackup.load`): all of it or, when it fails or is killed, nothing.
    /// - Parameter replacing: whether a store already there may be replaced (else `AlreadyExists`).
    public static func load(file: String, into database: String, replacing: Bool) throws -> BackupReport {
        guard case .postgres(let url) = try StoreLocation.parse(database) else {
            throw StoreError(code: .invalidDatabaseURL, message: "a load goes into a postgresql:// store; use restore for a file")
        }
        let r = try StoreBackup.load(file: file, into: url, replacing: replacing)
        return BackupReport(pages: r.pages, bytes: r.bytes, seconds: r.seconds, rows: r.rows)
    }

    /// Checks, before a long build, that `load(file:into:replacing:)` may write to `database`.
    public static func checkLoadTarget(_ database: String, replacing: Bool) throws {
        guard case .postgres(let url) = try StoreLocation.parse(database) else { return }
        try StoreBackup.checkLoadTarget(url, replacing: replacing)
    }
}
