import Foundation
import KGCore

/// Decodes the store's property documents (JSON objects in the `Value` property encoding)
/// straight from SQLite's bytes into values: the whole map, or one key without decoding the
/// rest (the common case of `n.name` over many nodes).
struct PropertyDecoder {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// All properties.
    static func decodeAll(_ bytes: UnsafeBufferPointer<UInt8>) throws -> [String: Value] {
        var d = PropertyDecoder(bytes)
        return try d.object()
    }

    /// One property, or nil when the document lacks it.
    static func decode(key: String, in bytes: UnsafeBufferPointer<UInt8>) throws -> Value? {
        var d = PropertyDecoder(bytes)
        return try d.find(Array(key.utf8))
    }

    private func fail(_ what: String) -> StoreError {
        StoreError(code: .sqlite, message: "stored properties are not valid JSON (\(what) at byte \(i)); the database may be damaged")
    }

    private mutating func space() {
        while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 { i += 1 }
    }

    private mutating func expect(_ c: UInt8) throws {
        space()
        guard i < bytes.count, bytes[i] == c else { throw fail("expected '\(Character(UnicodeScalar(c)))'") }
        i += 1
    }

    mutating func object() throws -> [String: Value] {
        try expect(UInt8(ascii: "{"))
        var out: [String: Value] = [:]
        space()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return out }
        while true {
            space()
            let key = try string()
            try expect(UInt8(ascii: ":"))
            out[key] = try value()
            space()
            guard i < bytes.count else { throw fail("unterminated object") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return out }
            throw fail("expected ',' or '}'")
        }
    }

    mutating func find(_ key: [UInt8]) throws -> Value? {
        try expect(UInt8(ascii: "{"))
        space()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { return nil }
        while true {
            space()
            let matches = try keyEquals(key)
            try expect(UInt8(ascii: ":"))
            if matches { space(); return try value() }
            try skipValue()
            space()
            guard i < bytes.count else { throw fail("unterminated object") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { return nil }
            throw fail("expected ',' or '}'")
        }
    }

    /// Reads a key and compares it with `key` (escaped keys are decoded first).
    private mutating func keyEquals(_ key: [UInt8]) throws -> Bool {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a key") }
        let start = i + 1
        var j = start
        while j < bytes.count, bytes[j] != UInt8(ascii: "\""), bytes[j] != UInt8(ascii: "\\") { j += 1 }
        if j < bytes.count, bytes[j] == UInt8(ascii: "\"") {
            i = j + 1
            return j - start == key.count && key.withUnsafeBufferPointer { k in
                memcmp(k.baseAddress!, bytes.baseAddress! + start, key.count) == 0
            }
        }
        return try string() == String(decoding: key, as: UTF8.self)
    }

    private mutating func string() throws -> String {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string") }
        i += 1
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") { i += 1 }
        guard i < bytes.count else { throw fail("unterminated string") }
        if bytes[i] == UInt8(ascii: "\"") {
            let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            i += 1
            return s
        }
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
            if c == UInt8(ascii: "\\") {
                guard i + 1 < bytes.count else { break }
                let e = bytes[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "b"): out.append(8)
                case UInt8(ascii: "f"): out.append(12)
                case UInt8(ascii: "u"):
                    guard i + 4 <= bytes.count, var v = UInt32(String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<i + 4]), as: UTF8.self), radix: 16) else {
                        throw fail("bad \\u escape")
                    }
                    i += 4
                    if (0xD800..<0xDC00).contains(v), i + 6 <= bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u"),
                       let lo = UInt32(String(decoding: UnsafeBufferPointer(rebasing: bytes[i + 2..<i + 6]), as: UTF8.self), radix: 16),
                       (0xDC00..<0xE000).contains(lo) {
                        v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                        i += 6
                    }
                    out.append(contentsOf: Array(String(UnicodeScalar(v) ?? "\u{FFFD}").utf8))
                default: out.append(e)
                }
                continue
            }
            out.append(c)
            i += 1
        }
        throw fail("unterminated string")
    }

    private mutating func value() throws -> Value {
        space()
        guard i < bytes.count else { throw fail("missing value") }
        switch bytes[i] {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): i += 4; return .bool(true)
        case UInt8(ascii: "f"): i += 5; return .bool(false)
        case UInt8(ascii: "n"): i += 4; return .null
        case UInt8(ascii: "["):
            i += 1
            var items: [Value] = []
            space()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .list(items) }
            while true {
                items.append(try value())
                space()
                guard i < bytes.count else { throw fail("unterminated array") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .list(items) }
                throw fail("expected ',' or ']'")
            }
        case UInt8(ascii: "{"):
            // A tagged value: a temporal ({"$date": …}, {"$duration": …}, …) or {"$float": …}.
            let start = i
            let m = try object()
            if m.count == 1, let (tag, v) = m.first, case .string(let text) = v {
                switch tag {
                case "$date", "$datetime", "$time", "$localtime", "$localdatetime", "$duration":
                    if let v = Value(temporalTag: tag, text: text) { return v }
                case "$float":
                    switch text.lowercased() {
                    case "nan": return .double(.nan)
                    case "inf", "infinity": return .double(.infinity)
                    case "-inf", "-infinity": return .double(-.infinity)
                    default: if let d = Double(text) { return .double(d) }
                    }
                default: break
                }
            }
            _ = start
            return .map(m)
        default:
            let start = i
            var isFloat = false
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { isFloat = true } else if !(c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || (c >= 48 && c <= 57)) { break }
                i += 1
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            if !isFloat, let v = Int64(text) { return .int(v) }
            guard let d = Double(text) else { throw fail("bad number") }
            return .double(d)
        }
    }

    private mutating func skipValue() throws {
        space()
        guard i < bytes.count else { throw fail("missing value") }
        switch bytes[i] {
        case UInt8(ascii: "\""):
            i += 1
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
            i += 1
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            var depth = 0
            repeat {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
                } else if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                    depth += 1
                } else if c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
                    depth -= 1
                }
                i += 1
            } while depth > 0 && i < bytes.count
        default:
            while i < bytes.count, bytes[i] != UInt8(ascii: ","), bytes[i] != UInt8(ascii: "}"), bytes[i] != UInt8(ascii: "]") { i += 1 }
        }
    }
}
