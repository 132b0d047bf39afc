extension JSONWriter {
    /// The document as UTF-8 bytes, the same text `string` writes. Appending to a byte array
    /// costs less than growing a `String` piece by piece, and the bytes go to the socket as they
    /// are (an HTTP answer is written once per request).
    public static func bytes(_ json: JSON, reservingCapacity capacity: Int = 1024) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(capacity)
        write(json, into: &out)
        return out
    }

    /// Appends a document's UTF-8 text to `out`.
    public static func write(_ json: JSON, into out: inout [UInt8]) {
        switch json {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): out.append(contentsOf: formatDouble(d).utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, (k, v)) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(k, into: &out)
                out.append(UInt8(ascii: ":"))
                write(v, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends a JSON string literal with the escapes `writeString(_:into:)` for text writes.
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            // Fast path: nothing to escape (the common case), the whole string at once.
            if !utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
                out.append(contentsOf: utf8)
                return
            }
            for u in utf8 {
                switch u {
                case 0x22: out.append(contentsOf: "\\\"".utf8)
                case 0x5C: out.append(contentsOf: "\\\\".utf8)
                case 0x0A: out.append(contentsOf: "\\n".utf8)
                case 0x0D: out.append(contentsOf: "\\r".utf8)
                case 0x09: out.append(contentsOf: "\\t".utf8)
                case ..<0x20:
                    // Lowercase hex, four digits, as the text writer's `String(radix: 16)`.
                    let digits = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(digits[Int(u >> 4)])
                    out.append(digits[Int(u & 0x0F)])
                default:
                    // UTF-8 continuation and lead bytes are never below 0x80: a multi-byte
                    // scalar is copied byte for byte.
                    out.append(u)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
