/// Writes PackStream: the smallest encoding of each value, appended to a byte array.
///
/// Encoding never fails: every `PackValue` has a representation (sizes are bounded by what a
/// Swift array can hold, and the message framing splits anything into chunks).
public struct PackStreamEncoder: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    public init(reservingCapacity capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    /// Appends one value (recursively for lists, maps and structures; the values the server
    /// builds are shallow, and decoded input is depth-limited before it can come back).
    public mutating func encode(_ value: PackValue) {
        switch value {
        case .null: bytes.append(0xC0)
        case .bool(let b): bytes.append(b ? 0xC3 : 0xC2)
        case .int(let i): encodeInt(i)
        case .float(let d):
            bytes.append(0xC1)
            appendBigEndian(d.bitPattern, count: 8)
        case .string(let s):
            let utf8 = Array(s.utf8)
            header(count: utf8.count, tiny: 0x80, markers: (0xD0, 0xD1, 0xD2))
            bytes.append(contentsOf: utf8)
        case .bytes(let b):
            header(count: b.count, tiny: nil, markers: (0xCC, 0xCD, 0xCE))
            bytes.append(contentsOf: b)
        case .list(let items):
            header(count: items.count, tiny: 0x90, markers: (0xD4, 0xD5, 0xD6))
            for item in items { encode(item) }
        case .map(let entries):
            header(count: entries.count, tiny: 0xA0, markers: (0xD8, 0xD9, 0xDA))
            // Sorted keys: the same map always encodes to the same bytes (tests, audit hashes).
            for key in entries.keys.sorted() {
                encode(.string(key))
                encode(entries[key]!)
            }
        case .structure(let tag, let fields):
            bytes.append(0xB0 | UInt8(min(fields.count, 15)))
            bytes.append(tag)
            for field in fields.prefix(15) { encode(field) }
        }
    }

    /// Appends a string without building a `PackValue` first (the hot path of records).
    public mutating func encodeString(_ s: String) { encode(.string(s)) }

    /// Appends an integer in its smallest form.
    public mutating func encodeInt(_ i: Int64) {
        switch i {
        case -16...127: bytes.append(UInt8(bitPattern: Int8(i)))
        case -128 ..< -16: bytes.append(0xC8); bytes.append(UInt8(bitPattern: Int8(i)))
        case -32_768...32_767: bytes.append(0xC9); appendBigEndian(UInt64(UInt16(bitPattern: Int16(i))), count: 2)
        case -2_147_483_648...2_147_483_647: bytes.append(0xCA); appendBigEndian(UInt64(UInt32(bitPattern: Int32(i))), count: 4)
        default: bytes.append(0xCB); appendBigEndian(UInt64(bitPattern: i), count: 8)
        }
    }

    private mutating func header(count: Int, tiny: UInt8?, markers: (UInt8, UInt8, UInt8)) {
        if let tiny, count < 16 {
            bytes.append(tiny | UInt8(count))
        } else if count <= 0xFF {
            bytes.append(markers.0); bytes.append(UInt8(count))
        } else if count <= 0xFFFF {
            bytes.append(markers.1); appendBigEndian(UInt64(count), count: 2)
        } else {
            bytes.append(markers.2); appendBigEndian(UInt64(count), count: 4)
        }
    }

    private mutating func appendBigEndian(_ value: UInt64, count: Int) {
        for k in stride(from: count - 1, through: 0, by: -1) { bytes.append(UInt8(truncatingIfNeeded: value >> (UInt64(k) * 8))) }
    }

    /// The encoding of one value.
    public static func encode(_ value: PackValue) -> [UInt8] {
        var encoder = PackStreamEncoder()
        encoder.encode(value)
        return encoder.bytes
    }
}
