import Foundation
import KGAccess
import Logging
import NIOPosix
import ServiceLifecycle

/// Appends audit entries to the store in batches: every `interval`, and once more when the
/// server shuts down, so a request costs no database write of its own. Entries that cannot be
/// written (disk full) stay queued (up to `maxQueued`) and are retried.
final class AuditWriter: Service, @unchecked Sendable {
    let store: AccessStore
    let interval: Duration
    let maxQueued: Int
    let logger: Logger
    private let lock = NSLock()
    private var queue: [AuditEntry] = []
    private var dropped = 0

    init(store: AccessStore, interval: Duration = .milliseconds(200), maxQueued: Int = 100_000, logger: Logger) {
        self.store = store; self.interval = interval; self.maxQueued = maxQueued; self.logger = logger
    }

    func append(_ entry: AuditEntry) {
        lock.lock(); defer { lock.unlock() }
        if queue.count >= maxQueued { queue.removeFirst(); dropped += 1 }
        queue.append(entry)
    }

    /// Writes what is queued; returns how many entries were written.
    @discardableResult
    func flush() -> Int {
        lock.lock()
        let batch = queue
        queue.removeAll(keepingCapacity: true)
        lock.unlock()
        guard !batch.isEmpty else { return 0 }
        do {
            try store.appendAudit(batch)
            return batch.count
        } catch {
            logger.error("audit append failed; will retry", metadata: ["entries": "\(batch.count)", "error": "\(error)"])
            lock.lock()
            queue.insert(contentsOf: batch.suffix(maxQueued - min(maxQueued, queue.count)), at: 0)
            lock.unlock()
            return 0
        }
    }

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: interval)
            _ = try? await BlockingPool.run { self.flush() }
        }
        flush()
    }
}
