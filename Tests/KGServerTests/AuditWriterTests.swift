import Foundation
import Logging
import Testing
import GovBrainTestSupport
import KGCore
import KGAccess
@testable import KGStore
@testable import KGServer

/// The audit writer loses nothing when the store refuses its appends: failed batches stay
/// queued, the overflow and what is left at shutdown go to the spill file, and the next server's
/// first successful flush appends them (on both backends).
@Suite struct AuditWriterTests {
    static func entry(_ i: Int) -> AuditEntry {
        AuditEntry(at: "2026-12-07T15:00:00.\(String(format: "%03d", i))Z", requestID: "req-\(i)", keyID: nil, role: nil,
                   method: "GET", route: "/v1/stats", path: "/v1/stats", requestHash: nil, rows: i, status: 200, durationMs: 0.5)
    }

    @Test(arguments: TestBackend.all) func entriesTheStoreRefusesAreSpilledAndAppendedLater(_ backend: TestBackend) async throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        let graph = try site.open("g", mode: .off)
        let access = try AccessStore.open(store: graph, auditSecretFile: site.path("audit-secret"))
        let side = try graph.openSideConnection()
        let spillPath = site.path("audit-spill.jsonl")
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

        // The log's table taken away: every append fails at once.
        try side.execute("ALTER TABLE audit_log RENAME TO audit_log_away")
        let first = AuditWriter(store: access, maxQueued: 3, shutdownRetry: .milliseconds(250), spillPath: spillPath, logger: logger)
        for i in 0..<5 { first.append(Self.entry(i)) }
        #expect(first.flush() == 0)
        #expect(first.queuedCount == 3)
        #expect(try lines(spillPath) == 2, "the two oldest over maxQueued are spilled")
        #expect(await first.drain(within: .milliseconds(250)) == 0, "nothing lost")
        #expect(try first.queuedCount == 0 && lines(spillPath) == 5)
        let mode = try FileManager.default.attributesOfItem(atPath: spillPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        // The next server, once the store takes writes again, appends them: each entry once.
        try side.execute("ALTER TABLE audit_log_away RENAME TO audit_log")
        let next = AuditWriter(store: access, spillPath: spillPath, logger: logger)
        next.append(Self.entry(5))
        #expect(next.flush() == 6)
        #expect(!FileManager.default.fileExists(atPath: spillPath))
        let ids = try access.audit(since: nil).map(\.requestID)
        #expect(ids.sorted() == (0...5).map { "req-\($0)" }.sorted(), "\(ids)")
        #expect(next.flush() == 0)
    }

    @Test(arguments: TestBackend.all) func largeBatchesGoInManyRowStatementsInOrder(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        let graph = try site.open("g", mode: .off)
        let access = try AccessStore.open(store: graph, auditSecretFile: site.path("audit-secret"))
        let n = AccessStore.auditRowsPerStatement * 2 + 203
        let writer = AuditWriter(store: access, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        for i in 0..<n { writer.append(Self.entry(i)) }
        #expect(writer.flush() == n)
        let back = try access.audit(since: nil, limit: n + 10)
        #expect(back.map(\.requestID) == (0..<n).map { "req-\($0)" })
        #expect(back.map(\.rows) == Array(0..<n) && back.allSatisfy { $0.status == 200 && $0.durationMs == 0.5 && $0.keyID == nil })
    }

    @Test func aClaimAbandonedByADeadServerIsTakenOver() throws {
        let site = try TestStoreSite(.sqlite)
        defer { withExtendedLifetime(site) {} }
        let spill = AuditSpill(path: site.path("s.jsonl"), staleClaim: 0)
        try spill.write([Self.entry(1), Self.entry(2)])
        let claimed = try #require(spill.claim(takeStale: false))
        #expect(spill.claim(takeStale: false) == nil, "claimed once")
        // Its server died before appending: after staleClaim the file is anyone's.
        Thread.sleep(forTimeInterval: 0.01)
        let again = try #require(spill.claim(takeStale: true))
        #expect(try again.read().map(\.requestID) == ["req-1", "req-2"])
        #expect(!FileManager.default.fileExists(atPath: claimed.path))
        again.remove()
    }

    private func lines(_ path: String) throws -> Int {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count
    }
}
