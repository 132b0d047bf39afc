import Testing
import KGCore

/// `JSONWriter.bytes` writes exactly the UTF-8 of `JSONWriter.string`, escapes included.
@Suite struct JSONWriterBytesTests {
    static let strings = ["", "plain", "停水两天了", "quote \" and \\ backslash", "line\nbreak\r\ttab", "\u{0}\u{1}\u{1F}\u{7F}",
                          "emoji 🚰 and é / e\u{301}", "\u{2028}\u{2029}", "😀\u{8}"]

    @Test func bytesAreTheTextsUTF8() {
        var values: [JSON] = [.null, .bool(true), .bool(false), .int(0), .int(-42), .int(Int64.max), .double(1), .double(-0.5),
                              .double(1e-5), .double(.nan), .double(.infinity), .double(123456789.125)]
        values += Self.strings.map(JSON.string)
        values.append(.array(values))
        values.append(.object(Self.strings.enumerated().map { ($0.element, .array([.int(Int64($0.offset)), .string($0.element)])) }))
        values.append(.object([("nested", .object([("a", .array([])), ("b", .object([]))]))]))
        for value in values {
            let text = JSONWriter.string(value)
            #expect(JSONWriter.bytes(value) == Array(text.utf8), "\(text)")
            // Without a reservation the array grows as it must.
            #expect(JSONWriter.bytes(value, reservingCapacity: 0) == Array(text.utf8))
        }
    }
}
