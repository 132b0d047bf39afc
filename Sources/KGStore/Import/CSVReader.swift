import Foundation
import KGCore

/// A streaming RFC 4180 CSV reader over a file: quoted fields with doubled quotes, fields that
/// span lines, CRLF or LF, a UTF-8 byte-order mark. Reads 1 MiB at a time, never the whole file.
///
/// Every field is checked to be UTF-8; errors name the file, the line and the column.
final class CSVReader {
    let path: String
    let displayName: String
    private let file: UnsafeMutablePointer<FILE>
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    private var count = 0
    private var pos = 0
    private var eof = false
    private var currentLine = 1
    /// The line on which the last returned record started.
    private(set) var recordLine = 1
    let delimiter: UInt8

    init(path: String, delimiter: UInt8 = UInt8(ascii: ",")) throws {
        guard let f = fopen(path, "rb") else {
            throw ImportError(code: .fileNotFound, message: "cannot open \(path): \(String(cString: strerror(errno))). Check the path.")
        }
        self.file = f
        self.path = path
        self.displayName = (path as NSString).lastPathComponent
        self.delimiter = delimiter
        refill()
        if count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { pos = 3 }
    }

    deinit { fclose(file) }

    private func refill() {
        guard !eof else { return }
        count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, 1 << 20, file) }
        pos = 0
        if count == 0 { eof = true }
    }

    @inline(__always) private func peek() -> UInt8? {
        if pos >= count { refill(); if eof || pos >= count { return nil } }
        return buffer[pos]
    }

    /// The next record, or nil at the end of the file. Blank lines are skipped.
    func next() throws -> [String]? {
        var fields: [String] = []
        var field: [UInt8] = []
        field.reserveCapacity(64)
        var inQuotes = false
        var wasQuoted = false
        var quoteLine = 0
        var sawAny = false
        recordLine = currentLine
        func finishField() throws {
            // String(decoding:) is the fast validating path; it repairs bad bytes, which shows as a
            // difference from the input.
            let decoded = String(decoding: field, as: UTF8.self)
            let valid = decoded.utf8.count == field.count && (field.allSatisfy { $0 < 0x80 } || decoded.utf8.elementsEqual(field))
            guard valid else {
                throw ImportError(code: .invalidUTF8, message: "field \(fields.count + 1) is not valid UTF-8; re-encode the file as UTF-8 (e.g. iconv -f GBK -t UTF-8)",
                                  location: SourceLocation(file: displayName, line: recordLine, column: fields.count + 1))
            }
            fields.append(decoded)
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        while let b = peek() {
            pos += 1
            sawAny = true
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if peek() == UInt8(ascii: "\"") { pos += 1; field.append(b) } else { inQuotes = false }
                } else {
                    if b == 10 { currentLine += 1 }
                    field.append(b)
                }
                continue
            }
            switch b {
            case delimiter:
                try finishField()
            case UInt8(ascii: "\""):
                if field.isEmpty && !wasQuoted { inQuotes = true; wasQuoted = true; quoteLine = currentLine } else { field.append(b) }
            case 13:
                if peek() == 10 { continue }
                currentLine += 1
                if fields.isEmpty && field.isEmpty && !wasQuoted { recordLine = currentLine; sawAny = false; continue }
                try finishField(); return fields
            case 10:
                currentLine += 1
                if fields.isEmpty && field.isEmpty && !wasQuoted { recordLine = currentLine; sawAny = false; continue }
                try finishField(); return fields
            default:
                field.append(b)
            }
        }
        if inQuotes {
            throw ImportError(code: .unterminatedQuote, message: "a quoted field opened on line \(quoteLine) is never closed; add the closing \" (or double the \" inside the field)",
                              location: SourceLocation(file: displayName, line: quoteLine, column: fields.count + 1))
        }
        guard sawAny, !(fields.isEmpty && field.isEmpty && !wasQuoted) else { return nil }
        try finishField()
        return fields
    }
}
