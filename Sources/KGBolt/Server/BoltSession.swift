import Foundation
import KGCore
import KGEngine
import NIOCore

/// One Bolt connection after the handshake: the state machine of the Bolt documentation, on the
/// connection's event loop.
///
/// Messages are handled one at a time in arrival order (drivers pipeline them: RUN and PULL go
/// out together); a message whose answer needs the database or the key store marks the session
/// `busy` and the next waits. Database work runs on the connection's `BoltWorker` and reports
/// back through the event loop. A RESET is seen on arrival: it stops the running query, and the
/// messages queued before it are answered IGNORED (the INTERRUPTED state) until it is handled.
final class BoltSession {
    /// The agent string of HELLO's SUCCESS. Drivers read the product and version from it.
    static let serverAgent = "Neo4j/5.4.0 compatible graph database server - GovBrain"

    let version: BoltVersion
    let channel: Channel
    let databases: BoltDatabases
    let authority: BoltAuthority
    let configuration: BoltServer.Configuration
    let connectionID: String
    let address: String

    var state: BoltState = .negotiation
    var user: BoltUser?
    /// Whether HELLO succeeded (RESET then returns to AUTHENTICATION, not NEGOTIATION, without a user).
    var greeted = false
    private var queue: [BoltRequest] = []
    var busy = false
    var pendingResets = 0
    private var requestCount = 0

    let worker = BoltWorker()
    /// The explicit transaction; touched only on the worker thread.
    let transaction = TransactionBox()
    /// Whether an explicit transaction is open (the event loop's view of `transaction`).
    var transactionOpen = false
    /// Counts transactions, so a timeout only ends the one it was set for.
    var transactionGeneration = 0
    /// Set when the open transaction passed its timeout and was rolled back.
    var transactionTimedOut = false
    var transactionTimer: Scheduled<Void>?
    /// The database of the open transaction (BEGIN's `db`).
    var transactionDatabase = BoltDatabases.defaultName
    /// The transaction's `tx_timeout`, for each RUN's own limit.
    var transactionTimeoutSeconds: Double?

    /// Open results by `qid`, the one whose query is on the worker, and the next `qid`.
    var results: [Int64: BoltResult] = [:]
    var live: BoltResult?
    var nextQID: Int64 = 0
    /// The RUN waiting for its columns, and the PULL/DISCARD waiting for a grant's end.
    var pendingRun: BoltResult?
    var pendingPull: (result: BoltResult, generation: Int)?

    init(version: BoltVersion, channel: Channel, databases: BoltDatabases, authority: BoltAuthority,
         configuration: BoltServer.Configuration, connectionID: String, address: String) {
        self.version = version; self.channel = channel; self.databases = databases; self.authority = authority
        self.configuration = configuration; self.connectionID = connectionID; self.address = address
    }

    /// The session bound to its event loop, for callbacks from other threads.
    var bound: NIOLoopBound<BoltSession> { NIOLoopBound(self, eventLoop: channel.eventLoop) }

    /// A fresh request id for the audit log.
    func nextRequestID() -> String {
        requestCount += 1
        return "\(connectionID)-\(requestCount)"
    }

    // MARK: receiving

    /// Takes one decoded message.
    func receive(_ request: BoltRequest) {
        guard state != .defunct else { return }
        if case .reset = request {
            pendingResets += 1
            // Stop the running query now: the messages queued before the RESET are ignored.
            live?.stream.cancel()
        }
        queue.append(request)
        drain()
    }

    /// A message that could not be decoded: FAILURE, then the connection closes (its framing
    /// can no longer be trusted).
    func protocolError(_ failure: BoltFailure) {
        guard state != .defunct else { return }
        send(.failure(failure))
        closeConnection()
    }

    private func drain() {
        while !busy, !queue.isEmpty, state != .defunct {
            handle(queue.removeFirst())
        }
    }

    /// Ends an asynchronous message with its answer (nil: answered already) and goes on.
    func complete(_ response: BoltResponse?, state next: BoltState? = nil) {
        if let response { send(response) }
        if let next { state = next }
        busy = false
        drain()
    }

    /// Ends a message with a FAILURE: an open transaction is rolled back, and the session
    /// ignores everything until RESET.
    func fail(_ failure: BoltFailure) {
        abandonTransaction()
        send(.failure(failure))
        state = .failed
        busy = false
        drain()
    }

    private func handle(_ request: BoltRequest) {
        if pendingResets > 0 {
            guard case .reset = request else { send(.ignored); return }
            pendingResets -= 1
            reset()
            return
        }
        switch request {
        case .reset: reset(); return
        case .goodbye: closeConnection(); return
        case .hello(let extra): hello(extra); return
        case .logon(let auth): logon(auth); return
        default: break
        }
        if state == .failed { send(.ignored); return }
        if transactionTimedOut, state.inTransaction {
            transactionTimedOut = false
            if case .rollback = request { send(.success([:])); state = .ready; return }
            fail(.transactionTimedOut("the transaction passed its timeout and was rolled back; begin a new one"))
            return
        }
        switch request {
        case .logoff:
            guard state == .ready, version.hasLogon else { return violation(request) }
            user = nil
            state = .authentication
            send(.success([:]))
        case .telemetry:
            guard state == .ready || state.inTransaction else { return violation(request) }
            send(.success([:]))
        case .route(_, _, let database):
            guard state == .ready else { return violation(request) }
            route(database: database)
        case .run(let query, let parameters, let extra): run(query, parameters: parameters, extra: extra, request: request)
        case .pull(let n, let qid): pull(n: n, qid: qid, discard: false, request: request)
        case .discard(let n, let qid): pull(n: n, qid: qid, discard: true, request: request)
        case .begin(let extra): begin(extra, request: request)
        case .commit: endTransaction(commit: true, request: request)
        case .rollback: endTransaction(commit: false, request: request)
        case .reset, .goodbye, .hello, .logon: break
        }
    }

    /// A message not allowed in the current state.
    func violation(_ request: BoltRequest) {
        fail(.protocolViolation("\(request.name) is not allowed in state \(state.rawValue)"))
    }

    // MARK: RESET, ROUTE, closing

    private func reset() {
        abandonTransaction()
        if user != nil { state = .ready } else { state = greeted && version.hasLogon ? .authentication : .negotiation }
        send(.success([:]))
    }

    /// Rolls back the open transaction (if any) and forgets every result.
    func abandonTransaction() {
        for result in results.values { result.stream.cancel() }
        live?.stream.cancel()
        results = [:]
        pendingPull = nil
        if transactionOpen {
            transactionOpen = false
            transactionTimer?.cancel()
            let box = transaction
            worker.submit { box.rollback() }
        }
    }

    private func route(database: String?) {
        do { try databases.check(database) } catch { return fail(BoltFailure.from(error)) }
        let addresses: PackValue = .list([.string(advertisedAddress)])
        let servers: [PackValue] = ["WRITE", "READ", "ROUTE"].map { .map(["addresses": addresses, "role": .string($0)]) }
        send(.success(["rt": .map(["ttl": .int(300), "db": .string(BoltDatabases.canonical(database)), "servers": .list(servers)])]))
    }

    /// Where drivers should connect: the configured address, else the address this
    /// connection reached.
    private var advertisedAddress: String {
        if let advertised = configuration.advertisedAddress { return advertised }
        guard let local = channel.localAddress, let ip = local.ipAddress else { return "\(configuration.host):\(configuration.port)" }
        let host = ip.contains(":") ? "[\(ip)]" : ip
        return "\(host):\(local.port ?? configuration.port)"
    }

    /// Writes one message.
    func send(_ response: BoltResponse) {
        guard state != .defunct else { return }
        channel.writeAndFlush(ByteBuffer(bytes: response.framed), promise: nil)
    }

    /// GOODBYE, a protocol error or an authentication failure: close the connection.
    func closeConnection() {
        state = .defunct
        channel.close(promise: nil)
    }

    /// The connection closed: stop the query, roll back, let the worker thread end.
    func closed() {
        state = .defunct
        abandonTransaction()
        let box = transaction
        worker.stop { box.rollback() }
    }
}
