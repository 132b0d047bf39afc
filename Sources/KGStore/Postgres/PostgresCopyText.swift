import Foundation
import KGCore
import NIOCore

/// Rows in the text format of PostgreSQL's `COPY … FROM STDIN`: columns separated by a tab, rows
/// ended by a newline, `\N` for NULL, and in text the four bytes the format gives a meaning (`\`,
/// tab, newline, carriage return) escaped with a backslash.
///
/// Rows are encoded into a byte array (the standard library's appends are cheap even in a debug
/// build, NIO's per-call `ByteBuffer` writes are not) and handed over as one `ByteBuffer` per chunk.
/// A NUL byte is refused: PostgreSQL's TEXT cannot hold it, and `COPY` would fail the whole
/// import on it (the bulk writer refuses such values first, with the row's location).
struct PostgresCopyText {
    private var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Bytes written since the last `take`.
    var count: Int { bytes.count }

    /// The rows written so far as one buffer; the encoder starts empty again.
    mutating func take() -> ByteBuffer {
        let out = ByteBuffer(bytes: bytes)
        bytes.removeAll(keepingCapacity: true)
        return out
    }

    /// Drops what was written after the first `count` bytes (a row refused half-way).
    mutating func truncate(to count: Int) { bytes.removeSubrange(count...) }

    /// A column separator.
    mutating func tab() { bytes.append(0x09) }

    /// The end of a row.
    mutating func newline() { bytes.append(0x0A) }

    mutating func null() { bytes.append(0x5C); bytes.append(UInt8(ascii: "N")) }

    /// An integer in decimal.
    mutating func int(_ value: Int64) {
        if value >= 0 && value < 10 { bytes.append(UInt8(ascii: "0") &+ UInt8(value)); return }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var v = value.magnitude, divisor: UInt64 = 1
        while v / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") &+ UInt8(v / divisor))
            v %= divisor
            divisor /= 10
        }
    }

    /// A text value, escaped.
    /// - Throws: `ImportError.badValue` when it holds a NUL byte.
    mutating func text(_ value: String) throws {
        var value = value
        try value.withUTF8 { try text(UnsafeRawBufferPointer($0)) }
    }

    /// UTF-8 text, escaped.
    /// - Throws: `ImportError.badValue` when it holds a NUL byte.
    mutating func text(_ text: UnsafeRawBufferPointer) throws {
        guard let base = text.baseAddress, !text.isEmpty else { return }
        // Most values hold none of the five bytes: look for each with memchr (vectorised in the C
        // library) and copy the value whole when none is there.
        if memchr(base, 0x5C, text.count) == nil, memchr(base, 0x09, text.count) == nil,
           memchr(base, 0x0A, text.count) == nil, memchr(base, 0x0D, text.count) == nil {
            if memchr(base, 0, text.count) != nil { throw Self.nulRefused }
            bytes.append(contentsOf: text)
            return
        }
        for byte in text {
            switch byte {
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
            case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
            case 0: throw Self.nulRefused
            default: bytes.append(byte)
            }
        }
    }

    static let nulRefused = ImportError(code: .badValue, message: "a text value holds a NUL character (U+0000), which the PostgreSQL store cannot hold; remove it from the input")
}
