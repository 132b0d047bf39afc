import CSQLite
import Foundation
import KGCore

extension SQLiteConnection {
    /// Copies this whole database into `target` with SQLite's online backup API, in one read
    /// transaction (in WAL mode a consistent snapshot while writers go on), retrying while the
    /// source is busy; returns the pages copied.
    /// - Throws: `StoreError` when the copy cannot start or stops.
    func backup(into target: SQLiteConnection) throws -> Int {
        guard let backup = sqlite3_backup_init(target.handle, "main", handle, "main") else {
            throw StoreError(code: .sqlite, message: "cannot start the backup of \(path): \(target.lastMessage)")
        }
        var rc: Int32
        var attempts = 0
        repeat {
            rc = sqlite3_backup_step(backup, -1)
            attempts += 1
            if rc == SQLITE_BUSY || rc == SQLITE_LOCKED { usleep(50_000) }
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && attempts < 200
        let pages = Int(sqlite3_backup_pagecount(backup))
        sqlite3_backup_finish(backup)
        guard rc == SQLITE_DONE else { throw target.error(rc, "the backup of \(path) stopped: \(target.lastMessage)") }
        return pages
    }
}
