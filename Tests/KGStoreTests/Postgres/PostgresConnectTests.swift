import Foundation
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

/// A TCP listener on loopback that completes connections (the kernel's backlog does) and never
/// reads or answers: the shape of a hung server or a firewall that swallows the startup message.
final class SilentListener {
    let fd: Int32
    let port: Int

    init() throws {
        (fd, port) = try Self.bindLoopback()
        guard listen(fd, 16) == 0 else { throw StoreError(code: .internalError, message: "listen failed") }
    }

    func close() { _ = Glibc.close(fd) }

    /// A loopback port that nothing listens on (bound, then released).
    static func unusedPort() throws -> Int {
        let (fd, port) = try bindLoopback()
        _ = Glibc.close(fd)
        return port
    }

    private static func bindLoopback() throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StoreError(code: .internalError, message: "socket failed") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard bound else { _ = Glibc.close(fd); throw StoreError(code: .internalError, message: "bind failed") }
        return (fd, Int(UInt16(bigEndian: addr.sin_port)))
    }
}
