import Foundation
import KGCore

/// Splits Cypher text into tokens: identifiers, literals, parameters, operators; skips
/// whitespace and `//` and `/* */` comments. Errors carry the byte offset of the bad text.
struct Lexer {
    private let bytes: [UInt8]
    private var i = 0
    let text: String

    init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    /// Tokenises the whole text (the last token is `.end`).
    static func tokenize(_ text: String) throws -> [Token] {
        var lexer = Lexer(text)
        var out: [Token] = []
        while true {
            let t = try lexer.next()
            out.append(t)
            if t.kind == .end { return out }
        }
    }

    private func peek(_ k: Int = 0) -> UInt8? { i + k < bytes.count ? bytes[i + k] : nil }

    private func error(_ code: ErrorCode, _ message: String, at offset: Int) -> CypherError {
        CypherError(type: .syntax, code: code, phase: .compile, message: message, offset: offset)
    }

    private mutating func skipTrivia() throws {
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C { i += 1; continue }
            if c == 0x2F, peek(1) == 0x2F {
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
                continue
            }
            if c == 0x2F, peek(1) == 0x2A {
                let start = i
                i += 2
                while i + 1 < bytes.count, !(bytes[i] == 0x2A && bytes[i + 1] == 0x2F) { i += 1 }
                guard i + 1 < bytes.count else { throw error(.unexpectedSyntax, "unterminated comment", at: start) }
                i += 2
                continue
            }
            if c >= 0x80, let (scalar, len) = decodeScalar(at: i), scalar.properties.isWhitespace {
                i += len; continue
            }
            break
        }
    }

    private func decodeScalar(at p: Int) -> (Unicode.Scalar, Int)? {
        let b0 = bytes[p]
        var len = 1
        var v: UInt32 = UInt32(b0)
        if b0 >= 0xF0 { len = 4; v = UInt32(b0 & 0x07) } else if b0 >= 0xE0 { len = 3; v = UInt32(b0 & 0x0F) } else if b0 >= 0xC0 { len = 2; v = UInt32(b0 & 0x1F) }
        guard p + len <= bytes.count else { return nil }
        if len > 1 { for k in 1..<len { v = (v << 6) | UInt32(bytes[p + k] & 0x3F) } }
        guard let s = Unicode.Scalar(v) else { return nil }
        return (s, len)
    }

    private func isIdentStart(at p: Int) -> Int? {
        let c = bytes[p]
        if (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F { return 1 }
        if c >= 0x80, let (s, len) = decodeScalar(at: p), s.properties.isAlphabetic || s.properties.isIDStart { return len }
        return nil
    }

    private func isIdentPart(at p: Int) -> Int? {
        let c = bytes[p]
        if (c >= 0x30 && c <= 0x39) || c == 0x24 { return 1 }
        if let n = isIdentStart(at: p) { return n }
        if c >= 0x80, let (s, len) = decodeScalar(at: p), s.properties.isIDContinue { return len }
        return nil
    }

    private func string(_ from: Int, _ to: Int) -> String {
        String(decoding: bytes[from..<to], as: UTF8.self)
    }

    mutating func next() throws -> Token {
        try skipTrivia()
        let start = i
        guard i < bytes.count else { return Token(kind: .end, offset: i, endOffset: i) }
        let c = bytes[i]
        if let n = isIdentStart(at: i) {
            i += n
            while i < bytes.count, let m = isIdentPart(at: i) { i += m }
            return Token(kind: .identifier(string(start, i)), offset: start, endOffset: i)
        }
        if c >= 0x30 && c <= 0x39 || (c == 0x2E && (peek(1).map { $0 >= 0x30 && $0 <= 0x39 } ?? false)) {
            do { return try number() } catch let e as CypherError where e.code == .invalidNumberLiteral {
                return Token(kind: .invalid(code: e.code, message: e.message), offset: start, endOffset: max(i, start + 1))
            }
        }
        switch c {
        case 0x60: // backtick
            i += 1
            var out: [UInt8] = []
            while true {
                guard i < bytes.count else { throw error(.unexpectedSyntax, "unterminated `quoted identifier`", at: start) }
                if bytes[i] == 0x60 {
                    if peek(1) == 0x60 { out.append(0x60); i += 2; continue }
                    i += 1; break
                }
                out.append(bytes[i]); i += 1
            }
            return Token(kind: .quotedIdentifier(String(decoding: out, as: UTF8.self)), offset: start, endOffset: i)
        case 0x27, 0x22:
            return try quotedString(quote: c)
        case 0x24: // $
            i += 1
            guard i < bytes.count else { throw error(.unexpectedSyntax, "a parameter name must follow $", at: start) }
            if bytes[i] == 0x60 {
                let t = try next()
                guard case .quotedIdentifier(let name) = t.kind else { throw error(.unexpectedSyntax, "bad parameter name", at: start) }
                return Token(kind: .parameter(name), offset: start, endOffset: i)
            }
            let nameStart = i
            while i < bytes.count, let m = isIdentPart(at: i) { i += m }
            guard i > nameStart else { throw error(.unexpectedSyntax, "a parameter name must follow $", at: start) }
            return Token(kind: .parameter(string(nameStart, i)), offset: start, endOffset: i)
        default:
            break
        }
        let two = i + 1 < bytes.count ? string(i, i + 2) : ""
        for op in ["<=", ">=", "<>", "!=", "..", "+=", "=~"] where two == op {
            i += 2
            return Token(kind: .symbol(op == "!=" ? "<>" : op), offset: start, endOffset: i)
        }
        let singles: Set<UInt8> = Set("()[]{},.:|;+-*/%^=<>".utf8)
        if singles.contains(c) {
            i += 1
            return Token(kind: .symbol(String(UnicodeScalar(c))), offset: start, endOffset: i)
        }
        // Unicode dashes and arrows some editors produce stand for '-'.
        if let (s, len) = decodeScalar(at: i), ["\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}", "\u{FE58}", "\u{FE63}", "\u{FF0D}"].contains(String(s)) {
            _ = len
            throw error(.invalidUnicodeCharacter, "'\(s)' is not an operator; use the ASCII hyphen-minus '-'", at: start)
        }
        throw error(.unexpectedSyntax, "unexpected character '\(decodeScalar(at: i).map { String($0.0) } ?? "?")'", at: start)
    }

    private mutating func number() throws -> Token {
        let start = i
        func isAlnum(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
        }
        if bytes[i] == 0x30, let p = peek(1), p == 0x78 || p == 0x6F { // 0x / 0o
            let radix: UInt64 = p == 0x78 ? 16 : 8
            i += 2
            let digitsStart = i
            while i < bytes.count, isAlnum(bytes[i]) { i += 1 }
            let digits = string(digitsStart, i)
            guard !digits.isEmpty else { throw error(.invalidNumberLiteral, "'\(string(start, i))' is not a valid number", at: start) }
            var value: UInt64 = 0
            var overflow = false
            for ch in digits.unicodeScalars {
                guard ch.isASCII, let d = UInt64(String(ch), radix: Int(radix)) else {
                    throw error(.invalidNumberLiteral, "'\(string(start, i))' is not a valid number", at: start)
                }
                let (m, o1) = value.multipliedReportingOverflow(by: radix)
                let (s, o2) = m.addingReportingOverflow(d)
                if o1 || o2 { overflow = true }
                value = s
            }
            if value > UInt64(Int64.max) + 1 { overflow = true }
            return Token(kind: .integer(value, overflow: overflow), offset: start, endOffset: i)
        }
        while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
        var isFloat = false
        if i < bytes.count, bytes[i] == 0x2E, let n = peek(1), n >= 0x30 && n <= 0x39 {
            isFloat = true
            i += 1
            while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
        }
        if i < bytes.count, bytes[i] == 0x65 || bytes[i] == 0x45 {
            var j = i + 1
            if j < bytes.count, bytes[j] == 0x2B || bytes[j] == 0x2D { j += 1 }
            if j < bytes.count, bytes[j] >= 0x30 && bytes[j] <= 0x39 {
                isFloat = true
                i = j
                while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
            }
        }
        if i < bytes.count, isAlnum(bytes[i]) {
            while i < bytes.count, isAlnum(bytes[i]) { i += 1 }
            throw error(.invalidNumberLiteral, "'\(string(start, i))' is not a valid number", at: start)
        }
        let text = string(start, i)
        if isFloat {
            guard let d = Double(text) else { throw error(.invalidNumberLiteral, "'\(text)' is not a valid number", at: start) }
            if d.isInfinite { throw error(.floatingPointOverflow, "'\(text)' is too large for a 64-bit float", at: start) }
            return Token(kind: .float(d), offset: start, endOffset: i)
        }
        if let v = UInt64(text), v <= UInt64(Int64.max) + 1 {
            return Token(kind: .integer(v, overflow: false), offset: start, endOffset: i)
        }
        return Token(kind: .integer(0, overflow: true), offset: start, endOffset: i)
    }

    private mutating func quotedString(quote: UInt8) throws -> Token {
        let start = i
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw error(.unexpectedSyntax, "unterminated string literal", at: start) }
            let c = bytes[i]
            if c == quote { i += 1; break }
            if c == 0x5C {
                guard let e = peek(1) else { throw error(.unexpectedSyntax, "unterminated string literal", at: start) }
                i += 2
                switch e {
                case 0x5C: out.append(0x5C)
                case 0x27: out.append(0x27)
                case 0x22: out.append(0x22)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75, 0x55:
                    let n = e == 0x75 ? 4 : 8
                    guard i + n <= bytes.count, let v = UInt32(string(i, i + n), radix: 16), let s = Unicode.Scalar(v) else {
                        throw error(.invalidUnicodeLiteral, "invalid unicode escape in string literal", at: i - 2)
                    }
                    out.append(contentsOf: Array(String(s).utf8))
                    i += n
                default:
                    // Unknown escapes keep the backslash, as Neo4j does.
                    out.append(0x5C); out.append(e)
                }
                continue
            }
            out.append(c); i += 1
        }
        return Token(kind: .string(String(decoding: out, as: UTF8.self)), offset: start, endOffset: i)
    }
}
