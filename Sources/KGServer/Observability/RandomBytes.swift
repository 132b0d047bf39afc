import Foundation
import Synchronization

/// The kernel's random bytes, read 4 KiB at a time from one descriptor of `/dev/urandom` kept
/// open, and handed out in small pieces (request ids). Asking the kernel per request cost one
/// `getrandom` call per 8 bytes, two per request id; this costs one `read` per 256 ids.
/// Without `/dev/urandom` (a sandbox), the system generator fills the buffer instead.
final class RandomBytes: Sendable {
    /// The process's shared source.
    static let shared = RandomBytes()

    private struct State {
        var buffer = [UInt8](repeating: 0, count: 4096)
        /// The next unused byte; `buffer.count` when all are used.
        var position = 4096
        /// The open `/dev/urandom`, -1 before the first refill, -2 when it cannot be opened.
        var descriptor: Int32 = -1
    }

    private let state = Mutex(State())

    /// 16 fresh random bytes (each byte is handed out once).
    func next128() -> (UInt64, UInt64) {
        state.withLock { s -> (UInt64, UInt64) in
            if s.position + 16 > s.buffer.count { Self.refill(&s) }
            defer { s.position += 16 }
            return s.buffer.withUnsafeBytes { b in
                (b.loadUnaligned(fromByteOffset: s.position, as: UInt64.self), b.loadUnaligned(fromByteOffset: s.position + 8, as: UInt64.self))
            }
        }
    }

    private static func refill(_ s: inout State) {
        if s.descriptor == -1 {
            let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
            s.descriptor = fd >= 0 ? fd : -2
        }
        var filled = 0
        if s.descriptor >= 0 {
            let fd = s.descriptor
            filled = s.buffer.withUnsafeMutableBytes { b -> Int in
                var done = 0
                while done < b.count {
                    let n = read(fd, b.baseAddress! + done, b.count - done)
                    if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else { break }
                }
                return done
            }
        }
        if filled < s.buffer.count {
            // The device failed part-way: the rest from the system generator, 8 bytes at a time.
            var generator = SystemRandomNumberGenerator()
            s.buffer.withUnsafeMutableBytes { b in
                var i = filled
                while i < b.count {
                    var word = generator.next() as UInt64
                    let n = min(8, b.count - i)
                    withUnsafeBytes(of: &word) { w in for j in 0..<n { b[i + j] = w[j] } }
                    i += n
                }
            }
        }
        s.position = 0
    }
}
