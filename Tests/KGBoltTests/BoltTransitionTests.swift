import Foundation
import Testing
@testable import KGBolt

/// The state machine's less travelled transitions, over a socket: messages before HELLO or in the
/// wrong state, LOGOFF and LOGON again, RESET interrupting a running PULL, a transaction timeout,
/// ROUTE for another database.
@Suite struct BoltTransitionTests {
    @Test func wrongStatesFailAndResetRecovers() async throws {
        let (server, port, _) = try await BoltServerTests.start()
        defer { Task { await server.stop() } }
        let client = try BoltTestClient(port: port)
        #expect(client.handshake([[0, 0, 4, 5]]) == [0, 0, 4, 5])
        #expect(client.run("RETURN 1")?.metadata["code"] == .string("Neo.ClientError.Request.Invalid"))  // before HELLO
        client.request(0x0F, [])
        #expect(client.summary()?.tag == 0x70)
        #expect(client.logIn(key: "admin", version: nil))
        client.request(0x12, [])  // COMMIT outside a transaction
        #expect(client.summary()?.metadata["code"] == .string("Neo.ClientError.Request.Invalid"))
        client.request(0x10, [.string("RETURN 1"), .map([:]), .map([:])])
        #expect(client.summary()?.tag == 0x7E)  // FAILED: ignored until RESET
        client.request(0x0F, [])
        #expect(client.summary()?.tag == 0x70)
        // LOGOFF: back to AUTHENTICATION, where RUN is refused; LOGON again.
        client.request(0x6B, [])
        #expect(client.summary()?.tag == 0x70)
        #expect(client.run("RETURN 1")?.tag == 0x7F)
        client.request(0x0F, [])
        #expect(client.summary()?.tag == 0x70)
        client.request(0x6A, [.map(["scheme": .string("bearer"), "credentials": .string("admin")])])
        #expect(client.summary()?.tag == 0x70)
        #expect(client.run("RETURN 2")?.records == [[.int(2)]])
        // ROUTE for a database this server does not have.
        client.request(0x66, [.map([:]), .list([]), .map(["db": .string("other")])])
        #expect(client.summary()?.metadata["code"] == .string("Neo.ClientError.Database.DatabaseNotFound"))
    }

    @Test func resetInterruptsARunningPull() async throws {
        let (server, port, _) = try await BoltServerTests.start()
        defer { Task { await server.stop() } }
        let client = try BoltTestClient(port: port)
        #expect(client.logIn(key: "admin"))
        client.request(0x10, [.string("UNWIND range(1, 100000) AS a UNWIND range(1, 1000) AS b RETURN a"), .map([:]), .map([:])])
        client.request(0x3F, [.map(["n": .int(-1)])])
        #expect(client.summary()?.tag == 0x70)
        client.request(0x0F, [])
        let interrupted = client.summary()
        #expect(interrupted?.tag == 0x7E)  // the PULL: IGNORED once the RESET stopped it
        #expect(client.summary()?.tag == 0x70)  // the RESET
        #expect(client.run("RETURN 3")?.records == [[.int(3)]])
    }

    @Test func transactionTimeoutRollsBack() async throws {
        let (server, port, _) = try await BoltServerTests.start()
        defer { Task { await server.stop() } }
        let client = try BoltTestClient(port: port)
        #expect(client.logIn(key: "admin"))
        client.request(0x11, [.map(["tx_timeout": .int(200)])])
        #expect(client.summary()?.tag == 0x70)
        _ = client.run("CREATE (:Late)")
        try await Task.sleep(for: .milliseconds(500))
        #expect(client.run("RETURN 1")?.metadata["code"] == .string("Neo.ClientError.Transaction.TransactionTimedOut"))
        client.request(0x0F, [])
        #expect(client.summary()?.tag == 0x70)
        #expect(client.run("MATCH (n:Late) RETURN count(n)")?.records == [[.int(0)]])
    }
}
