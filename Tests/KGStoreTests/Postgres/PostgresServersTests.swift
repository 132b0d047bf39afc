import Foundation
import KGCore
import Testing
@testable import KGStore

/// Several servers over one PostgreSQL store (issue 28, step 4): the graph version each keeps in
/// memory follows the others' commits (NOTIFY, and the poll when a notification is missed), and
/// connections the server ended are replaced before the next statement.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "set GOVBRAIN_TEST_POSTGRES_URL (bash Tools/postgres-dev.sh start)"))
struct PostgresServersTests {
    /// Creates a node through `store` and returns the graph version it committed.
    func write(_ store: GraphStore) throws {
        let tx = try store.beginTransaction(readOnly: false, validator: nil)
        _ = try tx.createNode(labels: ["P"], properties: ["n": .int(1)])
        try tx.commit()
    }

    /// Waits until `condition` holds, at most `seconds`; returns the time it took (nil: timed out).
    func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Double? {
        let start = Date()
        while Date().timeIntervalSince(start) < seconds {
            if condition() { return Date().timeIntervalSince(start) }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return nil
    }

    @Test func aWriteThroughOneServerMovesTheOthersVersionWithinASecond() throws {
        try PostgresTestServer.withScratchSchema { url in
            let a = try GraphStore.open(postgres: url, options: .init(createIfMissing: true, schemaModeForNew: .off))
            let b = try GraphStore.open(postgres: url)
            let before = b.graphVersion
            #expect(b.changeWatcher != nil && a.graphVersion == before)
            for round in 1...3 {
                try write(a)
                #expect(a.graphVersion == before + Int64(round))   // the writer knows at once
                let took = waitFor(1) { b.graphVersion == before + Int64(round) }
                #expect(took != nil, "round \(round): server B still at \(b.graphVersion)")
            }
            // The notifications did it, not the once-a-second poll.
            #expect((b.changeWatcher?.notifications ?? 0) >= 1)
        }
    }

    @Test func aMissedNotificationIsCaughtByThePoll() throws {
        try PostgresTestServer.withScratchSchema { url in
            let a = try GraphStore.open(postgres: url, options: .init(createIfMissing: true, schemaModeForNew: .off))
            let before = a.graphVersion
            // A commit that sends no notification (as if the listener had been down then).
            try PostgresStoreConnection.connect(url).execute("UPDATE meta SET value = '\(before + 5)' WHERE key = 'graph_version'")
            let took = waitFor(3) { a.graphVersion == before + 5 }
            #expect(took != nil)
            #expect(a.graphVersion == before + 5)
        }
    }

    @Test func connectionsEndedByTheServerAreReplaced() throws {
        try PostgresTestServer.withScratchSchema { base in
            var url = base
            url.applicationName = "gb_reconnect_" + UUID().uuidString.prefix(8).lowercased()
            let store = try GraphStore.open(postgres: url, options: .init(createIfMissing: true, schemaModeForNew: .off))
            try write(store)
            #expect(try store.withReader { try $0.beginTransaction(readOnly: true, validator: nil).nodeCount(label: nil) } == 1)
            _ = store.graphVersion
            let admin = try PostgresStoreConnection.connect(base)
            // The watcher connects on its own thread: wait until all three are there before ending them.
            let count = { (try? admin.scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?",
                                             [.text(url.applicationName)])?.int) ?? 0 }
            #expect(waitFor(10) { count() >= 3 } != nil, "the writer, a reader and the watcher never all connected")
            let ended = try admin.scalar("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?",
                                         [.text(url.applicationName)])?.int ?? 0
            #expect(ended >= 3)   // the writer, a reader and the watcher
            #expect(waitFor(2) { store.connectionBroken } != nil)
            // The next write and read go through new connections.
            try write(store)
            #expect(try store.withReader { try $0.beginTransaction(readOnly: true, validator: nil).nodeCount(label: nil) } == 2)
            #expect(waitFor(3) { store.graphVersion >= 2 } != nil)
            let back = try admin.scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?", [.text(url.applicationName)])?.int ?? 0
            #expect(back >= 2)
        }
    }

    @Test func readersAreCappedAndGivenBack() throws {
        try PostgresTestServer.withScratchSchema { url in
            let store = try GraphStore.open(postgres: url, options: .init(createIfMissing: true, schemaModeForNew: .off))
            let readers = try (0..<GraphStore.maxReaders).map { _ in try store.borrowReader() }
            #expect(store.readersOut == GraphStore.maxReaders)
            // A borrower waits while all are out, and gets the first one given back.
            let waited = Date()
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { store.returnReader(readers[0]) }
            let next = try store.borrowReader()
            #expect(Date().timeIntervalSince(waited) >= 0.25)
            store.returnReader(next)
            for r in readers.dropFirst() { store.returnReader(r) }
            #expect(store.readersOut == 0)
        }
    }
}
