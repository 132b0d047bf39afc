import CSQLite
import Dispatch
import Foundation

/// Moves the write-ahead log into the database file off the writer's path.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold, so one write in
/// a few dozen pays for copying a thousand pages (15–40 ms on this machine: the p99 of accepting a
/// work order). The store installs this checkpointer's hook on its writing connection instead (which
/// turns the automatic one off) and calls `committed()` after each commit: past `backgroundPages` of
/// log a passive checkpoint runs on the checkpointer's own connection in the background (writers and
/// readers go on meanwhile); past `blockingPages` — when the background cannot keep up, or the
/// process lives too briefly to finish one — the writer checkpoints itself, as SQLite would have.
/// Durability is unchanged: the log is the database until it is copied.
final class WALCheckpointer: @unchecked Sendable {
    /// Log pages that start a background checkpoint (SQLite's default threshold).
    static let backgroundPages = 1_000
    /// Log pages at which the writer checkpoints in line (64 MiB of 4 KiB pages).
    static let blockingPages = 16_000

    private let path: String
    private let queue = DispatchQueue(label: "govbrain.wal-checkpoint", qos: .utility)
    private let lock = NSLock()
    private var running = false
    private var connection: SQLiteConnection?
    /// Pages in the log after the last commit (set by SQLite's WAL hook on the writing connection).
    private var pages = 0
    /// Pages the last background pass copied (0: none since the log last restarted).
    private var backfilled = 0
    /// Pages left after a background pass that the writer copies in line, so that the log is wholly
    /// copied and restarts from its beginning at the next write (a background pass alone always lags
    /// behind a busy writer, and the log would only grow).
    static let finishingPages = 64

    init(path: String) { self.path = path }

    /// Pages in the log after the last commit, and whether a background pass is running (for tests
    /// that watch the log restart).
    var state: (pages: Int, running: Bool) { lock.withLock { (pages, running) } }

    /// Installs the commit hook on the writing connection (replacing SQLite's automatic checkpoint).
    /// The store keeps this checkpointer alive as long as the connection.
    func install(on connection: SQLiteConnection) {
        sqlite3_wal_hook(connection.handle, { context, _, _, pages in
            guard let context else { return SQLITE_OK }
            let me = Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue()
            me.lock.withLock { me.pages = Int(pages) }
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// After a commit: whether the writer must checkpoint now (the log passed `blockingPages`);
    /// otherwise starts a background checkpoint when it passed `backgroundPages`.
    func committed() -> Bool {
        let (pages, backfilled, running) = lock.withLock { (self.pages, self.backfilled, self.running) }
        if pages >= Self.blockingPages { return true }
        guard pages >= Self.backgroundPages else { return false }
        if !running, backfilled > 0, pages - backfilled <= Self.finishingPages {
            lock.withLock { self.backfilled = 0 }
            return true
        }
        let start = lock.withLock { () -> Bool in
            if self.running { return false }
            self.running = true
            return true
        }
        guard start else { return false }
        queue.async { [self] in
            var copied = 0
            do {
                if connection == nil { connection = try SQLiteConnection(path: path, readOnly: false, create: false) }
                if let row = try connection?.rows("PRAGMA wal_checkpoint(PASSIVE)").first, row.count == 3, let n = row[2].int { copied = Int(n) }
            } catch {
                // A busy or failed pass leaves the log as it is; the next commit past the threshold tries again.
            }
            lock.withLock { self.backfilled = copied; self.running = false }
        }
        return false
    }
}
