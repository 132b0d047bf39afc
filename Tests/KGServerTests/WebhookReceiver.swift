import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP server for webhook tests, on a thread of its own: records every request (head
/// and body) and answers with the status `answer` gives for the request's number (1, 2, …), or
/// never answers when it gives nil.
final class WebhookReceiver: @unchecked Sendable {
    struct Received: Sendable { let head: String; let body: [UInt8] }

    let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var requests: [Received] = []
    private var held: [Int32] = []
    private let answer: @Sendable (Int) -> Int?

    init(answer: @escaping @Sendable (Int) -> Int?) throws {
        self.answer = answer
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(listener, 16) == 0 else { close(listener); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        fd = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in serve() }
    }

    /// A port nothing listens on (bound, then closed).
    static func closedPort() throws -> Int {
        let r = try WebhookReceiver { _ in 200 }
        r.stop()
        return r.port
    }

    private var stopped = false

    /// Closes the listener and the connections held (once: a second close could hit a reused descriptor).
    func stop() {
        lock.withLock {
            guard !stopped else { return }
            stopped = true
            shutdown(fd, Int32(SHUT_RDWR))
            close(fd)
            for c in held { close(c) }
            held = []
        }
    }

    deinit { stop() }

    /// The requests received so far.
    var received: [Received] { lock.withLock { requests } }

    /// Waits until at least `count` requests came, at most `seconds`.
    func wait(count: Int, seconds: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if received.count >= count { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return received.count >= count
    }

    private func serve() {
        while true {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            var data: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            var head = "", body: [UInt8] = []
            while true {
                let n = recv(client, &buffer, buffer.count, 0)
                guard n > 0 else { break }
                data += buffer[0..<n]
                guard let end = data.firstRange(of: Array("\r\n\r\n".utf8)) else { continue }
                head = String(decoding: data[..<end.lowerBound], as: UTF8.self)
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                if data.count - end.upperBound >= length { body = Array(data[end.upperBound..<(end.upperBound + length)]); break }
            }
            let number: Int = lock.withLock { requests.append(Received(head: head, body: body)); return requests.count }
            if let status = answer(number) {
                let response = "HTTP/1.1 \(status) X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                _ = response.withCString { send(client, $0, strlen($0), 0) }
                close(client)
            } else {
                lock.withLock { if stopped { close(client) } else { held.append(client) } }  // never answered
            }
        }
    }
}
