import Foundation
import KGCore
import Testing
@testable import KGStore

/// A connection lost during `COPY … FROM STDIN` (the bulk path of imports and restores) fails the
/// copy within about a second with `DatabaseUnreachable`, as any other statement does, instead of
/// holding the caller (and the store's write lock) until the producer next writes, or forever.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "set GOVBRAIN_TEST_POSTGRES_URL (bash Tools/postgres-dev.sh start)"))
struct PostgresCopyLossTests {
    @Test(.timeLimit(.minutes(1))) func aConnectionLostDuringCopyFailsPromptly() throws {
        try PostgresTestServer.withScratchSchema { url in
            let setup = try PostgresStoreConnection.connect(url)
            try setup.execute("CREATE SCHEMA IF NOT EXISTS \(url.schema)")
            try setup.execute("CREATE TABLE copy_target(x int)")
            let c = try PostgresStoreConnection.connect(url)
            try c.begin(.plainWrite, wait: .standard)
            guard case .int(let pid)? = try c.scalar("SELECT pg_backend_pid()") else { Issue.record("no backend pid"); return }
            // The session ends 0.5 s into the copy, while the producer is busy before its first
            // chunk (as an import is while it reads and encodes the next one).
            let killer = Thread {
                Thread.sleep(forTimeInterval: 0.5)
                guard let admin = try? PostgresStoreConnection.connect(url) else { return }
                _ = try? admin.scalar("SELECT pg_terminate_backend(\(pid))")
            }
            killer.start()
            let started = Date()
            let error = try #require(throws: StoreError.self) {
                try c.copy(into: "copy_target", columns: ["x"]) { _ in try await Task.sleep(for: .seconds(40)) }
            }
            let seconds = Date().timeIntervalSince(started)
            _ = killer
            #expect(error.code == .databaseUnreachable, "\(error.code): \(error.message)")
            #expect(seconds < 10, "the copy failed after \(seconds) s")
            // Nothing was committed; the connection reconnects once its transaction is rolled back.
            c.rollback()
            #expect(try setup.scalar("SELECT count(*) FROM copy_target") == .int(0))
            #expect(try c.scalar("SELECT 1") == .int(1))
        }
    }
}
