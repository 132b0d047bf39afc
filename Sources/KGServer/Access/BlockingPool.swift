import NIOPosix

/// Where a route's blocking work (a query, a model, a store read) runs: expensive routes on a
/// pool of their own, one thread per query the concurrency gate lets run, and everything else
/// on NIO's shared pool. So slow queries can hold at most their own threads, and the cheap
/// routes (statistics, alerts, routing, `/readyz`) never wait for a thread behind them.
enum BlockingPool {
    /// The pool of the expensive handler running in this task, set by `RouteRegistrar`.
    @TaskLocal static var current: NIOThreadPool?

    /// Runs `body` on the current route's pool.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await (current ?? NIOThreadPool.singleton).runIfActive(body)
    }
}
