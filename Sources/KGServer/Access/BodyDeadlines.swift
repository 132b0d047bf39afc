import Foundation
import Hummingbird
import HummingbirdCore
import KGCore
import NIOCore
import Synchronization

/// Reads request bodies within a time limit, with one shared clock for all of them.
///
/// A body is read in the request's own task, registered here with its deadline and its
/// connection; one ticker wakes every `tick` while bodies are being read and, for each past its
/// deadline, fires an error into the connection's pipeline, which ends the body stream the request
/// is waiting on (its reader then answers 408). Reading each body in a task of its own cost a task
/// spawn and two executor hops per request (a task group and a timer before that). The ticker is a
/// repeated task on a connection's event loop, not a task of the cooperative pool: that pool has
/// one thread per core, and work that blocks on it (a synchronous store call) would hold the
/// deadlines back with it.
/// A body is cut off between `timeoutSeconds` and `timeout + tick` after its reading began.
final class BodyDeadlines: Sendable {
    /// How often the deadlines are checked while bodies are being read.
    let tick: Duration
    /// `tick` as the event loop's timers take it.
    private let tickAmount: TimeAmount

    /// What the ticker fires into a connection whose body is late; the reader turns it into 408.
    struct Expired: Error {}

    private struct Reading {
        let deadline: ContinuousClock.Instant
        let channel: any Channel
    }

    private struct State {
        var nextID: UInt64 = 0
        var reading: [UInt64: Reading] = [:]
        /// Readings the ticker cut off (their reader answers 408), until the reader looks.
        var expired: Set<UInt64> = []
        var tickerRunning = false
    }

    private let state = Mutex(State())

    init(tick: Duration = .milliseconds(100)) {
        self.tick = tick
        tickAmount = .nanoseconds(Int64(tick.components.seconds) * 1_000_000_000 + tick.components.attoseconds / 1_000_000_000)
    }

    /// The whole body, at most `limit` bytes, read within `timeoutSeconds`.
    /// - Parameters:
    ///   - channel: the connection the body comes on; cut off (its inbound stream ends with an
    ///     error) when the deadline passes.
    /// - Throws: `RequestRefusal` with `.requestTimeout` past the deadline, with
    ///   `.payloadTooLarge` over the limit; the body stream's own errors.
    func collect(_ body: HummingbirdCore.RequestBody, channel: any Channel, limit: Int, timeoutSeconds: Double) async throws -> ByteBuffer {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeoutSeconds * 1000))
        let (id, startTicker) = state.withLock { s -> (UInt64, Bool) in
            s.nextID &+= 1
            s.reading[s.nextID] = Reading(deadline: deadline, channel: channel)
            defer { s.tickerRunning = true }
            return (s.nextID, !s.tickerRunning)
        }
        if startTicker {
            channel.eventLoop.scheduleRepeatedTask(initialDelay: tickAmount, delay: tickAmount) { [self] task in
                if checkDeadlines() { task.cancel() }
            }
        }
        let result: Result<ByteBuffer, any Error>
        do { result = .success(try await body.collect(upTo: limit)) } catch { result = .failure(error) }
        let expired = state.withLock { s in
            s.reading[id] = nil
            return s.expired.remove(id) != nil
        }
        // Only the ticker's word counts: a body cut off may end early without an error.
        if expired {
            throw RequestRefusal(code: .requestTimeout,
                                 message: "the request body was not received within \(timeoutSeconds.formatted()) s; send it at once")
        }
        do { return try result.get() } catch is NIOTooManyBytesError { throw AccessMiddleware.tooLarge(limit) }
    }

    /// Bodies being read now (tests).
    var pending: Int { state.withLock { $0.reading.count } }

    /// Cuts off the readings past their deadline; whether none is left (the ticker then stops, and
    /// the next reading starts another).
    private func checkDeadlines() -> Bool {
        let now = ContinuousClock.now
        let (late, done) = state.withLock { s -> ([any Channel], Bool) in
            var late: [any Channel] = []
            for (id, reading) in s.reading where reading.deadline <= now && !s.expired.contains(id) {
                s.expired.insert(id)
                late.append(reading.channel)
            }
            if s.reading.isEmpty { s.tickerRunning = false; return (late, true) }
            return (late, false)
        }
        // The error ends the connection's inbound stream, so the body's reader wakes; the
        // connection is closed once the 408 is written (nothing after it can be read).
        for channel in late { channel.pipeline.fireErrorCaught(Expired()) }
        return done
    }
}
