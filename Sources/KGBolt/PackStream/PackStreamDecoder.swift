/// Reads PackStream from a byte array, defensively: every size is checked against the bytes
/// that remain before anything is allocated, strings must be UTF-8, and nesting is bounded by
/// `maxDepth` (so a 10,000-deep list is an error, not a stack overflow).
public struct PackStreamDecoder {
    /// Deepest nesting of lists, maps and structures accepted. Cypher parameters never need
    /// more; the recursion at this depth uses a few tens of kilobytes of stack.
    public static let defaultMaxDepth = 100

    private let bytes: [UInt8]
    private var position = 0
    private let maxDepth: Int

    public init(_ bytes: [UInt8], maxDepth: Int = PackStreamDecoder.defaultMaxDepth) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// Decodes exactly one value that spans the whole input.
    /// - Throws: `PackStreamError` for a truncated, malformed or too deep input, or trailing bytes.
    public static func decode(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws -> PackValue {
        var decoder = PackStreamDecoder(bytes, maxDepth: maxDepth)
        let value = try decoder.next()
        guard decoder.position == bytes.count else { throw PackStreamError(.trailingBytes, at: decoder.position) }
        return value
    }

    /// Decodes the next value.
    public mutating func next() throws -> PackValue { try value(depth: 0) }

    private mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw PackStreamError(.truncated, at: position) }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func unsigned(_ count: Int) throws -> UInt64 {
        guard bytes.count - position >= count else { throw PackStreamError(.truncated, at: position) }
        var v: UInt64 = 0
        for k in 0..<count { v = v << 8 | UInt64(bytes[position + k]) }
        position += count
        return v
    }

    /// Checks that `count` items of at least `minimumSize` bytes each can still follow.
    private func fits(_ count: Int, minimumSize: Int) throws {
        guard count <= (bytes.count - position) / max(1, minimumSize) else { throw PackStreamError(.tooLarge, at: position) }
    }

    private mutating func value(depth: Int) throws -> PackValue {
        let start = position
        let marker = try byte()
        switch marker {
        case 0x00...0x7F: return .int(Int64(marker))
        case 0xF0...0xFF: return .int(Int64(Int8(bitPattern: marker)))
        case 0x80...0x8F: return try string(count: Int(marker & 0x0F))
        case 0x90...0x9F: return try list(count: Int(marker & 0x0F), depth: depth, at: start)
        case 0xA0...0xAF: return try map(count: Int(marker & 0x0F), depth: depth, at: start)
        case 0xB0...0xBF:
            let tag = try byte()
            return try structure(tag: tag, count: Int(marker & 0x0F), depth: depth, at: start)
        case 0xC0: return .null
        case 0xC1: return .float(Double(bitPattern: try unsigned(8)))
        case 0xC2: return .bool(false)
        case 0xC3: return .bool(true)
        case 0xC8: return .int(Int64(Int8(bitPattern: UInt8(try unsigned(1)))))
        case 0xC9: return .int(Int64(Int16(bitPattern: UInt16(try unsigned(2)))))
        case 0xCA: return .int(Int64(Int32(bitPattern: UInt32(try unsigned(4)))))
        case 0xCB: return .int(Int64(bitPattern: try unsigned(8)))
        case 0xCC, 0xCD, 0xCE:
            let count = Int(try unsigned(1 << Int(marker - 0xCC)))
            try fits(count, minimumSize: 1)
            defer { position += count }
            return .bytes(Array(bytes[position..<position + count]))
        case 0xD0, 0xD1, 0xD2: return try string(count: Int(try unsigned(1 << Int(marker - 0xD0))))
        case 0xD4, 0xD5, 0xD6: return try list(count: Int(try unsigned(1 << Int(marker - 0xD4))), depth: depth, at: start)
        case 0xD8, 0xD9, 0xDA: return try map(count: Int(try unsigned(1 << Int(marker - 0xD8))), depth: depth, at: start)
        default: throw PackStreamError(.unknownMarker, at: start)
        }
    }

    private mutating func string(count: Int) throws -> PackValue {
        try fits(count, minimumSize: 1)
        let start = position
        guard let s = String(validating: bytes[start..<start + count], as: UTF8.self) else {
            throw PackStreamError(.invalidUTF8, at: start)
        }
        position += count
        return .string(s)
    }

    private mutating func list(count: Int, depth: Int, at start: Int) throws -> PackValue {
        guard depth < maxDepth else { throw PackStreamError(.tooDeep, at: start) }
        try fits(count, minimumSize: 1)
        var items: [PackValue] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try value(depth: depth + 1)) }
        return .list(items)
    }

    private mutating func map(count: Int, depth: Int, at start: Int) throws -> PackValue {
        guard depth < maxDepth else { throw PackStreamError(.tooDeep, at: start) }
        try fits(count, minimumSize: 2)
        var entries: [String: PackValue] = [:]
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let keyAt = position
            guard case .string(let key) = try value(depth: depth + 1) else { throw PackStreamError(.nonStringKey, at: keyAt) }
            entries[key] = try value(depth: depth + 1)
        }
        return .map(entries)
    }

    private mutating func structure(tag: UInt8, count: Int, depth: Int, at start: Int) throws -> PackValue {
        guard depth < maxDepth else { throw PackStreamError(.tooDeep, at: start) }
        var fields: [PackValue] = []
        fields.reserveCapacity(count)
        for _ in 0..<count { fields.append(try value(depth: depth + 1)) }
        return .structure(tag: tag, fields: fields)
    }
}
