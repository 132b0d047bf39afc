import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A raw HTTP/1.1 connection that sends one GET and reads a Server-Sent Events stream as it
/// comes (URLSession on Linux cannot), off the cooperative threads (reads block); or sends
/// whatever bytes a test wants, when it wants (a body that stops half-way).
final class SSEConnection: @unchecked Sendable {
    private let fd: Int32
    private var received = ""
    private var closedByPeer = false
    private let lock = NSLock()

    /// Connects to 127.0.0.1:`port` and sends `GET path` with `key` as the bearer token.
    convenience init(port: Int, path: String, key: String?) throws {
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
        if let key { request += "Authorization: Bearer \(key)\r\n" }
        request += "\r\n"
        try self.init(port: port, raw: request)
    }

    /// Connects to 127.0.0.1:`port` and sends `raw` as it is.
    init(port: Int, raw: String) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        send(raw)
    }

    /// Sends more bytes on the connection.
    func send(_ text: String) {
        _ = text.withCString { Glibc.send(fd, $0, strlen($0), 0) }
    }

    deinit { close(fd) }

    /// Everything read so far.
    var text: String { lock.withLock { received } }

    /// Whether the server closed the connection (seen by a `wait`).
    var closed: Bool { lock.withLock { closedByPeer } }

    /// Reads until what was received contains `needle` (true) or `seconds` pass (false).
    func wait(for needle: String, seconds: Double) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { [self] in
                let deadline = Date().addingTimeInterval(seconds)
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while Date() < deadline {
                    if text.contains(needle) { continuation.resume(returning: true); return }
                    let n = recv(fd, &buffer, buffer.count, 0)
                    if n > 0 { lock.withLock { received += String(decoding: buffer[0..<n], as: UTF8.self) } }
                    if n == 0 { lock.withLock { closedByPeer = true }; break }
                }
                continuation.resume(returning: text.contains(needle))
            }
        }
    }
}
