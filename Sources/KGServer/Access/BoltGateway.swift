import Foundation
import KGAccess
import KGBolt

/// The HTTP service's access layer, offered to Bolt connections: the same API keys (and the
/// same failed-authentication limit per client address), the same roles (`RouteAccess.cypher`
/// may query; only admin writes and sees personal data in clear), the same rate limit per key,
/// the same concurrency gate for expensive requests, and the same audit log.
struct BoltGateway: BoltAuthority {
    let keys: KeyVerifier
    let limiter: RateLimiter
    let failures: RateLimiter
    let gate: ConcurrencyGate
    let auditWriter: AuditWriter
    let access: AccessStore
    let configuration: ServerConfiguration

    var queryTimeoutSeconds: Double { configuration.queryTimeoutSeconds }
    var queryMemoryBudgetBytes: Int? { configuration.queryMemoryBudgetBytes }

    func authenticate(scheme: String, principal: String?, credentials: String?, address: String) throws -> BoltUser {
        let caller = "ip:\(address)"
        let key = (credentials ?? "").trimmingCharacters(in: .whitespaces)
        if let wait = failures.peek(caller), !keys.wasRecentlyValid(key) {
            throw BoltFailure.rateLimited("too many failed authentications from this address; retry in \(wait) s")
        }
        guard ["basic", "bearer"].contains(scheme.lowercased()), !key.isEmpty else {
            _ = failures.take(caller)
            throw BoltFailure.unauthorized("authenticate with a GovBrain API key: scheme \"basic\" with any user name and the key as the password, or \"bearer\" with the key")
        }
        guard let found = try keys.principal(for: key) else {
            _ = failures.take(caller)
            throw BoltFailure.unauthorized("the API key is unknown or revoked")
        }
        return BoltUser(keyID: found.keyID, role: found.role.rawValue, mayQuery: RouteAccess.cypher.allows(found.role),
                        isAdmin: found.isAdmin, rowCap: configuration.rowCap(for: found.role))
    }

    func admit(_ user: BoltUser) throws -> @Sendable () -> Void {
        guard user.mayQuery else {
            throw BoltFailure.forbidden("a \(user.role) key may not run Cypher (over Bolt as over POST /v1/query); it needs one of: "
                                        + RouteAccess.cypher.allowedRoles.map(\.rawValue).joined(separator: ", "))
        }
        if let wait = limiter.take("key:\(user.keyID)") {
            throw BoltFailure.rateLimited("too many requests from this key (limit \(limiter.ratePerSecond.formatted()) per second); retry in \(wait) s")
        }
        let gate = self.gate
        // The gate is an actor: its answer is awaited here, on the connection's worker thread.
        let admission = Admission()
        Task {
            do { try await gate.acquire() } catch { admission.refusal = error }
            admission.done.signal()
        }
        admission.done.wait()
        if let refusal = admission.refusal { throw refusal }
        return { Task { await gate.release() } }
    }

    /// The gate's answer, handed from its task to the waiting thread (which reads it only after
    /// `done` is signalled).
    private final class Admission: @unchecked Sendable {
        var refusal: Error?
        let done = DispatchSemaphore(value: 0)
    }

    func audit(_ record: BoltAuditRecord) {
        auditWriter.append(AuditEntry(at: AccessStore.timestamp(Date()), requestID: record.requestID, keyID: record.user?.keyID,
                                      role: record.user?.role, method: "BOLT", route: "bolt \(record.message)", path: "bolt",
                                      requestHash: record.requestHash, rows: record.rows, status: record.status, durationMs: record.durationMs))
    }

    func auditHash(_ bytes: [UInt8]) -> String { access.auditHash(bytes: bytes) }
}
