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

    /// Entries a request appends while the shutdown flush is writing (here: when the flush has
    /// appended an earlier server's spill file, which it logs) are flushed too, not spilled;
    /// past the deadline they are spilled, not lost.
    @Test(arguments: TestBackend.all) func entriesArrivingDuringTheShutdownFlushAreFlushedBeforeTheDeadline(_ backend: TestBackend) async throws {
        // A generous limit: the drain ends as soon as the queue is empty, and in the full test run
        // the blocking pool (one thread per core, shared with every other suite's servers) has
        // kept a flush waiting past 30 s, which spilled req-2 as the deadline says it should.
        for (limit, flushedLate) in [(Duration.seconds(900), true), (Duration.zero, false)] {
            let site = try TestStoreSite(backend)
            defer { withExtendedLifetime(site) {} }
            let graph = try site.open("g", mode: .off)
            let access = try AccessStore.open(store: graph, auditSecretFile: site.path("audit-secret"))
            let spillPath = site.path("audit-spill.jsonl")
            try AuditSpill(path: spillPath).write([Self.entry(0)])
            let late = LateAppender()
            let logger = Logger(label: "test") { _ in MessageHook { if $0 == "spilled audit entries appended" { late.fire() } } }
            let writer = AuditWriter(store: access, spillPath: spillPath, logger: logger)
            late.arm(writer, Self.entry(2))
            writer.append(Self.entry(1))

            #expect(await writer.drain(within: limit) == 0, "nothing lost")
            #expect(late.fired && writer.queuedCount == 0)
            let logged = try access.audit(since: nil).map(\.requestID).sorted()
            let spilled = try AuditSpill(path: spillPath).claim(takeStale: false)?.read() ?? []
            if flushedLate {
                #expect(logged == ["req-0", "req-1", "req-2"], "\(logged)")
                #expect(spilled.isEmpty, "\(spilled.map(\.requestID))")
            } else {
                #expect(logged == ["req-0", "req-1"], "\(logged)")
                #expect(spilled.map(\.requestID) == ["req-2"])
            }
        }
    }

    private func lines(_ path: String) throws -> Int {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count
    }
}

/// Appends one entry to a writer the first time it fires: a request finishing while a flush writes.
private final class LateAppender: @unchecked Sendable {
    private let lock = NSLock()
    private var writer: AuditWriter?
    private var entry: AuditEntry?
    private(set) var fired = false

    func arm(_ writer: AuditWriter, _ entry: AuditEntry) { lock.withLock { self.writer = writer; self.entry = entry } }

    func fire() {
        let pending = lock.withLock { () -> (AuditWriter, AuditEntry)? in
            guard !fired, let writer, let entry else { return nil }
            fired = true
            return (writer, entry)
        }
        if let (writer, entry) = pending { writer.append(entry) }
    }
}

/// A log handler that hands every message to `hook` and prints nothing.
private struct MessageHook: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    let hook: @Sendable (String) -> Void

    init(_ hook: @escaping @Sendable (String) -> Void) { self.hook = hook }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) { hook("\(event.message)") }
}
