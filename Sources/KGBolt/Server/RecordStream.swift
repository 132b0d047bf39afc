import Foundation

/// The hand-off between a query producing rows on the worker thread and the connection sending
/// them: the connection grants demand (PULL n, DISCARD n), the worker waits when it has none,
/// and also while too many bytes are on their way to the socket, so a result of any size goes
/// through with bounded memory.
final class RecordStream: @unchecked Sendable {
    /// What the worker does with its next row.
    enum Disposition { case send, discard }

    /// Thrown into the query to stop it (RESET, a closed connection, a transaction timeout).
    struct Cancelled: Error {}

    /// Most bytes of records posted to the connection and not yet written to the socket.
    static let maxBytesInFlight = 1 << 20

    private let condition = NSCondition()
    private var demand: Int64 = 0
    private var discarding = false
    private var cancelled = false
    private var bytesInFlight = 0
    /// Bumped by each grant; a suspension reports the grant it ran out of.
    private(set) var generation = 0
    private var announcedGeneration = 0
    /// How long the query may wait for the client's next PULL (its own timeout): a client that
    /// stops pulling must not hold a transaction, and perhaps the write lock, for ever.
    private let deadline: Date

    init(waitLimitSeconds: Double) { deadline = Date(timeIntervalSinceNow: waitLimitSeconds) }

    /// Grants `n` more rows (-1: all), to send or to discard.
    func grant(_ n: Int64, discard: Bool) -> Int {
        condition.lock(); defer { condition.unlock() }
        demand = n
        discarding = discard
        generation += 1
        condition.broadcast()
        return generation
    }

    /// Stops the query at its next row.
    func cancel() {
        condition.lock(); defer { condition.unlock() }
        cancelled = true
        condition.broadcast()
    }

    /// Whether `cancel` was called.
    var isCancelled: Bool { condition.lock(); defer { condition.unlock() }; return cancelled }

    /// Called by the worker before each row: waits for demand (calling `suspended` once per
    /// grant it runs out of, with that grant's generation) and for room on the way to the socket.
    /// - Throws: `Cancelled` once cancelled.
    func next(suspended: (Int) -> Void) throws -> Disposition {
        condition.lock(); defer { condition.unlock() }
        while !cancelled && (demand == 0 || (!discarding && bytesInFlight > Self.maxBytesInFlight)) {
            if demand == 0 && generation > 0 && announcedGeneration != generation {
                announcedGeneration = generation
                condition.unlock()
                suspended(generation)
                condition.lock()
                continue
            }
            guard condition.wait(until: deadline) else {
                throw BoltFailure.transactionTimedOut("the query passed its timeout waiting for the client to PULL its rows")
            }
        }
        if cancelled { throw Cancelled() }
        if demand > 0 { demand -= 1 }
        return discarding ? .discard : .send
    }

    /// The worker posted `bytes` of records.
    func posted(_ bytes: Int) { condition.lock(); bytesInFlight += bytes; condition.unlock() }

    /// The connection wrote (or dropped) `bytes` of records.
    func written(_ bytes: Int) {
        condition.lock(); defer { condition.unlock() }
        bytesInFlight -= bytes
        condition.broadcast()
    }
}
