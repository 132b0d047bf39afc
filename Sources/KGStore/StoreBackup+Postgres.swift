import Foundation
import KGCore

/// Backup and restore of a PostgreSQL store, through the same kind of file as an SQLite store's
/// backup: `backup --db postgresql://… --out f.sqlite` writes a checked SQLite store holding the
/// same rows (ids, counters, keys, audit log), which `restore` puts back into a PostgreSQL schema or
/// an SQLite file. Copies go through `StoreCopier`.
extension StoreBackup {
    /// Copies the PostgreSQL store `url` names into a new SQLite file `destination`, as of one
    /// snapshot (writes committed during the copy are not in it). The file is written aside,
    /// checked (`PRAGMA integrity_check`) and renamed into place; it never overwrites.
    /// - Throws: `StoreError`: `PathNotWritable` (the file exists or cannot be written), the
    ///   connection's errors, `DatabaseMissing` (no store in the schema).
    static func backup(postgres url: PostgresURL, to destination: String) throws -> Report {
        let started = Date()
        let fm = FileManager.default
        try checkBackupFile(destination)
        let source = try GraphStore.open(postgres: url, options: .init(readOnly: true))
        let temporary = destination + ".partial-\(getpid())"
        defer { for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: temporary + suffix) } }
        let rows = try copy(source, intoNewFile: temporary)
        do { try fm.moveItem(atPath: temporary, toPath: destination) } catch {
            throw StoreError(code: .pathNotWritable, message: "cannot write \(destination): \(error.localizedDescription)")
        }
        let bytes = ((try? fm.attributesOfItem(atPath: destination))?[.size] as? NSNumber)?.int64Value ?? 0
        return Report(pages: 0, bytes: bytes, seconds: Date().timeIntervalSince(started), rows: rows)
    }

    /// Refuses an `--out` that is a URL or an existing file.
    static func checkBackupFile(_ destination: String) throws {
        guard case .sqliteFile = try StoreLocation.parse(destination) else {
            throw StoreError(code: .invalidDatabaseURL, message: "--out takes a new backup file; to copy a backup into PostgreSQL use govbrain restore --from FILE --db URL")
        }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw StoreError(code: .pathNotWritable, message: "\(destination) already exists; choose a new --out path (a backup never overwrites)")
        }
    }

    /// Copies `source` into a new SQLite store at `path` in one transaction (secondary indexes
    /// built after the rows), checks it and closes it; returns the rows copied.
    private static func copy(_ source: GraphStore, intoNewFile path: String) throws -> Int {
        try createPrivateFile(path)
        let target = try SQLiteConnection(path: path, readOnly: false, create: true)
        try target.createStore(mode: .ontology)
        try target.begin(.graphWrite, wait: .standard)
        let rows: Int
        do {
            try target.execute("DELETE FROM meta")
            // SQLite stores get this table on first use; a copy fills it.
            try target.execute("CREATE TABLE IF NOT EXISTS property_indexes(label TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY(label, key)) WITHOUT ROWID")
            for index in StoreMigrations.bulkIndexes { try target.execute("DROP INDEX IF EXISTS \(index.name)") }
            rows = try source.withLock { try StoreCopier.copy(from: source.db, into: SQLiteRowWriter(db: target)) }.rows
            for index in StoreMigrations.bulkIndexes { try target.execute(index.sql) }
            try StoreCopier.createPropertyIndexes(on: target)
            try target.commit()
        } catch {
            target.rollback()
            throw error
        }
        try target.checkpoint(truncate: true)
        let findings = try target.integrityFindings()
        guard findings == ["ok"] else {
            throw StoreError(code: .sqlite, message: "the backup copy failed its integrity check (\(findings.prefix(3).joined(separator: "; "))); nothing was written")
        }
        return rows
    }

    /// Loads the SQLite store `file` (a backup, a demo build) into the PostgreSQL schema `url`
    /// names, replacing the store there when `replacing`, in one transaction
    /// (`PostgresStoreConnection.replaceStore`): a failed or killed load leaves the schema as it
    /// was. A file of an older store format is migrated on a temporary copy first; `file` is only read.
    /// - Throws: `StoreError`: `AlreadyExists` (a store is there and not `replacing`), the
    ///   connection's errors, `NotADatabase`, `NewerStoreFormat`.
    public static func load(file: String, into url: PostgresURL, replacing: Bool, started: Date = Date()) throws -> Report {
        let fm = FileManager.default
        var source = file
        let scratch = fm.temporaryDirectory.appendingPathComponent("govbrain-load-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: scratch + suffix) } }
        let format = try SQLiteConnection(path: file, readOnly: true, create: false)
            .scalar("SELECT value FROM meta WHERE key = 'format_version'")?.text.flatMap { Int($0) } ?? 0
        if format < GraphStore.formatVersion {
            try fm.copyItem(atPath: file, toPath: scratch)
            _ = try GraphStore.open(at: scratch)
            source = scratch
        }
        let reader = try SQLiteConnection(path: source, readOnly: true, create: false)
        let target = try PostgresStoreConnection.connect(primary(url))
        let counts = try target.replaceStore(replacing: replacing) { writer in try StoreCopier.copy(from: reader, into: writer) }
        let bytes = (try? target.storeBytes()) ?? 0
        return Report(pages: 0, bytes: bytes, seconds: Date().timeIntervalSince(started), rows: counts.rows)
    }

    /// The URL a load writes through: a server URL may say `target_session_attrs=prefer-standby`
    /// (its readers go to a standby); a load needs the primary, as the store's writer does.
    private static func primary(_ url: PostgresURL) -> PostgresURL {
        var url = url
        if url.targetSessionAttributes == .preferStandby { url.targetSessionAttributes = .readWrite }
        return url
    }

    /// Checks, before a long build, that `load(file:into:replacing:)` may write to `url`: the server
    /// answers, and the schema holds no store unless `replacing`.
    /// - Throws: `StoreError` (the connection's errors, `AlreadyExists`, `NotADatabase`, `NewerStoreFormat`).
    public static func checkLoadTarget(_ url: PostgresURL, replacing: Bool) throws {
        let previous = try PostgresStoreConnection.connect(primary(url)).previousStore()
        if case .store = previous, !replacing {
            throw StoreError(code: .alreadyExists, message: "schema '\(url.schema)' of \(url) already holds a GovBrain store; pass --force to replace it")
        }
    }
}
