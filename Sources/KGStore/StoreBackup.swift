import Foundation
import KGCore

/// Online backup and restore of a GovBrain database.
///
/// For an SQLite store, `backup` copies the live database with SQLite's online backup API in one read transaction:
/// in WAL mode that is a consistent snapshot while a running server keeps reading and writing
/// (its writes after the snapshot are not in the copy). The copy is written to a temporary
/// file, checked and renamed into place, so a failed backup leaves no half-written file. `restore` checks a
/// backup (a GovBrain store that passes the integrity check) and moves it into place atomically;
/// stop the server that uses the database first. A PostgreSQL store is backed up into, and
/// restored from, the same kind of SQLite file (`StoreBackup+Postgres.swift`).
public enum StoreBackup {
    /// What a backup or restore did.
    public struct Report: Sendable {
        /// Pages copied by SQLite's backup API (0 for a copy row by row).
        public let pages: Int
        public let bytes: Int64
        public let seconds: Double
        /// Rows copied by a copy row by row (0 for SQLite's page copy and a file restore).
        public var rows = 0
    }

    /// Copies the database at `source` into a new file `destination`.
    public static func backup(from source: String, to destination: String) throws -> Report {
        if case .postgres(let url) = try StoreLocation.parse(source) { return try backup(postgres: url, to: destination) }
        let started = Date()
        let fm = FileManager.default
        guard fm.fileExists(atPath: source) else {
            throw StoreError(code: .databaseMissing, message: "no database at \(source); give --db the database to back up")
        }
        try checkBackupFile(destination)
        _ = try GraphStore.open(at: source, options: .init(readOnly: true))
        let temporary = destination + ".partial-\(getpid())"
        defer { try? fm.removeItem(atPath: temporary) }
        let pages = try copy(from: source, to: temporary)
        do { try fm.moveItem(atPath: temporary, toPath: destination) } catch {
            throw StoreError(code: .pathNotWritable, message: "cannot write \(destination): \(error.localizedDescription)")
        }
        let bytes = ((try? fm.attributesOfItem(atPath: destination))?[.size] as? NSNumber)?.int64Value ?? 0
        return Report(pages: pages, bytes: bytes, seconds: Date().timeIntervalSince(started))
    }

    /// Creates the empty file a backup is written into, readable and writable by its owner only
    /// (0600, whatever the umask): a backup holds the API keys' hashes, the webhooks' signing
    /// secrets and the audit log. SQLite opens an empty file as a new database and gives its
    /// `-wal`/`-shm` files the same mode. A leftover of a killed run with the same name is replaced.
    /// - Throws: `StoreError` `PathNotWritable` naming the file and the system's reason.
    static func createPrivateFile(_ path: String) throws {
        unlink(path)
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard fd >= 0 else {
            throw StoreError(code: .pathNotWritable, message: "cannot create \(path): \(String(cString: strerror(errno))); choose an --out in a writable folder")
        }
        close(fd)
    }

    /// Copies page by page, checks the copy; both connections are closed on return.
    private static func copy(from source: String, to temporary: String) throws -> Int {
        try createPrivateFile(temporary)
        let from = try SQLiteConnection(path: source, readOnly: true, create: false)
        let to = try SQLiteConnection(path: temporary, readOnly: false, create: true)
        let pages = try from.backup(into: to)
        let findings = try to.integrityFindings()
        guard findings == ["ok"] else {
            throw StoreError(code: .sqlite, message: "the backup copy failed its integrity check (\(findings.prefix(3).joined(separator: "; "))); nothing was written")
        }
        return pages
    }

    /// Replaces the database at `destination` with the backup at `backupPath` (checked first).
    public static func restore(from backupPath: String, to destination: String) throws -> Report {
        let started = Date()
        let fm = FileManager.default
        try checkBackup(backupPath)
        if case .postgres(let url) = try StoreLocation.parse(destination) {
            return try load(file: backupPath, into: url, replacing: true, started: started)
        }
        let temporary = destination + ".restoring-\(getpid())"
        defer { try? fm.removeItem(atPath: temporary) }
        do {
            try fm.copyItem(atPath: backupPath, toPath: temporary)
            // The adjacency file held the replaced store's graph: the restored one builds its own.
            for suffix in ["-wal", "-shm", ".csr"] { try? fm.removeItem(atPath: destination + suffix) }
            if rename(temporary, destination) != 0 {
                throw StoreError(code: .pathNotWritable, message: "cannot move the restored database into \(destination): \(String(cString: strerror(errno)))")
            }
        } catch let e as StoreError { throw e } catch {
            throw StoreError(code: .pathNotWritable, message: "cannot restore into \(destination): \(error.localizedDescription)")
        }
        let bytes = ((try? fm.attributesOfItem(atPath: destination))?[.size] as? NSNumber)?.int64Value ?? 0
        return Report(pages: 0, bytes: bytes, seconds: Date().timeIntervalSince(started))
    }

    /// Checks that `backupPath` holds a GovBrain store that passes SQLite's integrity check.
    static func checkBackup(_ backupPath: String) throws {
        guard case .sqliteFile = try StoreLocation.parse(backupPath) else {
            throw StoreError(code: .invalidDatabaseURL, message: "--from takes a backup file (made by govbrain backup), not a database URL")
        }
        guard FileManager.default.fileExists(atPath: backupPath) else {
            throw StoreError(code: .fileNotFound, message: "no backup at \(backupPath)")
        }
        let candidate = try GraphStore.open(at: backupPath, options: .init(readOnly: true))
        let findings = try candidate.integrityCheck()
        guard findings == ["ok"] else {
            throw StoreError(code: .sqlite, message: "\(backupPath) fails the integrity check (\(findings.prefix(3).joined(separator: "; "))); the database was not touched")
        }
    }
}
