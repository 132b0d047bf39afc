import Foundation
import KGCore
import Testing
@testable import KGStore

/// The PostgreSQL store's connection, format and migrations against a real server
/// (`GOVBRAIN_TEST_POSTGRES_URL`, see `PostgresTestServer`); skipped without one.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "set GOVBRAIN_TEST_POSTGRES_URL (bash Tools/postgres-dev.sh start)"))
struct PostgresStoreTests {
    @Test func connectsAndReadsTheServerVersion() throws {
        let connection = try PostgresStoreConnection.connect(try #require(PostgresTestServer.url))
        #expect(connection.serverVersion >= PostgresStoreConnection.minimumServerVersion)
        #expect(try connection.scalar("SELECT $1::bigint + 1", [.int(41)]) == .int(42))
        #expect(try connection.scalar("SELECT $1::text", [.text("负责人 ✓")]) == .text("负责人 ✓"))
        #expect(try connection.scalar("SELECT $1::float8 * 2", [.double(1.25)]) == .double(2.5))
        #expect(try connection.scalar("SELECT NULL::text") == .null)
    }

    @Test func wrongPasswordIsRefusedWithoutShowingIt() throws {
        var url = try #require(PostgresTestServer.url)
        let right = url.password?.revealed ?? ""
        url.password = PostgresPassword("not-the-password-42")
        let error = try #require(throws: StoreError.self) { try PostgresStoreConnection.connect(url) }
        #expect(error.code == .databaseAuthenticationFailed, "\(error)")
        #expect(error.message.contains(url.endpoints[0].description) && error.message.contains("'\(url.user)'"))
        #expect(!error.message.contains("not-the-password-42"))
        if !right.isEmpty { #expect(!error.message.contains(right)) }
    }

    @Test func missingDatabaseIsNamed() throws {
        var url = try #require(PostgresTestServer.url)
        url.database = "govbrain_no_such_database"
        let error = try #require(throws: StoreError.self) { try PostgresStoreConnection.connect(url) }
        #expect(error.code == .databaseMissing)
        #expect(error.message.contains("govbrain_no_such_database"))
    }

    @Test func targetSessionAttributesPickAMatchingHost() throws {
        var url = try #require(PostgresTestServer.url)
        url.targetSessionAttributes = .readWrite
        #expect(try PostgresStoreConnection.connect(url).endpoint == url.endpoints[0])
        url.targetSessionAttributes = .standby
        let error = try #require(throws: StoreError.self) { try PostgresStoreConnection.connect(url) }
        #expect(error.code == .databaseUnreachable && error.message.contains("not standby"), "\(error.message)")
        url.targetSessionAttributes = .preferStandby
        #expect(try PostgresStoreConnection.connect(url).endpoint == url.endpoints[0])
    }

    @Test func createsTheStoreOnceAndReopensIt() throws {
        try PostgresTestServer.withScratchDatabase { url in
            let missing = try #require(throws: StoreError.self) { try PostgresStore.open(url) }
            #expect(missing.code == .databaseMissing)
            let store = try PostgresStore.open(url, options: .init(createIfMissing: true, schemaModeForNew: .off))
            #expect(store.formatVersion == GraphStore.formatVersion)
            #expect(try store.meta("format_version") == String(GraphStore.formatVersion))
            #expect(store.schemaMode == .off)
            #expect(try store.meta("next_node_id") == "0")
            let tables = try store.connection.rows("SELECT tablename FROM pg_tables WHERE schemaname = 'govbrain' ORDER BY 1").compactMap { $0.first?.text }
            #expect(tables == ["api_keys", "audit_log", "labels", "meta", "node_columns", "node_keys", "node_labels", "nodes", "property_indexes",
                               "property_keys", "rel_types", "rels", "webhook_deliveries", "webhooks"])
            let again = try PostgresStore.open(url, options: .init(readOnly: true))
            #expect(again.formatVersion == GraphStore.formatVersion && again.schemaMode == .off)
        }
    }

    @Test func refusesANewerFormatAndAForeignSchema() throws {
        try PostgresTestServer.withScratchDatabase { url in
            let store = try PostgresStore.open(url, options: .init(createIfMissing: true))
            try store.setMeta("format_version", String(GraphStore.formatVersion + 1))
            let newer = try #require(throws: StoreError.self) { try PostgresStore.open(url) }
            #expect(newer.code == .newerFormat && newer.message.contains("format \(GraphStore.formatVersion + 1)"))
            try store.connection.execute("DROP SCHEMA govbrain CASCADE; CREATE SCHEMA govbrain; CREATE TABLE govbrain.other(x int)")
            let foreign = try #require(throws: StoreError.self) { try PostgresStore.open(url, options: .init(createIfMissing: true)) }
            #expect(foreign.code == .notADatabase)
        }
    }

    @Test func serversOpeningAtOnceCreateTheStoreOnce() throws {
        try PostgresTestServer.withScratchDatabase { url in
            let results = LockedResults()
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do { results.add(try PostgresStore.open(url, options: .init(createIfMissing: true)).formatVersion) } catch { results.fail(error) }
            }
            #expect(results.failures.isEmpty, "\(results.failures)")
            #expect(results.versions == Array(repeating: GraphStore.formatVersion, count: 4))
        }
    }

    @Test func transactionsAreAllOrNothing() throws {
        try PostgresTestServer.withScratchDatabase { url in
            let store = try PostgresStore.open(url, options: .init(createIfMissing: true))
            struct Abort: Error {}
            #expect(throws: Abort.self) {
                try store.writeTransaction { c in
                    _ = try c.rows("INSERT INTO govbrain.nodes(id, props) VALUES(0, '{}')")
                    throw Abort()
                }
            }
            #expect(try store.connection.scalar("SELECT count(*) FROM govbrain.nodes") == .int(0))
            try store.writeTransaction { c in _ = try c.rows("INSERT INTO govbrain.nodes(id, props) VALUES(0, '{}')") }
            #expect(try store.connection.scalar("SELECT count(*) FROM govbrain.nodes") == .int(1))
        }
    }

    @Test func auditLogIsAppendOnlyAndColumnsAreInvalidated() throws {
        try PostgresTestServer.withScratchDatabase { url in
            let store = try PostgresStore.open(url, options: .init(createIfMissing: true))
            let c = store.connection
            _ = try c.rows("""
                INSERT INTO govbrain.audit_log(at, request_id, method, route, path, rows, status, duration_ms)
                VALUES('2026-12-06T00:00:00Z', 'r1', 'GET', '/v1/query', '/v1/query', 1, 200, 1.5)
                """)
            for sql in ["UPDATE govbrain.audit_log SET status = 500", "DELETE FROM govbrain.audit_log", "TRUNCATE govbrain.audit_log"] {
                let error = try #require(throws: StoreError.self) { try c.execute(sql) }
                #expect(error.message.contains("append-only"), "\(sql): \(error.message)")
            }
            #expect(try c.scalar("SELECT count(*) FROM govbrain.audit_log") == .int(1))
            try c.execute("""
                INSERT INTO govbrain.nodes(id, props) VALUES(1, '{}');
                INSERT INTO govbrain.node_columns(label, key, data) VALUES(7, 'name', '\\\\x00');
                INSERT INTO govbrain.node_labels(label, node) VALUES(7, 1);
                """)
            #expect(try c.scalar("SELECT count(*) FROM govbrain.node_columns") == .int(0))
        }
    }
}

/// Results gathered from concurrent openers.
private final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var versions: [Int] = []
    private(set) var failures: [String] = []
    func add(_ v: Int) { lock.lock(); versions.append(v); lock.unlock() }
    func fail(_ e: any Error) { lock.lock(); failures.append("\(e)"); lock.unlock() }
}
