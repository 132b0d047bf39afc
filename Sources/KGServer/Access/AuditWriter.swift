import Foundation
import KGAccess
import KGCore
import Logging
import NIOPosix
import ServiceLifecycle

/// Appends audit entries to the store in batches: every `interval`, and once more when the
/// server shuts down, so a request costs no database write of its own.
///
/// Nothing is lost on the way: entries that cannot be written (a full disk, a lock held by
/// another server, a database that is down) stay queued and are retried; past `maxQueued` the
/// oldest go to the spill file (`AuditSpill`) instead of memory; at shutdown the last flush is
/// retried for up to `shutdownRetry` and what is still unwritten is spilled. Spilled entries are
/// appended by the next flush that succeeds, here or in any server that shares the spill folder.
/// Only when the spill file cannot be written either are entries dropped, and that is logged
/// with their count.
final class AuditWriter: Service, @unchecked Sendable {
    let store: AccessStore
    let interval: Duration
    let maxQueued: Int
    let shutdownRetry: Duration
    let logger: Logger
    let spill: AuditSpill?
    private let lock = NSLock()
    private var queue: [AuditEntry] = []
    /// Entries dropped since the last report (the spill file could not take them).
    private var dropped = 0
    /// When abandoned claims were last looked for (at the first flush, then every minute).
    private var staleScan: ContinuousClock.Instant?

    /// - Parameters:
    ///   - store: the access store the entries go to (a connection of its own, so that an append
    ///     waiting for another server's lock never holds up the key checks of requests).
    ///   - spillPath: the spill file; nil keeps everything in memory (tests).
    init(store: AccessStore, interval: Duration = .milliseconds(200), maxQueued: Int = 100_000,
         shutdownRetry: Duration = .seconds(30), spillPath: String? = nil, logger: Logger) {
        self.store = store; self.interval = interval; self.maxQueued = maxQueued; self.shutdownRetry = shutdownRetry
        self.spill = spillPath.map { AuditSpill(path: $0) }; self.logger = logger
    }

    /// Queues an entry (the request path: no I/O).
    func append(_ entry: AuditEntry) {
        lock.lock(); defer { lock.unlock() }
        queue.append(entry)
    }

    /// Entries waiting in memory.
    var queuedCount: Int { lock.withLock { queue.count } }

    /// Writes what is queued, and what an earlier flush spilled; returns how many entries were
    /// written. On failure the batch goes back to the front of the queue, the part over
    /// `maxQueued` to the spill file.
    @discardableResult
    func flush() -> Int { flushReporting().written }

    /// `flush`, also saying whether a failure may pass by itself (a lock or the database busy or
    /// unreachable for a while) or will not (the table or the store gone).
    private func flushReporting() -> (written: Int, transientFailure: Bool?) {
        lock.lock()
        let batch = queue
        queue.removeAll(keepingCapacity: true)
        lock.unlock()
        var written = 0
        if !batch.isEmpty {
            do {
                try store.appendAudit(batch)
                written = batch.count
            } catch {
                logger.error("audit append failed; will retry", metadata: ["entries": "\(batch.count)", "error": "\(error)"])
                requeue(batch)
                let code = (error as? any GovBrainError)?.code
                return (0, code == .busy || code == .databaseUnreachable || code == .commitOutcomeUnknown)
            }
        }
        written += replaySpilled()
        reportDropped()
        return (written, nil)
    }

    /// Flushes until the queue is empty, until `limit` has passed: at once when a flush succeeded
    /// but entries arrived while it wrote (requests still finishing), and after a failure that
    /// may pass (see `flushReporting`) waiting a little longer each time. What is left then,
    /// or after a failure that will not pass, goes to the spill file. Returns the entries left
    /// unwritten and unspilled (lost; logged). Waits with `Task.sleep`, holding no thread of the
    /// blocking pool.
    @discardableResult
    func drain(within limit: Duration) async -> Int {
        let clock = ContinuousClock(), deadline = clock.now + limit
        var pause = Duration.milliseconds(100)
        retrying: while true {
            let outcome = await (try? BlockingPool.run { self.flushReporting() }) ?? (0, false)
            if queuedCount == 0 { return 0 }
            switch outcome.transientFailure {
            case nil:
                // The store took the batch; what is queued came in meanwhile and has the same chance.
                guard clock.now < deadline else { break retrying }
            case true?:
                guard clock.now + pause < deadline else { break retrying }
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(2))
            case false?:
                break retrying
            }
        }
        let rest = lock.withLock { () -> [AuditEntry] in defer { queue.removeAll() }; return queue }
        let lost = spillOrDrop(rest)
        if lost == 0 {
            logger.warning("audit entries spilled at shutdown; the next server start appends them",
                           metadata: ["entries": "\(rest.count)", "file": "\(spill?.path ?? "")"])
        }
        reportDropped()
        return lost
    }

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: interval)
            _ = try? await BlockingPool.run { self.flush() }
        }
        await drain(within: shutdownRetry)
    }

    // MARK: Failure paths

    /// Puts a failed batch back before what arrived meanwhile; the oldest entries beyond
    /// `maxQueued` go to the spill file.
    private func requeue(_ batch: [AuditEntry]) {
        lock.lock()
        queue.insert(contentsOf: batch, at: 0)
        var overflow: [AuditEntry] = []
        if queue.count > maxQueued {
            let n = queue.count - maxQueued
            overflow = Array(queue.prefix(n))
            queue.removeFirst(n)
        }
        lock.unlock()
        if !overflow.isEmpty { _ = spillOrDrop(overflow) }
    }

    /// Writes entries to the spill file; returns how many were dropped because it could not.
    private func spillOrDrop(_ entries: [AuditEntry]) -> Int {
        guard !entries.isEmpty else { return 0 }
        if let spill {
            do { try spill.write(entries); return 0 } catch {
                logger.error("audit spill file not writable", metadata: ["file": "\(spill.path)", "error": "\(error)"])
            }
        }
        lock.withLock { dropped += entries.count }
        return entries.count
    }

    /// Appends what a spill file holds, when there is one (claimed first, so two servers never
    /// append the same file). A file that fails to append is put back for a later flush.
    private func replaySpilled() -> Int {
        guard let spill else { return 0 }
        let now = ContinuousClock.now
        let takeStale = lock.withLock { () -> Bool in
            guard staleScan.map({ now - $0 > .seconds(60) }) ?? true else { return false }
            staleScan = now
            return true
        }
        guard let claimed = spill.claim(takeStale: takeStale) else { return 0 }
        do {
            let entries = try claimed.read()
            if !entries.isEmpty { try store.appendAudit(entries) }
            claimed.remove()
            logger.info("spilled audit entries appended", metadata: ["entries": "\(entries.count)"])
            return entries.count
        } catch {
            claimed.release()
            logger.error("spilled audit entries not appended yet; will retry", metadata: ["error": "\(error)"])
            return 0
        }
    }

    private func reportDropped() {
        let n = lock.withLock { () -> Int in defer { dropped = 0 }; return dropped }
        if n > 0 { logger.critical("audit entries dropped: neither the store nor the spill file took them", metadata: ["entries": "\(n)"]) }
    }
}
