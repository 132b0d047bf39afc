import Foundation
import KGCore
import PostgresNIO

/// Keeps a PostgreSQL store's graph version in memory, current with what every server commits
/// (issue 28, design §3), so that `GraphStore.graphVersion` costs no query.
///
/// Each graph-writing transaction bumps `meta.graph_version` and sends `pg_notify` on `channel`
/// with `schema:version`; PostgreSQL delivers it at commit, in commit order, to every listening
/// session. The watcher listens on a connection of its own (on a thread of its own) and also reads
/// the counter once a second on it: a notification lost while the listener was down or
/// reconnecting is caught by that poll, and the poll is the listener's heartbeat. A version is
/// `current` only while it was confirmed less than `freshness` ago; otherwise the store asks the
/// database itself. Versions only grow: a late poll never moves the version back.
///
/// Not logical decoding: that needs `wal_level=logical` and a replication slot per server, and a
/// dead server's slot pins WAL. NOTIFY does not reach standbys, so the listener connects like the
/// store (`target_session_attrs=read-write` for a primary).
final class PostgresChangeWatcher: @unchecked Sendable {
    /// The notification channel of every GovBrain store of a database (the payload names the schema).
    static let channel = "govbrain_graph"
    /// How often the counter is read on the listener's connection.
    static let pollInterval: TimeInterval = 1
    /// How long a confirmed version is trusted without a new confirmation.
    static let freshness: TimeInterval = 1.5

    private let url: PostgresURL
    private let condition = NSCondition()
    private var known: Int64
    private var confirmedAt: Date
    private var stopped = false
    /// Notifications received (for tests and the design doc's measurements).
    private(set) var notifications = 0

    /// Starts watching `url`'s store from `initial`, a version just read from the database.
    init(url: PostgresURL, initial: Int64) {
        self.url = url
        known = initial
        confirmedAt = Date()
        Thread.detachNewThread { [self] in run() }
    }

    /// Ends the watcher's thread (within one poll interval) and closes its connection.
    func stop() {
        condition.lock(); stopped = true; condition.broadcast(); condition.unlock()
    }

    /// The version, when it was confirmed by a notification or a poll within `freshness`.
    var current: Int64? {
        condition.lock(); defer { condition.unlock() }
        return Date().timeIntervalSince(confirmedAt) <= Self.freshness ? known : nil
    }

    /// The last version known, however old.
    var lastKnown: Int64 {
        condition.lock(); defer { condition.unlock() }
        return known
    }

    /// Records a version seen committed (by this server's writer, a notification or a read).
    func observe(_ version: Int64, confirmed: Bool) {
        condition.lock(); defer { condition.unlock() }
        known = max(known, version)
        if confirmed { confirmedAt = Date() }
    }

    private var isStopped: Bool {
        condition.lock(); defer { condition.unlock() }
        return stopped
    }

    /// Waits `seconds`, or less when stopped meanwhile.
    private func pause(_ seconds: TimeInterval) {
        condition.lock(); defer { condition.unlock() }
        if !stopped { _ = condition.wait(until: Date().addingTimeInterval(seconds)) }
    }

    /// A notification's payload, `schema:version`; other schemas' notifications are ignored.
    private func received(_ payload: String) {
        guard let colon = payload.lastIndex(of: ":"), payload[..<colon] == url.schema,
              let version = Int64(payload[payload.index(after: colon)...]) else { return }
        condition.lock(); notifications += 1; condition.unlock()
        observe(version, confirmed: true)
    }

    /// Listens and polls until stopped; after a failure it connects again a second later.
    private func run() {
        while !isStopped {
            do {
                try listen()
            } catch {
                pause(Self.pollInterval)
            }
        }
    }

    /// One listening session: returns when stopped, throws when the connection fails. The session
    /// ends too when the connection was replaced (a reconnect loses the LISTEN).
    private func listen() throws {
        let connection = try PostgresStoreConnection.connect(url)
        let session = connection.connection
        let context = session.addListener(channel: Self.channel) { [weak self] _, note in self?.received(note.payload) }
        defer { context.stop(); connection.close() }
        try connection.execute("LISTEN \(Self.channel)")
        while !isStopped {
            let value = try connection.scalar("SELECT value FROM meta WHERE key = 'graph_version'")?.text
            guard connection.connection === session else { return }
            observe(Int64(value ?? "0") ?? 0, confirmed: true)
            pause(Self.pollInterval)
        }
    }
}
