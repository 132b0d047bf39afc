import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import KGBolt

/// The bytes under a test client: a plain socket, or TLS (`BoltTLSTransport`).
protocol BoltTestTransport: AnyObject {
    func send(_ bytes: [UInt8])
    /// Exactly `count` bytes, or nil when the server closed the connection (or the read timed out).
    func receive(_ count: Int) -> [UInt8]?
}

/// A blocking plain socket to 127.0.0.1.
final class BoltSocketTransport: BoltTestTransport {
    private let fd: Int32

    /// Connects to 127.0.0.1:`port` (reads time out after `timeout` seconds).
    init(port: Int, timeout: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); throw BoltTestClient.ClientError(text: "cannot connect to port \(port)") }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    func receive(_ count: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = out[got...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return nil }
            got += n
        }
        return out
    }
}

/// A blocking Bolt client, for tests that send what drivers never would.
final class BoltTestClient {
    private let transport: BoltTestTransport

    /// Connects to 127.0.0.1:`port` over a plain socket (reads time out after `timeout` seconds).
    convenience init(port: Int, timeout: Int = 5) throws {
        self.init(transport: try BoltSocketTransport(port: port, timeout: timeout))
    }

    init(transport: BoltTestTransport) { self.transport = transport }

    struct ClientError: Error { let text: String }

    func send(_ bytes: [UInt8]) { transport.send(bytes) }

    /// Exactly `count` bytes, or nil when the server closed the connection (or the read timed out).
    func receive(_ count: Int) -> [UInt8]? { transport.receive(count) }

    /// Whether the server closed the connection (a read sees the end).
    var isClosedByServer: Bool { receive(1) == nil }

    /// The handshake with these proposals (up to four); the server's four bytes.
    func handshake(_ proposals: [[UInt8]]) -> [UInt8]? {
        send(BoltVersion.magic + proposals.flatMap { $0 } + [UInt8](repeating: 0, count: 16 - 4 * proposals.count))
        return receive(4)
    }

    /// Sends one message.
    func request(_ tag: UInt8, _ fields: [PackValue]) {
        var wire: [UInt8] = []
        ChunkAssembler.frame(PackStreamEncoder.encode(.structure(tag: tag, fields: fields)), into: &wire)
        send(wire)
    }

    /// The next message: (tag, fields), or nil when the connection closed.
    func response() -> (tag: UInt8, fields: [PackValue])? {
        var message: [UInt8] = []
        while true {
            guard let header = receive(2) else { return nil }
            let size = Int(header[0]) << 8 | Int(header[1])
            if size == 0 { if message.isEmpty { continue } else { break } }
            guard let chunk = receive(size) else { return nil }
            message += chunk
        }
        guard case .structure(let tag, let fields)? = try? PackStreamDecoder.decode(message) else { return nil }
        return (tag, fields)
    }

    /// Reads messages up to and including the next summary (SUCCESS, FAILURE or IGNORED).
    func summary() -> (records: [[PackValue]], tag: UInt8, metadata: [String: PackValue])? {
        var records: [[PackValue]] = []
        while let message = response() {
            if message.tag == 0x71 { records.append(message.fields.first?.listValue ?? []); continue }
            return (records, message.tag, message.fields.first?.mapValue ?? [:])
        }
        return nil
    }

    /// Handshake (5.4; none when `version` is nil: done already), HELLO and LOGON with `key`;
    /// true when both succeeded.
    func logIn(key: String, version: [UInt8]? = [0, 0, 4, 5]) -> Bool {
        if let version { guard handshake([version]) != nil else { return false } }
        request(0x01, [.map(["user_agent": .string("test/1")])])
        guard summary()?.tag == 0x70 else { return false }
        request(0x6A, [.map(["scheme": .string("basic"), "principal": .string("x"), "credentials": .string(key)])])
        return summary()?.tag == 0x70
    }

    /// RUN and PULL all: the records and the summary.
    func run(_ query: String, _ parameters: [String: PackValue] = [:], extra: [String: PackValue] = [:]) -> (records: [[PackValue]], tag: UInt8, metadata: [String: PackValue])? {
        request(0x10, [.string(query), .map(parameters), .map(extra)])
        request(0x3F, [.map(["n": .int(-1)])])
        guard let run = summary() else { return nil }
        guard run.tag == 0x70 else { _ = summary(); return run }
        return summary()
    }
}
