import KGEngine
import NIOCore

extension BoltSession {
    /// BEGIN: opens an explicit transaction on the worker thread. Admin keys get a writable one
    /// (it holds the write lock until COMMIT/ROLLBACK or its timeout) unless `mode` is `"r"`;
    /// every other role gets a read-only one on a snapshot. `tx_timeout` (ms) may shorten the
    /// server's transaction timeout; `bookmarks` and `tx_metadata` are accepted (one server,
    /// durable commits: every bookmark is already reached; metadata is not stored). `db` selects
    /// the database (see `BoltDatabases`).
    func begin(_ extra: [String: PackValue], request: BoltRequest) {
        guard state == .ready, let user else { return violation(request) }
        guard user.mayQuery else {
            return fail(.forbidden("a \(user.role) key may not run Cypher over Bolt (as over POST /v1/query)"))
        }
        let writable = user.isAdmin && extra["mode"]?.stringValue != "r"
        var timeout = configuration.transactionTimeoutSeconds
        if let ms = extra["tx_timeout"]?.intValue, ms > 0 { timeout = min(timeout, Double(ms) / 1000) }
        transactionGeneration += 1
        let generation = transactionGeneration, limit = timeout
        busy = true
        let box = transaction, databases = self.databases, masked = !user.isAdmin
        let database = BoltDatabases.canonical(extra["db"]?.stringValue)
        let bound = self.bound, loop = channel.eventLoop
        worker.submit {
            do {
                box.transaction = try databases.graph(named: database).beginTransaction(writable: writable, masked: masked)
                loop.execute { bound.value.began(generation: generation, timeout: limit, database: database) }
            } catch {
                let failure = BoltFailure.from(error)
                loop.execute { bound.value.fail(failure) }
            }
        }
    }

    private func began(generation: Int, timeout: Double, database: String) {
        guard state != .defunct, pendingResets == 0 else {
            let box = transaction
            worker.submit { box.rollback() }
            return complete(pendingResets > 0 ? .ignored : nil)
        }
        transactionOpen = true
        transactionTimedOut = false
        transactionTimeoutSeconds = timeout
        transactionDatabase = database
        nextQID = 0
        let bound = self.bound
        transactionTimer = channel.eventLoop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) {
            bound.value.transactionExpired(generation: generation)
        }
        complete(.success([:]), state: .txReady)
    }

    /// The transaction's timeout passed: stop its query, roll it back; its next message fails
    /// with `Transaction.TransactionTimedOut`.
    private func transactionExpired(generation: Int) {
        guard transactionOpen, generation == transactionGeneration else { return }
        transactionTimedOut = true
        transactionOpen = false
        for result in results.values { result.stream.cancel() }
        let box = transaction
        worker.submit { box.rollback() }
    }

    /// COMMIT or ROLLBACK. Rows of a result not consumed yet are discarded (its writes stay
    /// part of the transaction).
    func endTransaction(commit: Bool, request: BoltRequest) {
        guard state.inTransaction, transactionOpen else { return violation(request) }
        for result in results.values where !result.isOver {
            result.buffering = false
            _ = result.stream.grant(-1, discard: true)
        }
        transactionOpen = false
        transactionTimer?.cancel()
        busy = true
        let box = transaction, bound = self.bound, loop = channel.eventLoop
        let bookmark = commit ? newBookmark() : "", database = transactionDatabase
        worker.submit {
            do {
                if commit { try box.transaction?.commit() } else { box.transaction?.rollback() }
                box.transaction = nil
                loop.execute {
                    let session = bound.value
                    session.results = [:]
                    session.complete(.success(commit ? ["bookmark": .string(bookmark), "db": .string(database)] : [:]), state: .ready)
                }
            } catch {
                box.transaction = nil
                let failure = BoltFailure.from(error)
                loop.execute { bound.value.fail(failure) }
            }
        }
    }
}
