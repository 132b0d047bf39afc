import KGCore

/// The stored form of a `PropertyColumn` (one BLOB in `node_columns`), little-endian:
///
///     "GBC2"  count n: UInt32  storage: UInt8
///     ids:    n unsigned LEB128 varints, the first id then the gaps between ids
///     storage 0 (codes):   dictionary size m: UInt32, n × UInt32 codes, m × (tag: UInt8, payload)
///     storage 1 (floats):  n presence bytes, n × Float64
///     storage 2 (integers): n presence bytes, n × Int64
///
/// Value tags: 0 integer (8 bytes), 1 float (8 bytes, IEEE 754 bits), 2 string (UInt32 length,
/// UTF-8), 3 boolean (1 byte), 4 any other value in the property encoding (UInt32 length, JSON
/// text). Fixed-width arrays are copied in one move each.
enum PropertyColumnCodec {
    private static let magic: [UInt8] = Array("GBC2".utf8)

    static func encode(_ column: PropertyColumn) -> [UInt8] {
        var out: [UInt8] = magic
        out.reserveCapacity(9 + column.count * 14)
        append(UInt32(column.count), to: &out)
        var previous: Int64 = 0
        for id in column.ids {
            var gap = UInt64(bitPattern: id &- previous)
            previous = id
            while gap >= 0x80 { out.append(UInt8(gap & 0x7F) | 0x80); gap >>= 7 }
            out.append(UInt8(gap))
        }
        switch column.storage {
        case .coded(let codes, let dictionary):
            out.append(0)
            append(UInt32(dictionary.count), to: &out)
            codes.withUnsafeBytes { out.append(contentsOf: $0) }
            for value in dictionary { appendValue(value, to: &out) }
        case .doubles(let numbers, let present):
            out.append(1)
            out.append(contentsOf: present.map { $0 ? 1 : 0 })
            numbers.withUnsafeBytes { out.append(contentsOf: $0) }
        case .ints(let numbers, let present):
            out.append(2)
            out.append(contentsOf: present.map { $0 ? 1 : 0 })
            numbers.withUnsafeBytes { out.append(contentsOf: $0) }
        }
        return out
    }

    private static func appendValue(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .int(let i): out.append(0); append(UInt64(bitPattern: i), to: &out)
        case .double(let d): out.append(1); append(d.bitPattern, to: &out)
        case .string(let s):
            out.append(2)
            let utf8 = Array(s.utf8)
            append(UInt32(utf8.count), to: &out)
            out.append(contentsOf: utf8)
        case .bool(let b): out.append(3); out.append(b ? 1 : 0)
        default:
            out.append(4)
            var text = ""
            value.writePropertyJSON(into: &text)
            let utf8 = Array(text.utf8)
            append(UInt32(utf8.count), to: &out)
            out.append(contentsOf: utf8)
        }
    }

    static func decode(_ raw: UnsafeRawBufferPointer) throws -> PropertyColumn {
        guard raw.count >= 8, Array(raw[0..<4]) == magic else { throw damaged("bad header") }
        var reader = Reader(raw: raw)
        reader.offset = 4
        let n = Int(try reader.uint32())
        guard n <= raw.count else { throw damaged("truncated") }
        var ids = [Int64](repeating: 0, count: n)
        var previous: Int64 = 0
        for i in 0..<n {
            var gap: UInt64 = 0, shift: UInt64 = 0
            while true {
                let b = try reader.byte()
                gap |= UInt64(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
                guard shift < 64 else { throw damaged("bad id") }
            }
            previous &+= Int64(bitPattern: gap)
            ids[i] = previous
        }
        switch try reader.byte() {
        case 0:
            let m = Int(try reader.uint32())
            let codes = try reader.array(of: UInt32.self, count: n)
            var dictionary: [Value] = []
            dictionary.reserveCapacity(min(m, raw.count))
            for _ in 0..<m { dictionary.append(try reader.value()) }
            guard codes.allSatisfy({ $0 == PropertyColumn.absent || Int($0) < m }) else { throw damaged("code out of range") }
            return PropertyColumn(ids: ids, storage: .coded(codes: codes, dictionary: dictionary))
        case 1:
            let present = try reader.array(of: UInt8.self, count: n).map { $0 != 0 }
            return PropertyColumn(ids: ids, storage: .doubles(try reader.array(of: Double.self, count: n), present: present))
        case 2:
            let present = try reader.array(of: UInt8.self, count: n).map { $0 != 0 }
            return PropertyColumn(ids: ids, storage: .ints(try reader.array(of: Int64.self, count: n), present: present))
        default:
            throw damaged("unknown storage")
        }
    }

    private static func append<T: FixedWidthInteger>(_ x: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: x.littleEndian) { out.append(contentsOf: $0) }
    }

    static func damaged(_ what: String) -> StoreError {
        StoreError(code: .sqlite, message: "a stored property column is damaged (\(what)); the store rebuilds it from the nodes")
    }

    /// Bounds-checked reading of the BLOB.
    private struct Reader {
        let raw: UnsafeRawBufferPointer
        var offset = 0

        mutating func need(_ k: Int) throws {
            guard k >= 0, offset + k <= raw.count else { throw PropertyColumnCodec.damaged("truncated") }
        }
        mutating func byte() throws -> UInt8 { try need(1); defer { offset += 1 }; return raw[offset] }
        mutating func uint32() throws -> UInt32 {
            try need(4); defer { offset += 4 }
            return UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        }
        mutating func uint64() throws -> UInt64 {
            try need(8); defer { offset += 8 }
            return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        mutating func bytes(_ k: Int) throws -> [UInt8] {
            try need(k); defer { offset += k }
            return Array(raw[offset..<offset + k])
        }
        mutating func value() throws -> Value {
            switch try byte() {
            case 0: return .int(Int64(bitPattern: try uint64()))
            case 1: return .double(Double(bitPattern: try uint64()))
            case 2: return .string(String(decoding: try bytes(Int(try uint32())), as: UTF8.self))
            case 3: return .bool(try byte() != 0)
            case 4:
                let text = try bytes(Int(try uint32()))
                let document = Array("{\"v\":".utf8) + text + [UInt8(ascii: "}")]
                guard let value = try document.withUnsafeBufferPointer({ try PropertyDecoder.decode(key: "v", in: $0) }) else {
                    throw PropertyColumnCodec.damaged("empty value")
                }
                return value
            default: throw PropertyColumnCodec.damaged("unknown value tag")
            }
        }
        mutating func array<T>(of: T.Type, count k: Int) throws -> [T] {
            let size = k * MemoryLayout<T>.stride
            try need(size)
            let out = [T](unsafeUninitializedCapacity: k) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<offset + size]))
                initialized = k
            }
            offset += size
            return out
        }
    }
}
