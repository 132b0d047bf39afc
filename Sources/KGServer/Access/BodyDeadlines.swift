import Foundation
import Hummingbird
import HummingbirdCore
import KGCore
import NIOCore
import Synchronization

/// Reads request bodies within a time limit, with one shared clock for all of them.
///
/// A body is read in a task of its own, registered here with its deadline; one ticker task wakes
/// every `tick` while bodies are being read and cancels those past their deadline (the body's
/// reader then reports a timeout). Racing each body against a timer task of its own cost a task
/// group, a second task and a dispatch timer per request, a tenth of a light request's time.
/// A body is cut off between `timeoutSeconds` and `timeout + tick` after its reading began.
final class BodyDeadlines: Sendable {
    /// How often the deadlines are checked while bodies are being read.
    let tick: Duration

    private struct Reading {
        let deadline: ContinuousClock.Instant
        let task: Task<ByteBuffer, any Error>
    }

    private struct State {
        var nextID: UInt64 = 0
        var reading: [UInt64: Reading] = [:]
        /// Readings cancelled by the ticker (their reader answers 408), until the reader looks.
        var expired: Set<UInt64> = []
        var tickerRunning = false
    }

    private let state = Mutex(State())

    init(tick: Duration = .milliseconds(100)) {
        self.tick = tick
    }

    /// The whole body, at most `limit` bytes, read within `timeoutSeconds`.
    /// - Throws: `RequestRefusal` with `.requestTimeout` past the deadline, with
    ///   `.payloadTooLarge` over the limit; the body stream's own errors.
    func collect(_ body: HummingbirdCore.RequestBody, limit: Int, timeoutSeconds: Double) async throws -> ByteBuffer {
        let task = Task<ByteBuffer, any Error> {
            do { return try await body.collect(upTo: limit) } catch is NIOTooManyBytesError { throw AccessMiddleware.tooLarge(limit) }
        }
        let (id, startTicker) = state.withLock { s -> (UInt64, Bool) in
            s.nextID &+= 1
            s.reading[s.nextID] = Reading(deadline: .now + .milliseconds(Int64(timeoutSeconds * 1000)), task: task)
            defer { s.tickerRunning = true }
            return (s.nextID, !s.tickerRunning)
        }
        if startTicker { Task { await self.runTicker() } }
        let result = await withTaskCancellationHandler { await task.result } onCancel: { task.cancel() }
        let expired = state.withLock { s in
            s.reading[id] = nil
            return s.expired.remove(id) != nil
        }
        // A cancelled reading may end early without an error: only the ticker's word counts.
        if expired {
            throw RequestRefusal(code: .requestTimeout,
                                 message: "the request body was not received within \(timeoutSeconds.formatted()) s; send it at once")
        }
        return try result.get()
    }

    /// Bodies being read now (tests).
    var pending: Int { state.withLock { $0.reading.count } }

    /// Cancels the readings past their deadline every `tick`; ends when none is left.
    private func runTicker() async {
        while true {
            try? await Task.sleep(for: tick)
            let now = ContinuousClock.now
            let (late, done) = state.withLock { s -> ([Task<ByteBuffer, any Error>], Bool) in
                var late: [Task<ByteBuffer, any Error>] = []
                for (id, reading) in s.reading where reading.deadline <= now && !s.expired.contains(id) {
                    s.expired.insert(id)
                    late.append(reading.task)
                }
                if s.reading.isEmpty { s.tickerRunning = false; return (late, true) }
                return (late, false)
            }
            for task in late { task.cancel() }
            if done { return }
        }
    }
}
