import NIOCore

extension BoltSession {
    /// HELLO: the connection's first message. From Bolt 5.1 it carries no credentials (LOGON
    /// follows); before, it authenticates.
    func hello(_ extra: [String: PackValue]) {
        guard state == .negotiation else { return violation(.hello(extra: extra)) }
        let info: [String: PackValue] = ["server": .string(Self.serverAgent), "connection_id": .string(connectionID), "hints": .map([:])]
        if version.hasLogon && extra["scheme"] == nil {
            state = .authentication
            greeted = true
            send(.success(info))
            return
        }
        authenticate(extra, message: "HELLO", success: info)
    }

    /// LOGON (5.1+): the credentials.
    func logon(_ auth: [String: PackValue]) {
        guard state == .authentication else { return violation(.logon(auth: auth)) }
        authenticate(auth, message: "LOGON", success: [:])
    }

    /// Checks an authentication token with the service's API keys; a failure closes the
    /// connection, as the Bolt documentation has it.
    private func authenticate(_ token: [String: PackValue], message: String, success: [String: PackValue]) {
        busy = true
        let scheme = token["scheme"]?.stringValue ?? "none"
        let principal = token["principal"]?.stringValue
        let credentials = token["credentials"]?.stringValue
        let authority = self.authority, address = self.address, requestID = nextRequestID()
        let bound = self.bound, loop = channel.eventLoop
        let started = NIODeadline.now()
        worker.submit {
            do {
                let user = try authority.authenticate(scheme: scheme, principal: principal, credentials: credentials, address: address)
                loop.execute {
                    let session = bound.value
                    session.user = user
                    session.greeted = true
                    session.complete(.success(success), state: .ready)
                }
            } catch {
                let failure = BoltFailure.from(error)
                authority.audit(BoltAuditRecord(requestID: requestID, user: nil, message: message, requestHash: nil, rows: 0,
                                                status: failure.httpStatus, durationMs: started.millisecondsAgo))
                loop.execute {
                    let session = bound.value
                    session.send(.failure(failure))
                    session.closeConnection()
                }
            }
        }
    }
}

extension NIODeadline {
    /// Milliseconds from this instant to now.
    var millisecondsAgo: Double { Double((NIODeadline.now() - self).nanoseconds) / 1e6 }
}

extension BoltFailure {
    /// The HTTP status the audit log records for this failure (as for the same error over HTTP).
    var httpStatus: Int {
        if code.hasPrefix("Neo.ClientError.Security.Unauthorized") { return 401 }
        if code.hasPrefix("Neo.ClientError.Security.Forbidden") { return 403 }
        if code.hasSuffix(".RateLimited") { return 429 }
        if code.hasSuffix(".ResourceExhaustion") { return 503 }
        if code.hasPrefix("Neo.ClientError.Transaction.TransactionTimedOut") { return 408 }
        if code.hasPrefix("Neo.ClientError") { return 400 }
        return 500
    }
}
