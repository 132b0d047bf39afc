import Foundation
import KGCore
import Testing
@testable import KGStore

/// A writing transaction left idle (its client silent, or its server hung) on PostgreSQL: the
/// session's `idle_in_transaction_session_timeout` ends it, the writer lock goes to other servers,
/// the stalled transaction's next statement fails saying why, and its store writes again after.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "set GOVBRAIN_TEST_POSTGRES_URL (bash Tools/postgres-dev.sh start)"))
struct PostgresIdleTransactionTests {
    @Test func anIdleWriterIsEndedAndItsStoreRecovers() throws {
        try PostgresTestServer.withScratchSchema { url in
            let a = try GraphStore.open(postgres: url, options: .init(createIfMissing: true, schemaModeForNew: .off))
            let b = try GraphStore.open(postgres: url)   // a second server over the same store
            try a.limitIdleWriteTransactions(seconds: 1)
            let stalled = try a.beginTransaction(readOnly: false, validator: nil)
            _ = try stalled.createNode(labels: ["Stalled"], properties: [:])

            // B waits for the writer lock until PostgreSQL ends A's idle transaction (≈1 s), well
            // within its 5 s lock timeout.
            let started = Date()
            let other = try b.beginTransaction(readOnly: false, validator: nil)
            let waited = Date().timeIntervalSince(started)
            _ = try other.createNode(labels: ["Other"], properties: [:])
            try other.commit()
            #expect(waited >= 0.8 && waited < Double(PostgresStoreConnection.lockTimeoutSeconds), "B waited \(waited) s")

            let ended = try #require(throws: StoreError.self) { _ = try stalled.createNode(labels: ["Stalled"], properties: [:]) }
            #expect(ended.code == .databaseUnreachable)
            #expect(ended.message.contains("idle for more than 1 s") && ended.message.contains("idle_in_transaction_session_timeout"), "\(ended.message)")
            stalled.rollback()

            // A writes again (a new session, with the same limit) and nothing of the stalled transaction is there.
            let again = try a.beginTransaction(readOnly: false, validator: nil)
            _ = try again.createNode(labels: ["After"], properties: [:])
            try again.commit()
            let check = try PostgresStoreConnection.connect(url)
            let labels = try check.rows("SELECT l.name FROM node_labels n JOIN labels l ON l.id = n.label ORDER BY n.node").compactMap { $0.first?.text }
            #expect(labels == ["Other", "After"])
            let pg = try #require(a.db as? PostgresStoreConnection)
            #expect(try pg.scalar("SHOW idle_in_transaction_session_timeout") == .text("1s"))
        }
    }

    @Test func busyTransactionsAreNotEnded() throws {
        try PostgresTestServer.withScratchSchema { url in
            let store = try GraphStore.open(postgres: url, options: .init(createIfMissing: true, schemaModeForNew: .off))
            try store.limitIdleWriteTransactions(seconds: 0.5)
            // Statements 0.2 s apart for 1.2 s: never idle for 0.5 s, so the transaction commits.
            let tx = try store.beginTransaction(readOnly: false, validator: nil)
            for _ in 0..<6 {
                _ = try tx.createNode(labels: ["Steady"], properties: [:])
                Thread.sleep(forTimeInterval: 0.2)
            }
            try tx.commit()
            let read = try store.beginTransaction(readOnly: true, validator: nil)
            #expect(try read.nodeCount(label: "Steady") == 6)
            read.rollback()
            // nil puts the server's setting back (0: off on the dev server).
            try store.limitIdleWriteTransactions(seconds: nil)
            #expect(try (store.db as? PostgresStoreConnection)?.scalar("SHOW idle_in_transaction_session_timeout") == .text("0"))
        }
    }

    @Test func preferStandbyKeepsTheWriterOnAServerThatTakesWrites() throws {
        try PostgresTestServer.withScratchSchema { url in
            var preferring = url
            preferring.targetSessionAttributes = .preferStandby
            let store = try GraphStore.open(postgres: preferring, options: .init(createIfMissing: true, schemaModeForNew: .off))
            let writer = try #require(store.db as? PostgresStoreConnection)
            #expect(writer.url.targetSessionAttributes == .readWrite && writer.readURL?.targetSessionAttributes == .preferStandby)
            let tx = try store.beginTransaction(readOnly: false, validator: nil)
            _ = try tx.createNode(labels: ["Written"], properties: [:])
            try tx.commit()
            // No standby here: readers fall back to the primary and see the write.
            try store.withReader { reader in
                let connection = try #require(reader.db as? PostgresStoreConnection)
                #expect(connection.url.targetSessionAttributes == .preferStandby)
                let read = try reader.beginTransaction(readOnly: true, validator: nil)
                #expect(try read.nodeCount(label: "Written") == 1)
                read.rollback()
            }
            let side = try #require(try store.openSideConnection() as? PostgresStoreConnection)
            #expect(side.url.targetSessionAttributes == .readWrite)
        }
    }
}
