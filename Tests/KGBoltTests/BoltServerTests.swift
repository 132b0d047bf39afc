import Foundation
import KGEngine
import KGStore
import Testing
import GovBrainTestSupport
@testable import KGBolt

/// The Bolt server over a real socket: the state machine message by message, transactions,
/// both protocol generations, and bad input (each answered with a FAILURE or a closed
/// connection while the server keeps serving others), on both store backends (`TestBackend.all`).
@Suite struct BoltServerTests {
    /// A server on a fresh schema-free SQLite database and a free port.
    static func start(_ adjust: (inout BoltServer.Configuration) -> Void = { _ in }) async throws -> (BoltServer, Int, TestAuthority) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bolt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let graph = try KnowledgeGraph.open(path: folder.appendingPathComponent("g.sqlite").path,
                                            options: .init(createIfMissing: true, schemaModeForNew: .off))
        return try await start(graph, adjust)
    }

    /// A server on `graph` and a free port.
    static func start(_ graph: KnowledgeGraph, _ adjust: (inout BoltServer.Configuration) -> Void = { _ in }) async throws -> (BoltServer, Int, TestAuthority) {
        var configuration = BoltServer.Configuration(host: "127.0.0.1", port: 0)
        adjust(&configuration)
        let authority = TestAuthority()
        let server = BoltServer(configuration: configuration, graph: graph, authority: authority)
        return (server, try await server.start(), authority)
    }

    /// Runs `body` against a server on a fresh schema-free database of `backend` (a file, or a
    /// schema of the PostgreSQL test server), then stops the server and removes the database.
    static func withServer(_ backend: TestBackend, _ adjust: (inout BoltServer.Configuration) -> Void = { _ in },
                           _ body: (Int, TestAuthority) async throws -> Void) async throws {
        let site = try TestStoreSite(backend)
        let graph = try KnowledgeGraph.open(path: try site.location("g"), options: .init(createIfMissing: true, schemaModeForNew: .off))
        let (server, port, authority) = try await start(graph, adjust)
        do {
            try await body(port, authority)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
        withExtendedLifetime(site) {}   // the site drops its PostgreSQL schema when released
    }

    @Test(arguments: TestBackend.all) func conversationFollowsTheStateMachine(_ backend: TestBackend) async throws {
        try await Self.withServer(backend) { port, authority in
            let client = try BoltTestClient(port: port)
            #expect(client.handshake([[0, 8, 8, 5], [0, 2, 4, 4]]) == [0, 0, 4, 5])
            client.request(0x01, [.map(["user_agent": .string("test/1")])])
            let hello = client.summary()
            #expect(hello?.tag == 0x70 && hello?.metadata["server"]?.stringValue?.hasPrefix("Neo4j/") == true)
            client.request(0x6A, [.map(["scheme": .string("basic"), "principal": .string("x"), "credentials": .string("admin")])])
            #expect(client.summary()?.tag == 0x70)
            // PULL in pieces: has_more, then the rest and the summary.
            client.request(0x10, [.string("UNWIND range(1, 5) AS i RETURN i"), .map([:]), .map([:])])
            #expect(client.summary()?.metadata["fields"] == .list([.string("i")]))
            client.request(0x3F, [.map(["n": .int(2)])])
            let first = client.summary()
            #expect(first?.records == [[.int(1)], [.int(2)]] && first?.metadata["has_more"] == .bool(true))
            client.request(0x3F, [.map(["n": .int(-1)])])
            let rest = client.summary()
            #expect(rest?.records == [[.int(3)], [.int(4)], [.int(5)]] && rest?.metadata["type"] == .string("r"))
            #expect(rest?.metadata["bookmark"]?.stringValue != nil)
            // A FAILURE, then IGNORED until RESET.
            client.request(0x10, [.string("MATCH (n RETURN n"), .map([:]), .map([:])])
            client.request(0x3F, [.map(["n": .int(-1)])])
            #expect(client.summary()?.metadata["code"] == .string("Neo.ClientError.Statement.SyntaxError"))
            #expect(client.summary()?.tag == 0x7E)
            client.request(0x0F, [])
            #expect(client.summary()?.tag == 0x70)
            #expect(client.run("RETURN $x AS x", ["x": .string("ü")])?.records == [[.string("ü")]])
            // DISCARD keeps the auto-commit query's writes.
            client.request(0x10, [.string("CREATE (n:Item {k: 1}) RETURN n"), .map([:]), .map([:])])
            client.request(0x2F, [.map(["n": .int(-1)])])
            _ = client.summary()
            #expect(client.summary()?.metadata["stats"]?.mapValue?["nodes-created"] == .int(1))
            #expect(client.run("MATCH (n:Item) RETURN count(n)")?.records == [[.int(1)]])
            // ROUTE lists this server.
            client.request(0x66, [.map([:]), .list([]), .map([:])])
            let table = client.summary()?.metadata["rt"]?.mapValue
            #expect(table?["servers"]?.listValue?.count == 3)
            client.request(0x02, [])
            #expect(client.isClosedByServer)
            #expect(authority.audited.filter { $0.message == "RUN" }.count == 5)
        }
    }

    @Test(arguments: TestBackend.all) func explicitTransactionsAreIsolatedAndRollBack(_ backend: TestBackend) async throws {
        try await Self.withServer(backend) { port, _ in
            let a = try BoltTestClient(port: port), b = try BoltTestClient(port: port)
            #expect(a.logIn(key: "admin") && b.logIn(key: "reader"))
            a.request(0x11, [.map(["tx_metadata": .map(["app": .string("t")])])])
            #expect(a.summary()?.tag == 0x70)
            a.request(0x10, [.string("CREATE (:Tmp {k: 1})"), .map([:]), .map([:])])
            #expect(a.summary()?.metadata["qid"] == .int(0))
            a.request(0x3F, [.map(["n": .int(-1), "qid": .int(0)])])
            #expect(a.summary()?.tag == 0x70)
            #expect(a.run("MATCH (t:Tmp) RETURN count(t)")?.records == [[.int(1)]])
            #expect(b.run("MATCH (t:Tmp) RETURN count(t)")?.records == [[.int(0)]])
            a.request(0x13, [])
            #expect(a.summary()?.tag == 0x70)
            #expect(a.run("MATCH (t:Tmp) RETURN count(t)")?.records == [[.int(0)]])
            a.request(0x11, [.map([:])])
            _ = a.summary()
            _ = a.run("CREATE (:Tmp {k: 2})")
            a.request(0x12, [])
            #expect(a.summary()?.metadata["bookmark"]?.stringValue != nil)
            #expect(b.run("MATCH (t:Tmp) RETURN t.k")?.records == [[.int(2)]])
            // A read-only role: writes are forbidden in both kinds of transaction; the row cap holds.
            #expect(b.run("CREATE (:X)")?.metadata["code"] == .string("Neo.ClientError.Security.Forbidden"))
            b.request(0x0F, [])
            _ = b.summary()
            #expect(b.run("UNWIND range(1, 10) AS i RETURN i")?.tag == 0x7F)
            b.request(0x0F, [])
            _ = b.summary()
            b.request(0x11, [.map([:])])
            #expect(b.summary()?.tag == 0x70)
            #expect(b.run("CREATE (:X)")?.metadata["code"] == .string("Neo.ClientError.Security.Forbidden"))
            // A role without Cypher.
            let desk = try BoltTestClient(port: port)
            #expect(desk.logIn(key: "desk"))
            #expect(desk.run("RETURN 1")?.metadata["code"] == .string("Neo.ClientError.Security.Forbidden"))
            // A bad key closes the connection.
            let bad = try BoltTestClient(port: port)
            #expect(!bad.logIn(key: "nope"))
            #expect(bad.isClosedByServer)
        }
    }

    @Test(arguments: TestBackend.all) func speaksBolt44WithHelloAuthentication(_ backend: TestBackend) async throws {
        try await Self.withServer(backend) { port, _ in
            let client = try BoltTestClient(port: port)
            #expect(client.handshake([[0, 0, 4, 4]]) == [0, 0, 4, 4])
            client.request(0x01, [.map(["user_agent": .string("old/1"), "scheme": .string("basic"), "principal": .string("u"), "credentials": .string("admin")])])
            #expect(client.summary()?.tag == 0x70)
            let row = client.run("CREATE (n:P {name: 'a'}) RETURN n, date('2024-01-02') AS d")?.records.first
            guard case .structure(tag: 0x4E, fields: let fields)? = row?.first else { Issue.record("no node"); return }
            #expect(fields.count == 3)  // 4.4: no element id
            #expect(row?.last == .structure(tag: 0x44, fields: [.int(19_724)]))
        }
    }

    @Test(arguments: TestBackend.all) func badInputClosesOrFailsAndTheServerGoesOn(_ backend: TestBackend) async throws {
        try await Self.withServer(backend, { $0.handshakeTimeoutSeconds = 0.3; $0.maxMessageBytes = 4096 }) { port, _ in
            func stillServes() -> Bool {
                guard let c = try? BoltTestClient(port: port), c.logIn(key: "admin") else { return false }
                return c.run("RETURN 1")?.records == [[.int(1)]]
            }
            // Wrong magic: closed.
            let magic = try BoltTestClient(port: port)
            magic.send([0x47, 0x45, 0x54, 0x20] + [UInt8](repeating: 0, count: 16))
            #expect(magic.isClosedByServer)
            // No common version: zero, then closed.
            let versions = try BoltTestClient(port: port)
            #expect(versions.handshake([[0, 0, 0, 3], [0, 0, 9, 6]]) == [0, 0, 0, 0])
            #expect(versions.isClosedByServer)
            // Silent after connecting: closed after the handshake timeout.
            let silent = try BoltTestClient(port: port)
            #expect(silent.isClosedByServer)
            // Too large, a wrong marker, a string that is not UTF-8, 10,000-deep nesting: FAILURE and closed.
            let deep = [UInt8](repeating: 0x91, count: 10_000) + [0x01]
            let bad: [[UInt8]] = [
                [0xB1, 0x10, 0xC7],
                [0xB3, 0x10, 0x82, 0xFF, 0xFE, 0xA0, 0xA0],
                [0xB3, 0x10, 0x81, 0x61, 0xA1, 0x81, 0x78] + deep.prefix(3000) + [0xA0],
                [UInt8](repeating: 0x01, count: 5000),
            ]
            for message in bad {
                let client = try BoltTestClient(port: port)
                #expect(client.logIn(key: "admin"))
                var wire: [UInt8] = []
                ChunkAssembler.frame(message, into: &wire)
                client.send(wire)
                let answer = client.response()
                #expect(answer?.tag == 0x7F)
                #expect(client.isClosedByServer)
            }
            // A chunk stream cut mid-message.
            do {
                let cut = try BoltTestClient(port: port)
                #expect(cut.logIn(key: "admin"))
                cut.send([0x00, 0x40, 0xB1, 0x10])
            }
            #expect(stillServes())
        }
    }

    @Test(arguments: TestBackend.all) func largeResultsStreamInBatches(_ backend: TestBackend) async throws {
        try await Self.withServer(backend) { port, _ in
            let client = try BoltTestClient(port: port)
            #expect(client.logIn(key: "admin"))
            client.request(0x10, [.string("UNWIND range(1, 100000) AS i RETURN i"), .map([:]), .map([:])])
            _ = client.summary()
            var total = 0
            for _ in 0..<3 {
                client.request(0x3F, [.map(["n": .int(1000)])])
                let batch = client.summary()
                total += batch?.records.count ?? 0
                #expect(batch?.metadata["has_more"] == .bool(true))
            }
            client.request(0x2F, [.map(["n": .int(-1)])])
            #expect(client.summary()?.tag == 0x70)
            #expect(total == 3000)
            #expect(client.run("RETURN 1")?.records == [[.int(1)]])
        }
    }
}
