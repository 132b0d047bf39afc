import Foundation
import Synchronization
import Testing
import GovBrainTestSupport
import KGCore
import KGAccess
@testable import KGStore

/// API keys (hashed, verified, revoked) and the append-only audit log, on every store backend
/// (`TestBackend.all`: PostgreSQL when `GOVBRAIN_TEST_POSTGRES_URL` is set).
@Suite struct AccessStoreTests {
    /// A new store of `site` and its access tables, the audit secret in the site's folder (on
    /// PostgreSQL the default would be under the working folder's `.govbrain/pg`).
    func store(_ site: TestStoreSite) throws -> (GraphStore, AccessStore) {
        let graph = try site.open("g", mode: .off)
        return (graph, try AccessStore.open(store: graph, auditSecretFile: site.path("audit-secret")))
    }

    @Test(arguments: TestBackend.all) func keysAreStoredOnlyAsHashes(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        let (graph, access) = try store(site)
        let (record, key) = try access.createKey(role: .supervisor, name: "market-bureau")
        #expect(key.hasPrefix("gbk_\(record.id)_") && key.count > 50)
        #expect(try access.verify(key)?.role == .supervisor)
        #expect(try access.verify(key + "x") == nil)
        #expect(try access.verify("gbk_\(record.id)_" + String(repeating: "A", count: 43)) == nil)
        #expect(try access.verify("not a key") == nil)
        // The database holds the hash, not the key.
        let secret = String(key.dropFirst("gbk_\(record.id)_".count))
        let cells = try graph.openSideConnection().rows("SELECT id, name, role, hash, created_at FROM api_keys").flatMap { $0 }
        #expect(cells.contains(.text(AccessStore.hash(key))) && !cells.contains { $0.text?.contains(secret) == true })
        if backend == .sqlite {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: site.path("g.sqlite")))
            let wal = (try? Data(contentsOf: URL(fileURLWithPath: site.path("g.sqlite-wal")))) ?? Data()
            #expect(bytes.range(of: Data(secret.utf8)) == nil && wal.range(of: Data(secret.utf8)) == nil)
        }
        #expect(try access.listKeys().map(\.name) == ["market-bureau"])
        let revoked = try access.revokeKey(record.id)
        let stillValid = try access.verify(key)
        #expect(revoked.isRevoked && stillValid == nil)
        #expect(try access.activeKeyCount() == 0)
        #expect(throws: AccessError.self) { try access.revokeKey("000000000000") }
        #expect(throws: AccessError.self) { try access.createKey(role: .admin, name: "") }
        #expect(throws: AccessError.self) { try APIRole.parse("root") }
    }

    @Test(arguments: TestBackend.all) func theAuditLogIsAppendOnly(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        let (graph, access) = try store(site)
        let entry = AuditEntry(at: AccessStore.timestamp(Date()), requestID: "r1", keyID: "k1", role: "analyst", method: "POST",
                               route: "/v1/query", path: "/v1/query", requestHash: AccessStore.hash("x"), rows: 3, status: 200, durationMs: 1.5)
        try access.appendAudit([entry, entry])
        let read = try access.audit(since: nil)
        #expect(read.count == 2 && read[0].rows == 3 && read[0].durationMs == 1.5 && read[0].sequence < read[1].sequence)
        #expect(try access.audit(since: AccessStore.timestamp(Date().addingTimeInterval(60))).isEmpty)
        let connection = try graph.openSideConnection()
        #expect { try connection.execute("UPDATE audit_log SET status = 500") } throws: { "\($0)".contains("append-only") }
        #expect { try connection.execute("DELETE FROM audit_log") } throws: { "\($0)".contains("append-only") }
        if backend == .postgres {
            #expect { try connection.execute("TRUNCATE audit_log") } throws: { "\($0)".contains("append-only") }
        }
        #expect(try access.audit(since: nil).count == 2)
        #expect(AccessStore.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    }

    /// Timestamps written byte by byte read as Foundation's ISO 8601 of the same millisecond,
    /// before and after 1970, and years outside 0–9999 keep their sign and width.
    @Test func timestampsMatchISO8601() {
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        iso.timeZone = TimeZone(identifier: "UTC")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let ms = Int64.random(in: -2_208_988_800_000...7_258_118_400_000, using: &generator)   // 1900 to 2200
            let date = Date(timeIntervalSince1970: (Double(ms) + 0.25) / 1000)   // a quarter in: no rounding doubt
            let made = AccessStore.timestamp(date)
            #expect(made.utf8.count == 24 && iso.date(from: made).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } == ms, "\(ms) \(made)")
        }
        #expect(AccessStore.timestamp(Date(timeIntervalSince1970: -0.0005)) == "1969-12-31T23:59:59.999Z")
        #expect(AccessStore.timestamp(Date(timeIntervalSince1970: 253_402_300_800)) == "+10000-01-01T00:00:00.000Z")
    }

    /// Two servers over one store: a key made through one is valid on the other, and their audit
    /// entries go to one log in which every batch is contiguous (appends are serialised, so `seq`
    /// order is commit order) and nothing is lost.
    @Test(arguments: TestBackend.all) func twoServersShareKeysAndOneAuditLog(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        let (_, first) = try store(site)
        let secondGraph = try site.open("g", create: false)
        let second = try AccessStore.open(store: secondGraph, auditSecretFile: site.path("audit-secret"))
        let (record, key) = try first.createKey(role: .analyst, name: "desk")
        #expect(try second.verify(key)?.id == record.id)
        _ = try second.revokeKey(record.id)
        #expect(try first.verify(key) == nil)
        #expect(first.auditHash(bytes: Array("q".utf8)) == second.auditHash(bytes: Array("q".utf8)))

        let batches = 15, perBatch = 4
        DispatchQueue.concurrentPerform(iterations: 2) { server in
            let access = server == 0 ? first : second
            for b in 0..<batches {
                let entries = (0..<perBatch).map { i in
                    AuditEntry(at: AccessStore.timestamp(Date()), requestID: "s\(server)-b\(b)-\(i)", keyID: nil, role: nil, method: "GET",
                               route: "/v1/stats", path: "/v1/stats", requestHash: nil, rows: i, status: 200, durationMs: 0)
                }
                try? access.appendAudit(entries)
            }
        }
        let log = try first.audit(since: nil)
        #expect(log.count == 2 * batches * perBatch)
        #expect(zip(log, log.dropFirst()).allSatisfy { $0.sequence < $1.sequence })
        // Each batch's entries are neighbours in the log.
        for start in stride(from: 0, to: log.count, by: perBatch) {
            let batch = log[start..<start + perBatch].map { $0.requestID.split(separator: "-").prefix(2).joined(separator: "-") }
            #expect(Set(batch).count == 1, "batch interleaved at \(start): \(batch)")
        }
        #expect(Set(log.map(\.requestID)).count == log.count)
    }

    /// Servers starting together on a store without keys create one bootstrap key between them.
    @Test(arguments: TestBackend.all) func theFirstKeyIsCreatedOnce(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        let (_, first) = try store(site)
        let servers = try [first] + (1..<4).map { _ in
            try AccessStore.open(store: site.open("g", create: false), auditSecretFile: site.path("audit-secret"))
        }
        let created = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: servers.count) { i in
            if (try? servers[i].createFirstKey(role: .admin, name: "bootstrap-admin")) != nil { created.withLock { $0 += 1 } }
        }
        #expect(created.withLock { $0 } == 1)
        #expect(try first.activeKeyCount() == 1)
        #expect(try first.createFirstKey(role: .admin, name: "again") == nil)
    }

    /// The audit secret is a file (mode 0600) outside the database: SQLite's beside the file as
    /// always; servers starting together on one new shared file end up with one secret.
    @Test func theAuditSecretIsOneSharedFile() throws {
        let site = try TestStoreSite(.sqlite)
        defer { withExtendedLifetime(site) {} }
        let graph = try site.open("g", mode: .off)
        let byDefault = try AccessStore.open(store: graph)
        #expect(byDefault.auditSecretPath == site.path("g.sqlite") + ".audit-secret")
        let attributes = try FileManager.default.attributesOfItem(atPath: byDefault.auditSecretPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600 && (attributes[.size] as? NSNumber)?.intValue == 32)

        let shared = site.path("state/shared-secret")
        let hashes = Mutex<Set<String>>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            guard let access = try? AccessStore.open(store: graph, auditSecretFile: shared) else { return }
            let h = access.auditHash(bytes: Array("same request".utf8))
            hashes.withLock { _ = $0.insert(h) }
        }
        let seen = hashes.withLock { $0 }
        #expect(seen.count == 1)
        #expect(seen.first != byDefault.auditHash(bytes: Array("same request".utf8)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.path("state")) == ["shared-secret"])
    }
}
