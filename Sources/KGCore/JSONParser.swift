/// A strict JSON parser (RFC 8259) over UTF-8 bytes, with line and column in its errors.
///
/// Numbers without a fraction or exponent become `.int` (or an error if they overflow Int64),
/// others `.double`. Nesting is limited so a hostile document cannot exhaust the stack.
public struct JSONParser {
    private let bytes: [UInt8]
    private var index = 0
    private let maxDepth: Int

    /// Parses one complete JSON document.
    /// - Parameters:
    ///   - text: the document.
    ///   - maxDepth: deepest nesting of arrays and objects accepted.
    /// - Throws: `JSONError` with the line and column of the first problem.
    public static func parse(_ text: String, maxDepth: Int = 512) throws -> JSON {
        try parse(bytes: Array(text.utf8), maxDepth: maxDepth)
    }

    /// Parses one complete JSON document from UTF-8 bytes (invalid UTF-8 is an error).
    public static func parse(bytes: [UInt8], maxDepth: Int = 512) throws -> JSON {
        var p = JSONParser(bytes: bytes, maxDepth: maxDepth)
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        if p.index < p.bytes.count { throw p.error("unexpected text after the JSON value") }
        return v
    }

    private init(bytes: [UInt8], maxDepth: Int) { self.bytes = bytes; self.maxDepth = maxDepth }

    private func error(_ message: String) -> JSONError {
        var line = 1, column = 1
        for b in bytes[..<min(index, bytes.count)] {
            if b == 10 { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return JSONError(message: message, line: line, column: column)
    }

    private mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 32 || bytes[index] == 9 || bytes[index] == 10 || bytes[index] == 13 {
            index += 1
        }
    }

    private mutating func value(depth: Int) throws -> JSON {
        guard index < bytes.count else { throw error("unexpected end of JSON") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard depth < maxDepth else { throw error("JSON nested deeper than \(maxDepth) levels") }
            index += 1; skipSpace()
            var members: [(String, JSON)] = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                let key = try string()
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after the key") }
                index += 1; skipSpace()
                members.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard index < bytes.count else { throw error("unterminated object") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                throw error("expected ',' or '}' in object")
            }
        case UInt8(ascii: "["):
            guard depth < maxDepth else { throw error("JSON nested deeper than \(maxDepth) levels") }
            index += 1; skipSpace()
            var items: [JSON] = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard index < bytes.count else { throw error("unterminated array") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                throw error("expected ',' or ']' in array")
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default:
            return try number()
        }
    }

    private mutating func literal(_ word: String) throws {
        let w = Array(word.utf8)
        guard index + w.count <= bytes.count, Array(bytes[index..<index + w.count]) == w else {
            throw error("invalid literal")
        }
        index += w.count
    }

    private mutating func number() throws -> JSON {
        let start = index
        var isFloat = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 else { throw error("invalid value") }
        if bytes[index] == 48, index + 1 < bytes.count, bytes[index + 1] >= 48, bytes[index + 1] <= 57 {
            throw error("leading zeros are not allowed in JSON numbers")
        }
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isFloat = true; index += 1
            guard index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 else { throw error("digit expected after '.'") }
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isFloat = true; index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 else { throw error("digit expected in exponent") }
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isFloat {
            guard let d = Double(text) else { throw error("invalid number") }
            return .double(d)
        }
        guard let i = Int64(text) else { throw error("integer \(text) does not fit in 64 bits") }
        return .int(i)
    }

    private mutating func string() throws -> String {
        index += 1  // opening quote
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error("unterminated string") }
            let b = bytes[index]
            if b == UInt8(ascii: "\"") { index += 1; break }
            if b < 0x20 { throw error("control character in string (escape it)") }
            if b != UInt8(ascii: "\\") { out.append(b); index += 1; continue }
            index += 1
            guard index < bytes.count else { throw error("unterminated escape") }
            let e = bytes[index]; index += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate in \\u escape")
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw error("unpaired surrogate in \\u escape")
                }
                guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default: throw error("invalid escape \\\(Character(Unicode.Scalar(e)))")
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw error("invalid UTF-8 in string") }
        return s
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for b in bytes[index..<index + 4] {
            v <<= 4
            switch b {
            case 48...57: v |= UInt32(b - 48)
            case 65...70: v |= UInt32(b - 55)
            case 97...102: v |= UInt32(b - 87)
            default: throw error("invalid hex digit in \\u escape")
            }
        }
        index += 4
        return v
    }
}

/// A JSON syntax error at a line and column (1-based, columns in characters).
public struct JSONError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let line: Int
    public let column: Int
    public var description: String { "\(message) (line \(line), column \(column))" }
}
