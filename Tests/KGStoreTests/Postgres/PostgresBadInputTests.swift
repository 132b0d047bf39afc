import Foundation
import KGCore
import Testing
@testable import KGStore

/// Issue 28's bad input that the other PostgreSQL suites do not cover: a server older than 14 (no
/// such server here: the check's seam), a store of a newer format opened through `GraphStore`
/// (what every command uses), and a server that refuses writes (a standby; here a database whose
/// sessions are read-only, which refuses writes with a standby's SQLSTATE 25006).
@Suite struct PostgresServerVersionTests {
    @Test func serversOlderThan14AreRefusedWithWhatToDo() throws {
        let endpoint = PostgresURL.Endpoint(host: "db.example", port: 5433)
        for (number, shown) in [(130_011, "13.11"), (90_624, "9.6.24"), (0, "unknown")] {
            let error = try #require(throws: StoreError.self) {
                try PostgresStoreConnection.checkServerVersion(number, shown: shown, at: endpoint)
            }
            #expect(error.code == .unsupportedDatabaseServer)
            #expect(error.message.contains("db.example:5433") && error.message.contains("version \(shown)"), "\(error.message)")
            #expect(error.message.contains("PostgreSQL 14 or newer") && error.message.contains("pg_upgrade"), "\(error.message)")
        }
        for number in [140_000, 150_018, 170_002] {
            try PostgresStoreConnection.checkServerVersion(number, shown: "x", at: endpoint)
        }
    }
}

@Suite(.enabled(if: PostgresTestServer.isAvailable, "set GOVBRAIN_TEST_POSTGRES_URL (bash Tools/postgres-dev.sh start)"))
struct PostgresBadInputTests {
    @Test func newerFormatIsRefusedByGraphStoreAndLeftAlone() throws {
        try PostgresTestServer.withScratchSchema { url in
            _ = try GraphStore.open(postgres: url, options: .init(createIfMissing: true, schemaModeForNew: .off))
            let admin = try PostgresStoreConnection.connect(url)
            let newer = GraphStore.formatVersion + 1
            try admin.execute("UPDATE meta SET value = '\(newer)' WHERE key = 'format_version'")
            for readOnly in [false, true] {
                let error = try #require(throws: StoreError.self) {
                    try GraphStore.open(postgres: url, options: .init(readOnly: readOnly))
                }
                #expect(error.code == .newerFormat, "\(error)")
                #expect(error.message.contains("store format \(newer)") && error.message.contains("Upgrade govbrain"), "\(error.message)")
                #expect(!(url.password.map { error.message.contains($0.revealed) } ?? false))
            }
            // Refused before anything was migrated or written.
            #expect(try admin.scalar("SELECT value FROM meta WHERE key = 'format_version'") == .text(String(newer)))
        }
    }

    @Test func aServerThatRefusesWritesSaysSoAndLosesNothing() throws {
        try PostgresTestServer.withScratchDatabase { url in
            let store = try GraphStore.open(postgres: url, options: .init(createIfMissing: true, schemaModeForNew: .off))
            try store.writeNode(label: "Kept")
            let admin = try PostgresStoreConnection.connect(url)
            try admin.execute("ALTER DATABASE \(url.database) SET default_transaction_read_only = on")

            // Like a standby: sessions opened from now on refuse writes.
            let standIn = try GraphStore.open(postgres: url)
            let refused = try #require(throws: StoreError.self) {
                try standIn.writeNode(label: "Lost")
            }
            #expect(refused.code == .pathNotWritable, "\(refused)")
            #expect(refused.message.contains("read-only") && refused.message.contains("target_session_attrs=read-write"), "\(refused.message)")
            // The store still works for reads, and the next write is refused the same way (no stuck transaction).
            let read = try standIn.beginTransaction(readOnly: true, validator: nil)
            #expect(try read.nodeCount(label: nil) == 1)
            read.rollback()
            #expect(throws: StoreError.self) { try standIn.writeNode(label: "Lost") }

            // Asking for a server that takes writes: the connection is refused, naming the server and why.
            var readWrite = url
            readWrite.targetSessionAttributes = .readWrite
            let unsuitable = try #require(throws: StoreError.self) { try GraphStore.open(postgres: readWrite) }
            #expect(unsuitable.code == .databaseUnreachable)
            #expect(unsuitable.message.contains("\(url.endpoints[0]): not read-write"), "\(unsuitable.message)")

            try admin.execute("ALTER DATABASE \(url.database) RESET default_transaction_read_only")
            let after = try PostgresStoreConnection.connect(url)
            #expect(try after.scalar("SELECT count(*) FROM govbrain.nodes") == .int(1))
            #expect(try after.scalar("SELECT count(*) FROM govbrain.labels WHERE name = 'Lost'") == .int(0))
        }
    }
}

extension GraphStore {
    /// Creates one node with `label` in a write transaction of its own.
    @discardableResult
    fileprivate func writeNode(label: String) throws -> Int64 {
        let tx = try beginTransaction(readOnly: false, validator: nil)
        defer { tx.rollback() }
        let id = try tx.createNode(labels: [label], properties: [:])
        try tx.commit()
        return id
    }
}
