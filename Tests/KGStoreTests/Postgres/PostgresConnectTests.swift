import Foundation
import GovBrainTestSupport
import KGCore
import Testing
@testable import KGStore

/// Bad input on the way to a server, with no PostgreSQL needed: a port nobody listens on, and a
/// listener that accepts the connection but never answers. Both fail with `DatabaseUnreachable`,
/// naming `host:port`, within the connect timeout, and without the password.
@Suite struct PostgresConnectTests {
    @Test func refusedPortNamesHostAndPort() throws {
        let port = try SilentListener.unusedPort()
        let started = Date()
        let error = try #require(throws: StoreError.self) {
            try PostgresStoreConnection.connect(PostgresURL(parsing: "postgresql://gov:hunter2@127.0.0.1:\(port)/g?connect_timeout=5"))
        }
        #expect(error.code == .databaseUnreachable)
        #expect(error.message.contains("127.0.0.1:\(port)"), "\(error.message)")
        #expect(error.message.contains("connection refused"), "\(error.message)")
        #expect(!error.message.contains("hunter2"))
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func silentServerTimesOut() throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let started = Date()
        let error = try #require(throws: StoreError.self) {
            try PostgresStoreConnection.connect(PostgresURL(parsing: "postgresql://gov:hunter2@127.0.0.1:\(listener.port)/g?connect_timeout=1"))
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(error.code == .databaseUnreachable)
        #expect(error.message.contains("127.0.0.1:\(listener.port)") && error.message.contains("connect timeout of 1 s"), "\(error.message)")
        #expect(!error.message.contains("hunter2"))
        #expect(elapsed >= 0.9 && elapsed < 4, "took \(elapsed) s")
    }

    @Test func everyHostIsTriedAndNamed() throws {
        let a = try SilentListener.unusedPort(), b = try SilentListener.unusedPort()
        let error = try #require(throws: StoreError.self) {
            try PostgresStoreConnection.connect(PostgresURL(parsing: "postgresql://gov@127.0.0.1:\(a),127.0.0.1:\(b)/g?connect_timeout=2"))
        }
        #expect(error.code == .databaseUnreachable)
        #expect(error.message.contains("127.0.0.1:\(a)") && error.message.contains("127.0.0.1:\(b)"), "\(error.message)")
    }
}
