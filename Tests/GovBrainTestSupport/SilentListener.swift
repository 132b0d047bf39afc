import Foundation
import Glibc
import KGCore
import KGStore

/// A TCP listener on loopback that completes connections (the kernel's backlog does) and never
/// reads or answers: the shape of a hung server or a firewall that swallows the startup message.
public final class SilentListener {
    /// The listening socket.
    public let fd: Int32
    /// The loopback port it listens on.
    public let port: Int

    /// Binds an ephemeral loopback port and listens without ever accepting.
    public init() throws {
        (fd, port) = try Self.bindLoopback()
        guard listen(fd, 16) == 0 else { throw StoreError(code: .internalError, message: "listen failed") }
    }

    /// Closes the socket: later connections are refused.
    public func close() { _ = Glibc.close(fd) }

    /// A loopback port that nothing listens on (bound, then released).
    public static func unusedPort() throws -> Int {
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
