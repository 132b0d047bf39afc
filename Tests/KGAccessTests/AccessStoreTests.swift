import Foundation
import Testing
import KGCore
import KGAccess
@testable import KGStore

/// A temporary folder removed at the end of a test.
final class TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kgaccess-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// API keys (hashed, verified, revoked) and the append-only audit log.
@Suite struct AccessStoreTests {
    func store(_ dir: TempDir) throws -> (GraphStore, AccessStore) {
        let path = dir.path("g.sqlite")
        let graph = try GraphStore.open(at: path, options: .init(createIfMissing: true, schemaModeForNew: .off))
        return (graph, try AccessStore.open(at: path))
    }

    @Test func keysAreStoredOnlyAsHashes() throws {
        let dir = try TempDir()
        let (_, access) = try store(dir)
        let (record, key) = try access.createKey(role: .supervisor, name: "market-bureau")
        #expect(key.hasPrefix("gbk_\(record.id)_") && key.count > 50)
        #expect(try access.verify(key)?.role == .supervisor)
        #expect(try access.verify(key + "x") == nil)
        #expect(try access.verify("gbk_\(record.id)_" + String(repeating: "A", count: 43)) == nil)
        #expect(try access.verify("not a key") == nil)
        // The file holds the hash, not the key.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir.path("g.sqlite")))
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: dir.path("g.sqlite-wal")))) ?? Data()
        let secret = Data(key.dropFirst("gbk_\(record.id)_".count).utf8)
        #expect(bytes.range(of: secret) == nil && wal.range(of: secret) == nil)
        #expect(try access.listKeys().map(\.name) == ["market-bureau"])
        let revoked = try access.revokeKey(record.id)
        let stillValid = try access.verify(key)
        #expect(revoked.isRevoked && stillValid == nil)
        #expect(try access.activeKeyCount() == 0)
        #expect(throws: AccessError.self) { try access.revokeKey("000000000000") }
        #expect(throws: AccessError.self) { try access.createKey(role: .admin, name: "") }
        #expect(throws: AccessError.self) { try APIRole.parse("root") }
    }

    @Test func theAuditLogIsAppendOnly() throws {
        let dir = try TempDir()
        let (_, access) = try store(dir)
        let entry = AuditEntry(at: AccessStore.timestamp(Date()), requestID: "r1", keyID: "k1", role: "analyst", method: "POST",
                               route: "/v1/query", path: "/v1/query", requestHash: AccessStore.hash("x"), rows: 3, status: 200, durationMs: 1.5)
        try access.appendAudit([entry, entry])
        let read = try access.audit(since: nil)
        #expect(read.count == 2 && read[0].rows == 3 && read[0].sequence < read[1].sequence)
        #expect(try access.audit(since: AccessStore.timestamp(Date().addingTimeInterval(60))).isEmpty)
        let connection = try SQLiteConnection(path: dir.path("g.sqlite"), readOnly: false, create: false)
        #expect { try connection.execute("UPDATE audit_log SET status = 500") } throws: { "\($0)".contains("append-only") }
        #expect { try connection.execute("DELETE FROM audit_log") } throws: { "\($0)".contains("append-only") }
        #expect(try access.audit(since: nil).count == 2)
        #expect(AccessStore.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    }
}
