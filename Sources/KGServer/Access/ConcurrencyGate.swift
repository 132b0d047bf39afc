import KGCore

/// Bounds how many expensive requests (queries, algorithms, recommendations…) run at once:
/// up to `limit` run, up to `queueLimit` wait their turn in order, and beyond that a request is
/// refused at once with 503 and `Retry-After` (better than every request slowing to a crawl).
actor ConcurrencyGate {
    let limit: Int
    let queueLimit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int, queueLimit: Int) {
        self.limit = max(1, limit)
        self.queueLimit = max(0, queueLimit)
    }

    func acquire() async throws {
        if running < limit { running += 1; return }
        guard waiting.count < queueLimit else {
            throw RequestRefusal(code: .overloaded,
                                 message: "the server is running \(limit) expensive requests with \(waiting.count) waiting; retry shortly",
                                 retryAfterSeconds: 1)
        }
        // The releasing request hands its slot over, so `running` stays the same.
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
    }

    /// Runs `body` inside the limit.
    nonisolated func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    /// Requests running and waiting now (for metrics).
    var load: (running: Int, waiting: Int) { (running, waiting.count) }
}
