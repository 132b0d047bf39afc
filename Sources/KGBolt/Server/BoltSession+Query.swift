import KGCore
import KGCypher
import KGEngine
import NIOCore

extension BoltSession {
    /// RUN: admits the query (role, rate limit, gate), then starts it on the worker; its
    /// SUCCESS (the columns) comes once the query is analysed. An auto-commit RUN's `db` selects
    /// the database; inside a transaction, BEGIN's does.
    func run(_ query: String, parameters: [String: PackValue], extra: [String: PackValue], request: BoltRequest) {
        let inTransaction = state.inTransaction
        guard state == .ready || inTransaction, let user else { return violation(request) }
        let requestID = nextRequestID()
        var hashed = Array(query.utf8)
        hashed.append(0)
        hashed += PackStreamEncoder.encode(.map(parameters))
        var timeout = authority.queryTimeoutSeconds
        if let ms = extra["tx_timeout"]?.intValue, ms > 0 { timeout = min(timeout, Double(ms) / 1000) }
        if inTransaction, let t = transactionTimeoutSeconds { timeout = min(timeout, t) }
        let result = BoltResult(qid: inTransaction ? nextQID : -1, requestID: requestID, requestHash: authority.auditHash(hashed),
                                started: .now(), timeoutSeconds: timeout)
        let values: [String: Value]
        do { values = try parameters.mapValues(PackStreamMapping.decode) } catch {
            return refuse(result, BoltFailure.from(error))
        }
        // Only admin keys write or see personal data in clear, as over HTTP; `mode: "r"` asks for reads only.
        let options = QueryOptions(timeoutSeconds: timeout, maxRows: user.rowCap, readOnly: !user.isAdmin || extra["mode"]?.stringValue == "r",
                                   memoryBudgetBytes: authority.queryMemoryBudgetBytes)
        // A result of this transaction still open: its remaining rows are kept for later PULLs.
        if inTransaction, let live, !live.isOver {
            live.buffering = true
            _ = live.stream.grant(-1, discard: false)
        }
        if inTransaction { nextQID += 1 }
        result.database = inTransaction ? transactionDatabase : BoltDatabases.canonical(extra["db"]?.stringValue)
        busy = true
        pendingRun = result
        let authority = self.authority, databases = self.databases, database = result.database
        let bound = self.bound, loop = channel.eventLoop
        let boundResult = NIOLoopBound(result, eventLoop: loop)
        worker.submit {
            do {
                // Opening a database of the folder may take a moment: here, off the event loop.
                let graph = try databases.graph(named: database)
                let release = try authority.admit(user)
                loop.execute {
                    bound.value.start(boundResult.value, graph: graph, query: query, parameters: values, options: options, release: release)
                }
            } catch {
                let failure = BoltFailure.from(error)
                loop.execute { bound.value.refuse(boundResult.value, failure) }
            }
        }
    }

    /// A RUN refused before it started: audited, then FAILURE.
    private func refuse(_ result: BoltResult, _ failure: BoltFailure) {
        audit(result, rows: 0, status: failure.httpStatus)
        if pendingRun === result { pendingRun = nil }
        if pendingResets > 0 { return complete(.ignored) }
        fail(failure)
    }

    private func start(_ result: BoltResult, graph: KnowledgeGraph, query: String, parameters: [String: Value], options: QueryOptions,
                       release: @escaping @Sendable () -> Void) {
        result.release = release
        guard state != .defunct, pendingRun === result, pendingResets == 0 else {
            release()
            if pendingRun === result { pendingRun = nil; complete(.ignored) }
            return
        }
        results[result.qid] = result
        live = result
        let loop = channel.eventLoop, bound = self.bound
        let boundResult = NIOLoopBound(result, eventLoop: loop)
        let job = QueryJob(graph: graph, transaction: transaction, inTransaction: result.qid >= 0, query: query, parameters: parameters,
                           options: options, masked: user?.isAdmin != true, version: version, stream: result.stream) { event in
            loop.execute { bound.value.handle(event, for: boundResult.value) }
        }
        worker.submit { job.execute() }
    }

    /// An event of a running query.
    private func handle(_ event: QueryEvent, for result: BoltResult) {
        switch event {
        case .columns(let columns):
            guard pendingRun === result else { return }
            pendingRun = nil
            result.columnsSent = true
            var metadata: [String: PackValue] = ["fields": .list(columns.map(PackValue.string)), "t_first": .int(Int64(result.started.millisecondsAgo))]
            if result.qid >= 0 { metadata["qid"] = .int(result.qid) }
            complete(.success(metadata), state: result.qid >= 0 ? .txStreaming : .streaming)
        case .records(let records, let bytes):
            if result.buffering {
                result.buffered += records
                result.stream.written(bytes)
            } else {
                write(records, bytes: bytes, stream: result.stream)
            }
        case .suspended(let generation):
            guard let pending = pendingPull, pending.result === result, pending.generation == generation else { return }
            pendingPull = nil
            complete(.success(["has_more": .bool(true)]))
        case .done(let queryResult, let rows):
            audit(result, rows: rows, status: 200)
            if live === result { live = nil }
            result.summary = QuerySummary.metadata(queryResult, milliseconds: Int64(result.started.millisecondsAgo),
                                                   bookmark: result.qid < 0 ? newBookmark() : nil, database: result.database)
            if let pending = pendingPull, pending.result === result {
                pendingPull = nil
                let (summary, next) = finish(result)
                complete(.success(summary), state: next)
            }
        case .failed(var failure, let rows, let cancelled):
            audit(result, rows: rows, status: failure.httpStatus)
            if live === result { live = nil }
            if result.qid >= 0 { transactionOpen = false; transactionTimer?.cancel() }
            if cancelled && transactionTimedOut {
                failure = .transactionTimedOut("the transaction passed its timeout and was rolled back")
                transactionTimedOut = false
            }
            let waiting = pendingRun === result || pendingPull?.result === result
            if pendingRun === result { pendingRun = nil }
            if pendingPull?.result === result { pendingPull = nil }
            guard waiting else { result.failure = failure; return }
            results[result.qid] = nil
            if cancelled && pendingResets > 0 { return complete(.ignored) }
            fail(failure)
        }
    }

    /// Writes records to the socket; the stream learns when they are gone.
    private func write(_ records: [[UInt8]], bytes: Int, stream: RecordStream) {
        guard state != .defunct else { return stream.written(bytes) }
        var buffer = channel.allocator.buffer(capacity: bytes)
        for record in records { buffer.writeBytes(record) }
        channel.writeAndFlush(buffer).whenComplete { _ in stream.written(bytes) }
    }

    /// PULL or DISCARD `n` records of result `qid`.
    func pull(n: Int64, qid: Int64, discard: Bool, request: BoltRequest) {
        guard state == .streaming || state == .txStreaming else { return violation(request) }
        let key = qid == -1 ? (results.keys.max() ?? -1) : qid
        guard let result = results[key] else { return fail(.protocolViolation("there is no open result with qid \(qid)")) }
        if let failure = result.failure {
            results[key] = nil
            return fail(failure)
        }
        guard result.buffering || result.isOver else {
            busy = true
            pendingPull = (result, result.stream.grant(n, discard: discard))
            return
        }
        // Rows kept earlier (or none left): answered from memory.
        let count = n < 0 ? result.buffered.count : min(Int(n), result.buffered.count)
        if !discard, count > 0 {
            var buffer = channel.allocator.buffer(capacity: result.buffered.prefix(count).reduce(0) { $0 + $1.count })
            for record in result.buffered.prefix(count) { buffer.writeBytes(record) }
            channel.writeAndFlush(buffer, promise: nil)
        }
        result.buffered.removeFirst(count)
        if !result.buffered.isEmpty || result.summary == nil {
            send(.success(["has_more": .bool(true)]))
            return
        }
        let (summary, next) = finish(result)
        send(.success(summary))
        state = next
    }

    /// Forgets a consumed result: its summary, and the state after it.
    private func finish(_ result: BoltResult) -> ([String: PackValue], BoltState) {
        results[result.qid] = nil
        let next: BoltState = result.qid >= 0 ? (results.isEmpty ? .txReady : .txStreaming) : .ready
        return (result.summary ?? [:], next)
    }

    /// Appends a RUN's audit entry and gives its gate slot back.
    func audit(_ result: BoltResult, rows: Int, status: Int) {
        result.release?()
        result.release = nil
        authority.audit(BoltAuditRecord(requestID: result.requestID, user: user, message: "RUN", requestHash: result.requestHash,
                                        rows: rows, status: status, durationMs: result.started.millisecondsAgo))
    }

    /// A bookmark for a committed transaction. GovBrain has one server and commits durably
    /// before answering, so a bookmark only needs to be unique; the ones clients send are accepted.
    func newBookmark() -> String { "GB:\(connectionID):\(nextRequestID())" }
}
