import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A client that writes exact bytes to a socket and reads what comes back, for requests that
/// URLSession will not send (chunked bodies of a chosen size, a body that stops half-way,
/// invalid UTF-8 with a hand-written Content-Length).
enum RawHTTP {
    /// Connects to 127.0.0.1:`port`, sends `head`, then each of `chunks` after `pauseSeconds`
    /// each, and returns everything the server sent until it closed or `readTimeout` passed.
    static func exchange(port: Int, head: String, chunks: [[UInt8]] = [], pauseSeconds: Double = 0,
                         readTimeout: Double = 30) -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return "" }
        var timeout = timeval(tv_sec: Int(readTimeout), tv_usec: Int((readTimeout - Double(Int(readTimeout))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var sendTimeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
        func write(_ bytes: [UInt8]) -> Bool {
            var sent = 0
            while sent < bytes.count {
                let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { return false }
                sent += n
            }
            return true
        }
        guard write(Array(head.utf8)) else { return "" }
        for chunk in chunks {
            if pauseSeconds > 0 { Thread.sleep(forTimeInterval: pauseSeconds) }
            if !write(chunk) { break }
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            received += buffer[0..<n]
            // One response is enough: stop at the end of a Content-Length body.
            if let text = String(bytes: received, encoding: .utf8), let end = text.range(of: "\r\n\r\n"),
               let length = text[..<end.lowerBound].split(separator: "\r\n")
                .first(where: { $0.lowercased().hasPrefix("content-length:") })
                .flatMap({ Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) }),
               text.utf8.count - text[..<end.upperBound].utf8.count >= length { break }
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// The status code of a raw response ("HTTP/1.1 413 …"), or 0.
    static func status(_ response: String) -> Int {
        guard let line = response.split(separator: "\r\n").first else { return 0 }
        let parts = line.split(separator: " ")
        return parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    }
}
