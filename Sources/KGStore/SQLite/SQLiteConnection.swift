import CSQLite
import KGCore

/// One SQLite connection: the SQLite `StoreConnection` (see `SQLiteConnection+Store.swift`).
/// Only KGStore talks SQL; this type is internal to it.
///
/// Not thread-safe by itself: `GraphStore` serialises access to it.
package final class SQLiteConnection {
    /// How long a statement waits for another connection's lock before failing with SQLITE_BUSY.
    package static let busyTimeoutMilliseconds: Int32 = 5000
    package let handle: OpaquePointer
    package let path: String
    /// Checkpoints the log in the background when this is a store's writing connection
    /// (`configureSession(.store(readOnly: false))`).
    var checkpointer: WALCheckpointer?
    /// Whether a `withLockWait(.none)` is running (its busy timeout is 0 until it ends).
    var lockWaitSuspended = false

    /// Opens (and with `create`, creates) the database file.
    /// - Throws: `StoreError` when the file cannot be opened.
    package init(path: String, readOnly: Bool, create: Bool) throws {
        try Self.checkLibraryVersion(Int(sqlite3_libversion_number()), shown: String(cString: sqlite3_libversion()))
        var db: OpaquePointer?
        var flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
        flags |= SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let msg = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw StoreError(code: .pathNotWritable, message: "cannot open database \(path): \(msg). Check that the folder exists and is writable.")
        }
        self.handle = db
        self.path = path
        sqlite3_busy_timeout(db, Self.busyTimeoutMilliseconds)
        sqlite3_extended_result_codes(db, 1)
    }

    deinit { sqlite3_close_v2(handle) }

    /// The oldest SQLite library the store's SQL runs on: 3.35 brought `RETURNING`, which the
    /// writers use (Debian 12 ships 3.40).
    package static let minimumLibraryVersion = 3_035_000

    /// Refuses an SQLite library older than `minimumLibraryVersion` at open, rather than failing
    /// later with a syntax error on the first write. A function of its own so that a test can give
    /// it an old version number.
    /// - Parameters:
    ///   - number: `sqlite3_libversion_number()` (e.g. 3_031_001 for 3.31.1).
    ///   - shown: `sqlite3_libversion()`, for the message.
    /// - Throws: `StoreError` `UnsupportedDatabaseServer` naming the version found and what to do.
    package static func checkLibraryVersion(_ number: Int, shown: String) throws {
        guard number < minimumLibraryVersion else { return }
        throw StoreError(code: .unsupportedDatabaseServer,
                         message: "the SQLite library this program is linked with is version \(shown); GovBrain needs SQLite 3.35 or newer. Install a newer libsqlite3 (Debian 12 has 3.40: apt-get install libsqlite3-0) and rebuild.")
    }

    /// Runs SQL with no results (may hold several statements).
    package func execute(_ sql: String) throws {
        var err: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &err)
        if rc != SQLITE_OK {
            let msg = err.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(err)
            throw error(rc, msg)
        }
    }

    package var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }

    /// Maps an SQLite result code to a StoreError that says what to do.
    package func error(_ rc: Int32, _ message: String) -> StoreError {
        switch rc & 0xFF {
        case SQLITE_NOTADB:
            return StoreError(code: .notADatabase, message: "\(path) is not a GovBrain database (SQLite: \(message)). Point --db at a database made by govbrain, or at a new path.")
        case SQLITE_BUSY, SQLITE_LOCKED:
            return StoreError(code: .busy, message: "database \(path) is busy (another writer holds it); try again.")
        case SQLITE_READONLY:
            return StoreError(code: .pathNotWritable, message: "database \(path) is read-only (\(message)). Check the file and folder permissions.")
        case SQLITE_FULL:
            return StoreError(code: .sqlite, message: "the disk holding \(path) is full; nothing was written. Free space and retry.")
        case SQLITE_CANTOPEN:
            return StoreError(code: .pathNotWritable, message: "cannot open \(path) (\(message)). Check that the folder exists and is writable.")
        case SQLITE_CORRUPT:
            return StoreError(code: .notADatabase, message: "database \(path) is corrupt (\(message)). Restore it from a backup.")
        default:
            return StoreError(code: .sqlite, message: "SQLite error \(rc) on \(path): \(message)")
        }
    }
}
