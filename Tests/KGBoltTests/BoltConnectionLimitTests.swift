import Foundation
import Testing
@testable import KGBolt

/// The connection cap and the idle timeout: past the cap a new connection is closed at once
/// (and admitted again once one ends); a silent connection is closed, a busy one is not.
@Suite struct BoltConnectionLimitTests {
    /// Polls `condition` for up to `seconds`.
    static func eventually(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    @Test func connectionsPastTheCapAreClosed() async throws {
        let (server, port, _) = try await BoltServerTests.start { $0.maxConnections = 2 }
        defer { Task { await server.stop() } }
        let a = try BoltTestClient(port: port), b = try BoltTestClient(port: port)
        #expect(a.logIn(key: "admin") && b.logIn(key: "admin"))
        let c = try BoltTestClient(port: port)
        #expect(c.handshake([[0, 0, 4, 5]]) == nil, "the third connection is closed")
        #expect(a.run("RETURN 1")?.records == [[.int(1)]], "the admitted ones keep working")
        a.request(0x02, [])
        #expect(Self.eventually(5) { server.openConnections == 1 })
        let d = try BoltTestClient(port: port)
        #expect(d.logIn(key: "admin"))
    }

    @Test func silentConnectionsAreClosedButRunningQueriesAreNot() async throws {
        let (server, port, _) = try await BoltServerTests.start { $0.idleTimeoutSeconds = 0.3 }
        defer { Task { await server.stop() } }
        let idle = try BoltTestClient(port: port)
        #expect(idle.logIn(key: "admin"))
        // A query that runs longer than the idle timeout completes.
        let busy = try BoltTestClient(port: port, timeout: 60)
        #expect(busy.logIn(key: "admin"))
        let slow = busy.run("UNWIND range(1, 2000000) AS i WITH i WHERE i % 1000000 = 0 RETURN count(i) AS n")
        #expect(slow?.records == [[.int(2)]])
        usleep(1_500_000)
        #expect(idle.isClosedByServer)
        #expect(Self.eventually(5) { server.openConnections == 0 })
    }

    @Test func silentConnectionsOfOneAddressAreCapped() async throws {
        let (server, port, _) = try await BoltServerTests.start { $0.maxHandshakingPerAddress = 3 }
        defer { Task { await server.stop() } }
        let silent = try (0..<3).map { _ in try BoltTestClient(port: port) }
        #expect(Self.eventually(5) { server.openConnections == 3 })
        let refused = try BoltTestClient(port: port)
        #expect(refused.handshake([[0, 0, 4, 5]]) == nil, "a fourth silent connection of the address is closed")
        // One finishes its handshake: its slot is free for a newcomer, which works.
        #expect(silent[0].logIn(key: "admin"))
        let admitted = try BoltTestClient(port: port)
        #expect(admitted.logIn(key: "admin"))
        #expect(admitted.run("RETURN 1")?.records == [[.int(1)]])
    }
}
