#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends fixed-width integers to one section of a file from a given offset, through a buffer of
/// its own (1 MiB), so that a section of hundreds of megabytes is written in order without being
/// held in memory (`CSRAdjacency.buildFile`).
final class FileSectionWriter {
    private let fd: Int32
    /// Where in the file the buffer's first byte goes.
    private var offset: Int
    private let buffer: UnsafeMutableRawPointer
    private var used = 0
    private static let capacity = 1 << 20

    /// A writer of the section of `fd` that starts at byte `offset`.
    init(fd: Int32, at offset: Int) {
        self.fd = fd
        self.offset = offset
        buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.capacity, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// Appends `value` in the machine's byte order.
    /// - Returns: false when a full buffer could not be written (errno says why).
    @inline(__always)
    func append<T: FixedWidthInteger>(_ value: T) -> Bool {
        if used + MemoryLayout<T>.size > Self.capacity, !flush() { return false }
        buffer.storeBytes(of: value, toByteOffset: used, as: T.self)
        used += MemoryLayout<T>.size
        return true
    }

    /// Writes what the buffer holds.
    /// - Returns: false when it could not be written (errno says why).
    func flush() -> Bool {
        guard Self.write(fd, UnsafeRawBufferPointer(start: buffer, count: used), at: offset) else { return false }
        offset += used
        used = 0
        return true
    }

    /// Writes all of `bytes` at `offset` of `fd`, however many calls it takes.
    /// - Returns: false on an error or a write of nothing (errno says why).
    static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        var done = 0
        while done < bytes.count {
            let r = pwrite(fd, bytes.baseAddress! + done, min(bytes.count - done, 1 << 26), off_t(offset + done))
            if r <= 0 { return false }
            done += r
        }
        return true
    }
}
