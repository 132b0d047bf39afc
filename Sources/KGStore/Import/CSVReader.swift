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
    private static let capacity = 1 << 20
    private let buffer: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var pos = 0
    private var eof = false
    /// The file offset of `buffer[0]`, and the bytes of the file still to read.
    private var bufferStart = 0
    private var remaining = Int.max
    /// The field being read (kept between records for its storage).
    private var field: [UInt8] = []
    private var currentLine = 1
    /// The line on which the last returned record started.
    private(set) var recordLine = 1
    let delimiter: UInt8

    /// Opens `path`, or the `length` bytes from `offset` of it (a stretch of whole records,
    /// whose first line is `firstLine`), for reading records on several threads.
    init(path: String, delimiter: UInt8 = UInt8(ascii: ","), offset: Int = 0, length: Int = .max, firstLine: Int = 1) throws {
        guard let f = fopen(path, "rb") else {
            throw ImportError(code: .fileNotFound, message: "cannot open \(path): \(String(cString: strerror(errno))). Check the path.")
        }
        if offset > 0 { fseeko(f, off_t(offset), SEEK_SET) }
        self.file = f
        self.path = path
        self.displayName = (path as NSString).lastPathComponent
        self.delimiter = delimiter
        bufferStart = offset
        remaining = length
        currentLine = firstLine
        recordLine = firstLine
        buffer = .allocate(capacity: Self.capacity)
        field.reserveCapacity(256)
        refill()
        if offset == 0, count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { pos = 3 }
    }

    /// The file offset just after the last record returned.
    var offset: Int { bufferStart + pos }
    /// The line the next record starts on (or the blank lines before it).
    var nextLine: Int { currentLine }

    deinit {
        fclose(file)
        buffer.deallocate()
    }

    /// Moves the unread bytes to the front and fills the rest of the buffer from the file.
    private func refill() {
        guard !eof else { return }
        let rest = count - pos
        if rest > 0 && pos > 0 { memmove(buffer, buffer + pos, rest) }
        bufferStart += pos
        count = rest
        pos = 0
        let want = min(Self.capacity - count, remaining)
        let read = want > 0 ? fread(buffer + count, 1, want, file) : 0
        remaining -= read
        count += read
        if read == 0 && (want > 0 || remaining == 0) { eof = true }
    }

    @inline(__always) private func peek() -> UInt8? {
        if pos >= count { refill(); if eof || pos >= count { return nil } }
        return buffer[pos]
    }

    /// The end of the line starting at `pos` (the index of its `\n`, or `count` at the end of
    /// the file), refilling so that the whole line is in the buffer; nil when the line is longer
    /// than the buffer.
    private func lineEnd() -> Int? {
        while true {
            if let nl = memchr(buffer + pos, 10, count - pos) {
                return buffer.distance(to: nl.assumingMemoryBound(to: UInt8.self))
            }
            if eof { return count }
            if pos == 0 && count == Self.capacity { return nil }
            refill()
            if eof && pos >= count { return count }
        }
    }

    /// A field's text, checked to be UTF-8.
    @inline(__always) private func string(_ start: UnsafePointer<UInt8>, _ length: Int, column: Int) throws -> String {
        let bytes = UnsafeBufferPointer(start: start, count: length)
        var ascii = true
        for b in bytes where b >= 0x80 { ascii = false; break }
        let text = String(decoding: bytes, as: UTF8.self)
        if ascii { return text }
        // Decoding repairs bad bytes (U+FFFD), which shows as a difference from the input.
        var same = text.utf8.count == length
        if same {
            var copy = text
            same = copy.withUTF8 { memcmp($0.baseAddress!, start, length) == 0 }
        }
        guard same else { throw invalidUTF8(column: column) }
        return text
    }

    private func invalidUTF8(column: Int) -> ImportError {
        ImportError(code: .invalidUTF8, message: "field \(column) is not valid UTF-8; re-encode the file as UTF-8 (e.g. iconv -f GBK -t UTF-8)",
                    location: SourceLocation(file: displayName, line: recordLine, column: column))
    }

    /// The fast path of `next(into:)`: a record on one line without quotes or carriage returns
    /// inside it, split in place. Returns nil (having read nothing) when the record needs the
    /// general reader.
    private func nextSimple(into fields: inout [String]) throws -> Bool? {
        while true {
            if pos >= count { refill(); if pos >= count { return false } }
            guard let end = lineEnd() else { return nil }
            var stop = end
            if stop > pos && buffer[stop - 1] == 13 { stop -= 1 }
            let start = buffer + pos
            let length = stop - pos
            if memchr(start, 34, length) != nil || memchr(start, 13, length) != nil { return nil }
            recordLine = currentLine
            if length == 0 {
                // A blank line: skipped.
                guard end < count else { pos = end; return false }
                pos = end + 1
                currentLine += 1
                continue
            }
            // The line is consumed first, so a bad field does not leave the reader inside it.
            pos = end < count ? end + 1 : end
            currentLine += 1
            var fieldStart = 0
            for i in 0...length where i == length || start[i] == delimiter {
                fields.append(try string(start + fieldStart, i - fieldStart, column: fields.count + 1))
                fieldStart = i + 1
            }
            return true
        }
    }

    /// The next record, or nil at the end of the file. Blank lines are skipped.
    func next() throws -> [String]? {
        var fields: [String] = []
        return try next(into: &fields) ? fields : nil
    }

    /// Reads the next record into `fields` (replacing what it held, reusing its storage).
    /// - Returns: false at the end of the file.
    func next(into fields: inout [String]) throws -> Bool {
        fields.removeAll(keepingCapacity: true)
        if let simple = try nextSimple(into: &fields) { return simple }
        fields.removeAll(keepingCapacity: true)
        field.removeAll(keepingCapacity: true)
        var inQuotes = false
        var wasQuoted = false
        var quoteLine = 0
        var sawAny = false
        recordLine = currentLine
        // A field that is not UTF-8 is reported once the whole record is read, so the next call
        // starts on the next record.
        var badField: Int?
        func finishField() throws {
            if let decoded = String(validating: field, as: UTF8.self) { fields.append(decoded) } else {
                if badField == nil { badField = fields.count + 1 }
                fields.append("")
            }
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func finishRecord() throws -> Bool {
            try finishField()
            if let badField { throw invalidUTF8(column: badField) }
            return true
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
                return try finishRecord()
            case 10:
                currentLine += 1
                if fields.isEmpty && field.isEmpty && !wasQuoted { recordLine = currentLine; sawAny = false; continue }
                return try finishRecord()
            default:
                field.append(b)
            }
        }
        if inQuotes {
            throw ImportError(code: .unterminatedQuote, message: "a quoted field opened on line \(quoteLine) is never closed; add the closing \" (or double the \" inside the field)",
                              location: SourceLocation(file: displayName, line: quoteLine, column: fields.count + 1))
        }
        guard sawAny, !(fields.isEmpty && field.isEmpty && !wasQuoted) else { return false }
        return try finishRecord()
    }
}
