import Foundation
import KGCore

/// The thread of one Bolt connection's database work: jobs run one at a time, in order, on a
/// thread named and sized as a query thread (`DeepStack`), so queries run on it in place and an
/// explicit transaction begins, runs and ends on one thread (the store's write lock belongs to
/// the thread that took it). Started at the first job; ends after `stop()` once its jobs are done.
final class BoltWorker: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var started = false
    private var stopping = false

    /// Queues a job.
    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { return }
        jobs.append(job)
        if !started {
            started = true
            let thread = Thread { [self] in loop() }
            thread.stackSize = DeepStack.stackSize
            thread.name = DeepStack.threadName
            thread.start()
        }
        condition.signal()
    }

    /// Runs the jobs already queued, then `cleanup` (a transaction a queued BEGIN opened after
    /// the connection closed must still be rolled back), then ends the thread.
    func stop(then cleanup: @escaping @Sendable () -> Void) {
        condition.lock()
        if started { jobs.append(cleanup) }
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty { condition.unlock(); return }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}
