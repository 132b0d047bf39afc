import Foundation
import KGCore
import Testing
@testable import KGStore

/// Reads on a real streaming-replication standby, and a standby asked to write. Needs the
/// primary and synchronous standby of `Tools/pg-ha.sh` (`remote_apply`):
///
///     bash Tools/pg-ha.sh up --no-servers
///     GOVBRAIN_TEST_HA_URL="$(bash Tools/pg-ha.sh env | sed -n 's/^DB_URL=//p')" \
///       swift test --skip-build --filter PostgresStandbyTests
///
/// (`Tools/test.sh` does so.) Skipped without `GOVBRAIN_TEST_HA_URL` (the URL naming both nodes).
@Suite(.enabled(if: HATestServers.url != nil, "set GOVBRAIN_TEST_HA_URL to Tools/pg-ha.sh's DB_URL"))
struct PostgresStandbyTests {
    @Test func readersPreferTheStandbyAndSeeEveryAcknowledgedWrite() throws {
        let (primary, standby) = try HATestServers.roles()
        try HATestServers.withSchema { base in
            var url = base
            url.endpoints = [standby, primary]   // the standby first: the writer must still find the primary
            url.targetSessionAttributes = .preferStandby
            let store = try GraphStore.open(postgres: url, options: .init(createIfMissing: true, schemaModeForNew: .off))
            #expect((store.db as? PostgresStoreConnection)?.endpoint == primary)
            for i in 1...20 {
                let tx = try store.beginTransaction(readOnly: false, validator: nil)
                _ = try tx.createNode(labels: ["Acknowledged"], properties: ["i": .int(Int64(i))])
                try tx.commit()
                // remote_apply: once the commit returned, the standby has applied it.
                try store.withReader { reader in
                    #expect((reader.db as? PostgresStoreConnection)?.endpoint == standby)
                    let read = try reader.beginTransaction(readOnly: true, validator: nil)
                    defer { read.rollback() }
                    #expect(try read.nodeCount(label: "Acknowledged") == i, "write \(i) not yet visible on the standby")
                }
            }
            let onStandby = try store.withReader { reader in try reader.db.scalar("SELECT pg_is_in_recovery()") }
            #expect(onStandby == .int(1))
        }
    }

    @Test func aStandbyAskedToWriteRefusesAndTheHostListReachesThePrimary() throws {
        let (primary, standby) = try HATestServers.roles()
        try HATestServers.withSchema { base in
            var onPrimary = base
            onPrimary.endpoints = [primary]
            onPrimary.targetSessionAttributes = .any
            let store = try GraphStore.open(postgres: onPrimary, options: .init(createIfMissing: true, schemaModeForNew: .off))
            let first = try store.beginTransaction(readOnly: false, validator: nil)
            _ = try first.createNode(labels: ["Kept"], properties: [:])
            try first.commit()

            // Only the standby: the write is refused, saying what to do, and nothing is written.
            var onStandby = onPrimary
            onStandby.endpoints = [standby]
            let standbyStore = try GraphStore.open(postgres: onStandby)
            let refused = try #require(throws: StoreError.self) {
                let tx = try standbyStore.beginTransaction(readOnly: false, validator: nil)
                defer { tx.rollback() }
                _ = try tx.createNode(labels: ["Lost"], properties: [:])
                try tx.commit()
            }
            #expect(refused.code == .pathNotWritable, "\(refused)")
            #expect(refused.message.contains("\(standby)") && refused.message.contains("target_session_attrs=read-write"), "\(refused.message)")

            // Both hosts, the standby first, read-write: the write goes to the primary.
            var both = onPrimary
            both.endpoints = [standby, primary]
            both.targetSessionAttributes = .readWrite
            let routed = try GraphStore.open(postgres: both)
            #expect((routed.db as? PostgresStoreConnection)?.endpoint == primary)
            let tx = try routed.beginTransaction(readOnly: false, validator: nil)
            _ = try tx.createNode(labels: ["Routed"], properties: [:])
            try tx.commit()

            let check = try standbyStore.beginTransaction(readOnly: true, validator: nil)
            defer { check.rollback() }
            #expect(try check.nodeCount(label: "Kept") == 1 && check.nodeCount(label: "Routed") == 1 && check.nodeCount(label: "Lost") == 0)
        }
    }
}

/// The two nodes of `Tools/pg-ha.sh` named by `GOVBRAIN_TEST_HA_URL`.
enum HATestServers {
    static let url: PostgresURL? = ProcessInfo.processInfo.environment["GOVBRAIN_TEST_HA_URL"]
        .flatMap { $0.isEmpty ? nil : try? PostgresURL(parsing: $0) }

    /// Which endpoint is the primary and which the standby now.
    static func roles() throws -> (primary: PostgresURL.Endpoint, standby: PostgresURL.Endpoint) {
        let base = try #require(url)
        var primary: PostgresURL.Endpoint?, standby: PostgresURL.Endpoint?
        for endpoint in base.endpoints {
            var one = base
            one.endpoints = [endpoint]
            one.targetSessionAttributes = .any
            if try PostgresStoreConnection.connect(one).scalar("SELECT pg_is_in_recovery()") == .int(1) { standby = endpoint } else { primary = endpoint }
        }
        return (try #require(primary, "no primary among \(base)"), try #require(standby, "no standby among \(base)"))
    }

    /// Runs `body` with the URL naming a new schema, dropped afterwards (on the primary).
    static func withSchema<T>(_ body: (PostgresURL) throws -> T) throws -> T {
        var scoped = try #require(url)
        scoped.schema = "t_ha_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        defer {
            var writer = scoped
            writer.targetSessionAttributes = .readWrite
            try? GraphStore.dropPostgresStore(writer)
        }
        return try body(scoped)
    }
}
