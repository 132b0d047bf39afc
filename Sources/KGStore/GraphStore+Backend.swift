import Foundation
import KGCore

/// What differs between the backends once a store is open: PostgreSQL's change watcher (the
/// graph version across servers) and its capped reader pool (design §3).
extension GraphStore {
    /// At most this many readers of a PostgreSQL store are out at once (each is a server
    /// connection); further borrowers wait up to `readerWaitSeconds`. SQLite readers are not capped.
    static let maxReaders = 16
    static let readerWaitSeconds: TimeInterval = 10

    /// The size of a PostgreSQL store's tables with their indexes (`pg_total_relation_size`), read
    /// through a reader; nil for an SQLite store (its files are measured directly) or when unreadable.
    public func serverStoreBytes() -> Int64? {
        guard db.dialect.kind == .postgres else { return nil }
        return try? withReader { reader in try reader.withLock { try reader.db.storeBytes() } }
    }

    /// Whether this store's connection was closed by its server (it reconnects before its next
    /// statement; a reader in that state is dropped from the pool instead).
    var connectionBroken: Bool { (db as? PostgresStoreConnection)?.isBroken ?? false }

    /// Counts a reader out, waiting while `maxReaders` are out (PostgreSQL only).
    /// - Throws: `StoreError` `.busy` after `readerWaitSeconds`.
    func reserveReader() throws {
        guard db.dialect.kind == .postgres else { return }
        readersAvailable.lock(); defer { readersAvailable.unlock() }
        let deadline = Date().addingTimeInterval(Self.readerWaitSeconds)
        while readersOut >= Self.maxReaders {
            guard readersAvailable.wait(until: deadline) else {
                throw StoreError(code: .busy, message: "all \(Self.maxReaders) reader connections to \(path) stayed in use for \(Int(Self.readerWaitSeconds)) s; try again.")
            }
        }
        readersOut += 1
    }

    /// Counts a reader back in (PostgreSQL only).
    func releaseReader() {
        guard db.dialect.kind == .postgres else { return }
        readersAvailable.lock(); readersOut -= 1; readersAvailable.signal(); readersAvailable.unlock()
    }

    /// The graph version of a PostgreSQL store from its watcher, which is started on first use.
    /// While the watcher cannot confirm the version (its connection is down), it is read from the
    /// database; while that fails too, the last known version is kept (caches stay as they are).
    func watchedGraphVersion() -> Int64 {
        changeWatcherLock.lock()
        let watcher = changeWatcher
        changeWatcherLock.unlock()
        if let watcher {
            if let version = watcher.current { return version }
            guard let stored = storedGraphVersion() else { return watcher.lastKnown }
            watcher.observe(stored, confirmed: false)
            return watcher.lastKnown
        }
        let initial = storedGraphVersion() ?? 0
        guard var url = (db as? PostgresStoreConnection)?.url else { return initial }
        // The listener needs the primary: a standby cannot LISTEN, nor does NOTIFY reach it.
        if url.targetSessionAttributes == .preferStandby { url.targetSessionAttributes = .readWrite }
        changeWatcherLock.lock(); defer { changeWatcherLock.unlock() }
        if let existing = changeWatcher { existing.observe(initial, confirmed: false); return existing.lastKnown }
        changeWatcher = PostgresChangeWatcher(url: url, initial: initial)
        return initial
    }

    /// Inside a graph write on PostgreSQL: tells every server's watcher about `version` when the
    /// transaction commits (`pg_notify` is delivered at commit, and not at all on rollback).
    func announce(_ version: Int64) throws {
        recordedVersion = version
        guard let pg = db as? PostgresStoreConnection else { return }
        _ = try db.scalar("SELECT pg_notify(?, ?)", [.text(PostgresChangeWatcher.channel), .text("\(pg.schema):\(version)")])
    }

    /// After a commit: this server's watcher learns the version at once (no wait for its own notification).
    func announceCommitted() {
        guard let version = recordedVersion else { return }
        recordedVersion = nil
        changeWatcherLock.lock()
        let watcher = changeWatcher
        changeWatcherLock.unlock()
        watcher?.observe(version, confirmed: false)
    }

    /// Stops the watcher (when the store is released).
    func stopChangeWatcher() {
        changeWatcherLock.lock(); defer { changeWatcherLock.unlock() }
        changeWatcher?.stop()
        changeWatcher = nil
    }
}
