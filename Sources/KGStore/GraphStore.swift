import Foundation
import KGCore

/// The property-graph store: one SQLite file in WAL mode, reached through a `StoreConnection`
/// (so that a second backend can take its place; see Tools/docs/postgres-phase2.md).
///
/// Layout (format version 2): `nodes(id, ext_space, ext_id, props)` with properties as JSON
/// in the `Value` property encoding; `node_labels(label, node)` (the label index, and by node);
/// `rels(id, type, src, dst, props)` indexed by (src, type, dst) and (dst, type, src);
/// `node_keys(class, key, value, node)` enforcing the ontology's unique keys and serving
/// key look-ups; `labels`/`rel_types` dictionaries; `property_keys`; `meta`; `api_keys` and the append-only `audit_log` (see `AccessStore`).
/// Ids are allocated from counters in `meta`, never reused, so they stay stable.
///
/// One writer and many readers: SQLite's WAL gives readers a consistent snapshot while a
/// writer works, and a transaction either commits whole or leaves the file as it was (also
/// when the process is killed). Access to one `GraphStore` is serialised by a lock; reads that
/// must not wait behind it (a long query, a write) borrow a reader — a connection of its own to
/// the same file (`withReader`, `borrowReader`) — so readers run in parallel with each other and
/// with the writer.
public final class GraphStore: @unchecked Sendable {
    /// The newest format this binary writes and reads.
    public static let formatVersion = 5
    /// The oldest format a read-only open reads without migrating (the formats since only added
    /// tables that reading the graph does not use).
    public static let oldestFormatReadableAsIs = 3

    /// How to open a store.
    public struct OpenOptions: Sendable {
        public var readOnly: Bool
        public var createIfMissing: Bool
        /// The schema mode a newly created store gets.
        public var schemaModeForNew: SchemaMode
        public init(readOnly: Bool = false, createIfMissing: Bool = false, schemaModeForNew: SchemaMode = .ontology) {
            self.readOnly = readOnly; self.createIfMissing = createIfMissing; self.schemaModeForNew = schemaModeForNew
        }
    }

    public let path: String
    let db: any StoreConnection
    let lock = NSRecursiveLock()
    var labelIDs: [String: Int64] = [:]
    var labelNames: [Int64: String] = [:]
    var typeIDs: [String: Int64] = [:]
    var typeNames: [Int64: String] = [:]
    var cachedSnapshot: CSRSnapshot?
    /// The adjacency Cypher's expansions read from when it holds a transaction's state; shared with the readers.
    var adjacencyProvider: AdjacencyProvider
    /// Idle reader connections (`borrowReader`), and how many to keep idle at most.
    private var idleReaders: [GraphStore] = []
    /// Reader connections opened so far (diagnostics and tests; under `readersLock`).
    private(set) var readersOpened = 0
    private let readersLock = NSLock()
    private static let maxIdleReaders = 8
    /// The graph version the label and type dictionaries were loaded at (readers reload them when it moves).
    var dictionaryVersion: String?
    /// PostgreSQL: the in-memory graph version, kept current by `LISTEN` (started on first use of `graphVersion`).
    var changeWatcher: PostgresChangeWatcher?
    let changeWatcherLock = NSLock()
    /// `schemaMode` once read (it never changes after creation).
    var cachedSchemaMode: SchemaMode?
    /// The graph version the open write transaction records, announced to the watcher after its commit.
    var recordedVersion: Int64?
    /// Readers given out and not yet returned, and the condition their borrowers wait on (`maxReaders`).
    var readersOut = 0
    let readersAvailable = NSCondition()

    /// Opens the store at `path` (an SQLite file, or a `postgresql://` URL: `open(postgres:)`),
    /// creating or migrating it as needed.
    /// - Throws: `StoreError` when the path is missing (and not to be created), not a GovBrain
    ///   database, written by a newer GovBrain, or not writable; a malformed URL.
    public static func open(at path: String, options: OpenOptions = OpenOptions()) throws -> GraphStore {
        if case .postgres(let url) = try StoreLocation.parse(path) { return try open(postgres: url, options: options) }
        let fm = FileManager.default
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: path, isDirectory: &isDir)
        if isDir.boolValue {
            throw StoreError(code: .pathNotWritable, message: "\(path) is a folder; --db takes a database file path such as \(path)/graph.sqlite")
        }
        if !exists {
            guard options.createIfMissing, !options.readOnly else {
                throw StoreError(code: .databaseMissing, message: "no database at \(path). Create one with 'govbrain import --db \(path) FILE…' or 'govbrain demo build --db \(path)'.")
            }
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty, !fm.fileExists(atPath: dir) {
                throw StoreError(code: .pathNotWritable, message: "folder \(dir) does not exist; create it first or choose another --db path")
            }
        }
        let store = GraphStore(path: path, readOnly: options.readOnly,
                               connection: try SQLiteConnection(path: path, readOnly: options.readOnly, create: !exists))
        try store.prepare(isNew: !exists, mode: options.schemaModeForNew)
        return store
    }

    /// Opens the store in the PostgreSQL database and schema `url` names (`PostgresURL.schema`),
    /// creating it when `options.createIfMissing` (and not read-only). `path` is the URL without
    /// its password; files kept beside the store go under `sidecarBase`.
    /// - Throws: `StoreError`: the connection's errors (`PostgresStoreConnection.connect`),
    ///   `DatabaseMissing`, `NotADatabase`, `NewerStoreFormat`.
    ///
    /// With `target_session_attrs=prefer-standby` only the readers prefer a standby (snapshot
    /// reads: read-only queries and transactions); the store's own connection, which writes and
    /// migrates, asks for `read-write`, as do the side connections (keys, audit) and the change
    /// watcher (NOTIFY does not reach standbys). See the README on staleness.
    package static func open(postgres url: PostgresURL, options: OpenOptions = OpenOptions()) throws -> GraphStore {
        var writerURL = url
        if url.targetSessionAttributes == .preferStandby { writerURL.targetSessionAttributes = .readWrite }
        let connection = try PostgresStoreConnection.connect(writerURL)
        if writerURL != url { connection.readURL = url }
        if try connection.tableNames().isEmpty, !options.createIfMissing || options.readOnly {
            throw StoreError(code: .databaseMissing, message: "schema '\(url.schema)' of \(url) holds no GovBrain store. Create one with 'govbrain import --db URL FILE…'.")
        }
        let store = GraphStore(path: url.description, readOnly: options.readOnly, connection: connection,
                               sidecarBase: postgresSidecarBase(url))
        try store.prepare(isNew: false, mode: options.schemaModeForNew)
        return store
    }

    /// Removes the store in `url`'s schema, with everything in that schema (test stores).
    package static func dropPostgresStore(_ url: PostgresURL) throws {
        try PostgresStoreConnection.connect(url).execute("DROP SCHEMA IF EXISTS \(url.schema) CASCADE")
    }

    /// Where the files kept beside a PostgreSQL store live (vector indexes): one folder per server,
    /// database and schema, under `$GOVBRAIN_STATE_DIR` or else `.govbrain/pg` (design §3).
    static func postgresSidecarBase(_ url: PostgresURL) -> String {
        let root = ProcessInfo.processInfo.environment["GOVBRAIN_STATE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? ".govbrain"
        let endpoint = url.endpoints.first.map { "\($0.host)-\($0.port)" } ?? "default"
        let name = "\(endpoint)-\(url.database)-\(url.schema)".map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" }
        return (root as NSString).appendingPathComponent("pg/" + String(name))
    }

    /// Reads a `--db` value and refuses what this build cannot open as a graph: a malformed URL or
    /// another URL scheme, and a PostgreSQL URL unless `allowPostgres` (the commands that run on
    /// PostgreSQL already: `query`, `stats`, `shell`, `keys`, `audit`, `serve`, `import`, `export`; the others keep files
    /// named after the path). Called before anything
    /// touches the file system, so a URL never becomes a file name, and never shown with its password.
    /// - Throws: `StoreError` (`InvalidDatabaseURL`, `UnsupportedDatabaseServer`).
    public static func checkLocation(_ value: String, allowPostgres: Bool = false) throws {
        guard case .postgres(let url) = try StoreLocation.parse(value), !allowPostgres else { return }
        // The graph runs on PostgreSQL (`open(postgres:)`), but the files most commands keep beside
        // the store (secrets, backups, demo builds) are still named after the path (issue 28).
        throw StoreError(code: .unsupportedDatabaseServer,
                         message: "--db \(url): this command keeps the graph in SQLite files only; the PostgreSQL backend is not complete yet (issue 28: 'govbrain query', 'stats', 'shell', 'keys', 'audit', 'serve', 'import', 'export', 'algo', 'backup', 'restore', 'vectors build', 'vectors list' and 'demo build' run on PostgreSQL). Give a database file path such as .govbrain/demo.sqlite.")
    }

    private let readOnlyConnection: Bool

    /// Where files kept beside the store live (`<sidecarBase>.vectors/`): the path of an SQLite
    /// store; for a PostgreSQL store a folder named after its server, database and schema.
    public let sidecarBase: String

    private init(path: String, readOnly: Bool, connection: any StoreConnection, sidecarBase: String? = nil) {
        self.path = path
        readOnlyConnection = readOnly
        self.db = connection
        self.sidecarBase = sidecarBase ?? path
        adjacencyProvider = AdjacencyProvider(filePath: connection.dialect.kind == .sqlite ? CSRAdjacency.filePath(forDatabase: path) : nil)
    }

    deinit { stopChangeWatcher() }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock(); defer { lock.unlock() }
        return try body()
    }

    private func prepare(isNew: Bool, mode: SchemaMode) throws {
        // Reading the schema is the first real access: a non-SQLite file fails here.
        let tables: Set<String>
        do {
            tables = try db.tableNames()
        } catch let e as StoreError {
            if isNew { try? FileManager.default.removeItem(atPath: path) }
            throw e
        }
        if tables.isEmpty {
            do {
                try db.createStore(mode: mode)
            } catch {
                if isNew { try? FileManager.default.removeItem(atPath: path) }
                throw error
            }
        } else if !tables.contains("meta") {
            throw StoreError(code: .notADatabase, message: db.dialect.kind == .sqlite
                ? "\(path) is an SQLite database but not a GovBrain store (it has no meta table); choose another --db path"
                : "\(path) holds tables but no GovBrain store (it has no meta table); name another schema (options=-csearch_path%3DNAME) or database in --db")
        } else {
            let version = Int(try meta("format_version") ?? "0") ?? 0
            if version > GraphStore.formatVersion {
                throw StoreError(code: .newerFormat, message: "\(path) was written by a newer GovBrain (store format \(version); this binary reads up to \(GraphStore.formatVersion)). Upgrade govbrain.")
            }
            // Formats 4 and 5 only added the webhook tables and a webhook column, which a reader
            // never touches: a read-only open of a format-3 store reads it as it is (a writable open migrates it).
            let readableAsIs = readOnlyConnection && version >= GraphStore.oldestFormatReadableAsIs
            if version < GraphStore.formatVersion && !readableAsIs { try db.migrateStore(from: version) }
        }
        try db.configureSession(.store(readOnly: readOnlyConnection))
        try loadDictionaries()
    }

    /// Reads the label and type dictionaries; on a failed read the old ones stay and
    /// `dictionaryVersion` is cleared, so the next transaction reads them again.
    func loadDictionaries() throws {
        var labelIDs: [String: Int64] = [:], labelNames: [Int64: String] = [:]
        var typeIDs: [String: Int64] = [:], typeNames: [Int64: String] = [:]
        do {
            for row in try db.rows("SELECT id, name FROM labels") {
                if let id = row[0].int, let n = row[1].text { labelIDs[n] = id; labelNames[id] = n }
            }
            for row in try db.rows("SELECT id, name FROM rel_types") {
                if let id = row[0].int, let n = row[1].text { typeIDs[n] = id; typeNames[id] = n }
            }
        } catch {
            dictionaryVersion = nil
            throw error
        }
        self.labelIDs = labelIDs; self.labelNames = labelNames; self.typeIDs = typeIDs; self.typeNames = typeNames
    }

    func meta(_ key: String) throws -> String? {
        try db.scalar("SELECT value FROM meta WHERE key = ?", [.text(key)])?.text
    }

    func setMeta(_ key: String, _ value: String) throws {
        let s = try db.prepare("INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        try s.bind([.text(key), .text(value)])
        try s.run()
    }

    /// Records, inside the writing transaction, the id counters and a new graph version (which
    /// invalidates caches such as the CSR snapshot).
    func recordWrite(nextNodeID: Int64, nextRelationshipID: Int64) throws {
        try setMeta("next_node_id", String(nextNodeID))
        try setMeta("next_rel_id", String(nextRelationshipID))
        let version = (Int64(try meta("graph_version") ?? "0") ?? 0) + 1
        try setMeta("graph_version", String(version))
        try announce(version)
    }

    /// Whether writes to this store are validated by the ontology. Written once, when the store is
    /// created, so it is read once per connection (a round trip per query on PostgreSQL otherwise);
    /// a failed read is not remembered.
    public var schemaMode: SchemaMode {
        withLock {
            if let cachedSchemaMode { return cachedSchemaMode }
            let stored: String?
            do { stored = try meta("schema_mode") } catch {
                // A second try goes through a new connection when the server closed the old one.
                do { stored = try meta("schema_mode") } catch { return .ontology }
            }
            let mode = SchemaMode(rawValue: stored ?? "ontology") ?? .ontology
            cachedSchemaMode = mode
            return mode
        }
    }

    /// A counter that changes with every committed write; caches key on it. SQLite: read through a
    /// reader, so it never waits for a running query or write. PostgreSQL: kept in memory, current
    /// with every server's commits (`PostgresChangeWatcher`), read from the database only while
    /// the watcher cannot confirm it.
    public var graphVersion: Int64 {
        if db.dialect.kind == .postgres { return watchedGraphVersion() }
        return storedGraphVersion() ?? 0
    }

    /// The graph version read from the database through a reader (nil when it cannot be read).
    func storedGraphVersion() -> Int64? {
        try? withReader { reader in try reader.withLock { Int64(try reader.meta("graph_version") ?? "0") ?? 0 } }
    }

    // MARK: readers

    /// A reader: a store on its own connection to the same file, for one reading transaction at a
    /// time. Give it back with `returnReader`. Readers are reused; a new one is opened when none is idle.
    public func borrowReader() throws -> GraphStore {
        try reserveReader()
        readersLock.lock()
        if let reader = idleReaders.popLast() { readersLock.unlock(); return reader }
        readersLock.unlock()
        do {
            let reader = GraphStore(path: path, readOnly: readOnlyConnection, connection: try db.openReader(readOnly: readOnlyConnection),
                                    sidecarBase: sidecarBase)
            try reader.prepareReader()
            reader.adjacencyProvider = adjacencyProvider
            readersLock.withLock { readersOpened += 1 }
            return reader
        } catch {
            releaseReader()
            throw error
        }
    }

    /// Gives back a reader from `borrowReader`. A reader whose connection broke, or that still has
    /// a transaction open, is dropped rather than kept idle.
    public func returnReader(_ reader: GraphStore) {
        defer { releaseReader() }
        guard !reader.db.inTransaction, !reader.connectionBroken else { return }
        readersLock.lock(); defer { readersLock.unlock() }
        if idleReaders.count < Self.maxIdleReaders { idleReaders.append(reader) }
    }

    /// Runs `body` with a borrowed reader.
    public func withReader<T>(_ body: (GraphStore) throws -> T) throws -> T {
        let reader = try borrowReader()
        defer { returnReader(reader) }
        return try body(reader)
    }

    /// Sets up a reader connection: the reader session settings, no migration (the store did that).
    private func prepareReader() throws {
        try db.configureSession(.reader)
        try loadDictionaries()
    }

    /// Another connection to this store's database, for the store's other tables (API keys, the
    /// audit log, webhooks: `AccessStore`, `WebhookStore`), which its owner serialises itself.
    package func openSideConnection() throws -> any StoreConnection {
        try db.openPeer(readOnly: false)
    }

    /// Runs `body` inside one write transaction: committed if it returns, rolled back if it throws.
    public func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        try withLock {
            try db.begin(.graphWrite, wait: .standard)
            do {
                let result = try body()
                try db.commit()
                afterCommit()
                return result
            } catch {
                db.rollback()
                try? loadDictionaries()
                throw error
            }
        }
    }

    /// After every commit of the writing connection: the backend's log maintenance (SQLite: a
    /// background checkpoint when the log has grown, one in line when it has grown too far, see
    /// `WALCheckpointer`). Called with the store's lock held.
    func afterCommit() {
        db.afterCommit()
        announceCommitted()
    }

    /// Checkpoints the WAL into the main file (after large imports, and before backups).
    public func checkpoint() throws {
        try withLock { try db.checkpoint(truncate: true) }
    }

    /// Answers when the database file can be read (for readiness checks), through a reader so
    /// that it answers while a query or a write runs.
    public func ping() throws {
        _ = try withReader { reader in try reader.withLock { try reader.meta("format_version") } }
    }

    /// Runs the backend's integrity check (SQLite's); returns its findings ("ok" when healthy).
    public func integrityCheck() throws -> [String] {
        try withLock { try db.integrityFindings() }
    }
}
