import Foundation
import KGEngine
import KGStore
import Testing
@testable import KGBolt

/// A Bolt client that opens a writing transaction on a PostgreSQL store and goes silent: the
/// database's idle-transaction limit (`BoltServer.Configuration.storeIdleTransactionTimeoutSeconds`)
/// ends it and frees the cluster-wide writer lock for the other servers; the client's next message
/// fails with a transient error that says why; its later writes go through. Needs
/// `GOVBRAIN_TEST_POSTGRES_URL` (bash Tools/postgres-dev.sh start).
@Suite(.enabled(if: PostgresForBolt.url != nil, "set GOVBRAIN_TEST_POSTGRES_URL (bash Tools/postgres-dev.sh start)"))
struct BoltIdleTransactionTests {
    @Test func aSilentTransactionIsEndedAndTheSessionWritesAgain() async throws {
        let base = try #require(PostgresForBolt.url)
        let schema = "t_bolt_idle_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        let location = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
        defer { try? GraphStore.dropPostgresStore(PostgresURL(parsing: location)) }
        let graph = try KnowledgeGraph.open(path: location, options: .init(createIfMissing: true, schemaModeForNew: .off))
        let otherServer = try KnowledgeGraph.open(path: location)
        var configuration = BoltServer.Configuration(host: "127.0.0.1", port: 0)
        configuration.transactionTimeoutSeconds = 60   // the Bolt timer stays out of the way
        configuration.storeIdleTransactionTimeoutSeconds = 1
        let server = BoltServer(configuration: configuration, graph: graph, authority: TestAuthority())
        let port = try await server.start()
        defer { Task { await server.stop() } }

        let client = try BoltTestClient(port: port)
        #expect(client.logIn(key: "admin"))
        client.request(0x11, [.map([:])])
        #expect(client.summary()?.tag == 0x70)
        #expect(client.run("CREATE (:Abandoned)")?.tag == 0x70)

        // Another server's write waits for the writer lock only until PostgreSQL ends the idle transaction.
        let started = Date()
        try otherServer.query("CREATE (:FromB)") { _, _ in }
        let waited = Date().timeIntervalSince(started)
        #expect(waited >= 0.8 && waited < 5, "B waited \(waited) s")

        client.request(0x12, [])   // COMMIT
        let failure = client.summary()
        #expect(failure?.tag == 0x7F)
        #expect(failure?.metadata["code"] == .string("Neo.TransientError.General.DatabaseUnavailable"), "\(String(describing: failure))")
        let message = failure?.metadata["message"]?.stringValue ?? ""
        #expect(message.contains("idle for more than 1 s") && message.contains("Nothing of it was committed"), "\(message)")
        client.request(0x0F, [])   // RESET
        #expect(client.summary()?.tag == 0x70)
        #expect(client.run("CREATE (:After)")?.tag == 0x70)
        #expect(client.run("MATCH (n) RETURN labels(n)[0] AS l ORDER BY l")?.records == [[.string("After")], [.string("FromB")]])
    }
}

/// The test PostgreSQL server's URL, when one is set.
enum PostgresForBolt {
    static let url = ProcessInfo.processInfo.environment["GOVBRAIN_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
}
