import Foundation
import KGCore
import Testing
@testable import KGStore

/// What a caller is told when its connection to PostgreSQL is lost around COMMIT: before COMMIT
/// was sent nothing was committed (`DatabaseUnreachable`, safe to run again); after it was sent
/// the server may have committed (`CommitOutcomeUnknown`, not to be retried blindly: a primary
/// stopped while it waits for its synchronous standby has committed locally).
@Suite(.enabled(if: PostgresTestServer.isAvailable, "set GOVBRAIN_TEST_POSTGRES_URL (bash Tools/postgres-dev.sh start)"))
struct PostgresCommitOutcomeTests {
    /// Ends the session `pid` from another connection after `delay` seconds.
    private func terminate(_ pid: StoreValue?, of url: PostgresURL, after delay: Double) -> Thread {
        let killer = Thread {
            Thread.sleep(forTimeInterval: delay)
            guard case .int(let id)? = pid, let admin = try? PostgresStoreConnection.connect(url) else { return }
            _ = try? admin.scalar("SELECT pg_terminate_backend(\(id))")
        }
        killer.start()
        return killer
    }

    @Test func aConnectionLostDuringCommitLeavesTheOutcomeUnknown() throws {
        try PostgresTestServer.withScratchSchema { url in
            let setup = try PostgresStoreConnection.connect(url)
            try setup.execute("CREATE SCHEMA IF NOT EXISTS \(url.schema)")
            try setup.execute("CREATE TABLE slow_commit(x int)")
            // A deferred constraint trigger runs at COMMIT: the COMMIT takes 3 s.
            try setup.execute("CREATE FUNCTION slow_commit_check() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(3); RETURN NULL; END $$")
            try setup.execute("CREATE CONSTRAINT TRIGGER slow_commit_t AFTER INSERT ON slow_commit DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit_check()")

            let c = try PostgresStoreConnection.connect(url)
            try c.begin(.plainWrite, wait: .standard)
            try c.execute("INSERT INTO slow_commit VALUES (1)")
            let killer = terminate(try c.scalar("SELECT pg_backend_pid()"), of: url, after: 0.7)
            let error = try #require(throws: StoreError.self) { try c.commit() }
            _ = killer
            #expect(error.code == .commitOutcomeUnknown, "\(error.code): \(error.message)")
            #expect(error.message.contains("may or may not have been committed"))
            // The connection is usable again once the client has seen its channel close (it
            // reconnects outside a transaction).
            let deadline = Date().addingTimeInterval(5)
            while !c.isBroken && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            #expect(try c.scalar("SELECT 1") == .int(1))
        }
    }

    @Test func aConnectionLostBeforeCommitSaysNothingWasCommitted() throws {
        try PostgresTestServer.withScratchSchema { url in
            let setup = try PostgresStoreConnection.connect(url)
            try setup.execute("CREATE SCHEMA IF NOT EXISTS \(url.schema)")
            try setup.execute("CREATE TABLE plain_commit(x int)")
            let c = try PostgresStoreConnection.connect(url)
            try c.begin(.plainWrite, wait: .standard)
            try c.execute("INSERT INTO plain_commit VALUES (1)")
            let killer = terminate(try c.scalar("SELECT pg_backend_pid()"), of: url, after: 0)
            // Wait until the client has seen its channel close.
            let deadline = Date().addingTimeInterval(5)
            while !c.isBroken && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            _ = killer
            #expect(c.isBroken)
            let error = try #require(throws: StoreError.self) { try c.commit() }
            #expect(error.code == .databaseUnreachable, "\(error.code): \(error.message)")
            #expect(try setup.scalar("SELECT count(*) FROM plain_commit") == .int(0))
        }
    }
}
