import Foundation
@testable import KGBolt

/// Keys "admin" (writes) and "reader" (reads only) and "desk" (no Cypher); audit records kept.
final class TestAuthority: BoltAuthority, @unchecked Sendable {
    private let lock = NSLock()
    private var records: [BoltAuditRecord] = []

    var audited: [BoltAuditRecord] { lock.withLock { records } }

    func authenticate(scheme: String, principal: String?, credentials: String?, address: String) throws -> BoltUser {
        switch credentials {
        case "admin": return BoltUser(keyID: "k1", role: "admin", mayQuery: true, isAdmin: true, rowCap: 1_000_000)
        case "reader": return BoltUser(keyID: "k2", role: "analyst", mayQuery: true, isAdmin: false, rowCap: 3)
        case "desk": return BoltUser(keyID: "k3", role: "hotline", mayQuery: false, isAdmin: false, rowCap: 10)
        default: throw BoltFailure.unauthorized("unknown key")
        }
    }

    func admit(_ user: BoltUser) throws -> @Sendable () -> Void {
        guard user.mayQuery else { throw BoltFailure.forbidden("no Cypher for this role") }
        return {}
    }

    func audit(_ record: BoltAuditRecord) { lock.withLock { records.append(record) } }
    var queryTimeoutSeconds: Double { 10 }
    var queryMemoryBudgetBytes: Int? { nil }
    func auditHash(_ bytes: [UInt8]) -> String { String(bytes.count) }
}
