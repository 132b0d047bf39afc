import Foundation

/// Runs work that recurses as deep as its input on a thread with a large stack.
///
/// A query is parsed, analysed, planned and pulled from recursively (each operator pulls from
/// its input), and the bounds that keep that recursion finite (`Parser.maxNesting`,
/// `maxExpressionDepth`, `maxQueryElements`) must hold whatever thread the caller is on: Swift
/// concurrency and dispatch threads have far smaller stacks than a main thread, and a debug
/// build's frames are several times larger than a release build's. So every query runs here,
/// on a thread of its own with `stackSize` bytes of stack (address space: only the pages a
/// query touches are ever committed).
public enum DeepStack {
    /// The stack of a query thread.
    public static let stackSize = 256 << 20
    /// The name of query threads. A long-lived thread made with this name and `stackSize` (a
    /// Bolt session's transaction thread) runs queries in place: an explicit transaction then
    /// begins, runs and ends on one thread, as the store's lock requires.
    public static let threadName = "govbrain-query"

    /// Runs `body` on a new thread with a `stackSize` stack and waits for it.
    public static func run<T>(_ body: () throws -> T) throws -> T {
        // Already on a query thread (a procedure running a query of its own): no new thread.
        if Thread.current.name == threadName { return try body() }
        return try withoutActuallyEscaping(body) { escaping in
            let job = Job(escaping)
            let thread = Thread { job.execute() }
            thread.stackSize = stackSize
            thread.name = threadName
            thread.start()
            job.done.wait()
            return try job.result!.get()
        }
    }

    /// The work and its result, handed between the caller and the query thread (the caller
    /// waits on `done`, so they never touch it at the same time).
    /// The body is dropped before `done` is signalled: the thread may still hold the job for a
    /// moment, but never the caller's (non-escaping) closure once the caller goes on.
    private final class Job<T>: @unchecked Sendable {
        private var body: (() throws -> T)?
        var result: Result<T, Error>?
        let done = DispatchSemaphore(value: 0)
        init(_ body: @escaping () throws -> T) { self.body = body }
        func execute() {
            if let body { result = Result { try body() } }
            body = nil
            done.signal()
        }
    }
}
