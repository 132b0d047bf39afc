import Testing
@testable import KGCore

@Suite struct JSONTests {
    @Test func integersAndFloatsStayApart() throws {
        let doc = try JSONParser.parse(#"{"a": 1, "b": 1.0, "c": 1e3, "d": -9223372036854775808}"#)
        #expect(doc["a"] == .int(1))
        #expect(doc["b"] == .double(1.0))
        #expect(doc["c"] == .double(1000))
        #expect(doc["d"] == .int(Int64.min))
        #expect(JSONWriter.string(.double(1)) == "1.0")
        #expect(JSONWriter.string(.int(1)) == "1")
    }

    @Test func roundTripsUnicodeAndEscapes() throws {
        let text = "南宁\n\"青秀\"\t\\ \u{1F600} \u{01}"
        let written = JSONWriter.string(.object([("k", .string(text))]))
        #expect(try JSONParser.parse(written)["k"] == .string(text))
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("\u{1F600}"))
    }

    @Test func errorsCarryLineAndColumn() {
        do {
            _ = try JSONParser.parse("{\n  \"a\": tru\n}")
            Issue.record("expected an error")
        } catch let e as JSONError {
            #expect(e.line == 2)
            #expect(e.column == 8)
        } catch { Issue.record("wrong error \(error)") }
    }

    @Test(arguments: ["", "{", "[1,]", "01", "1.", "\"abc", "{\"a\" 1}", "nul", "[1] 2", "\"\\ud800\"", "99999999999999999999"])
    func rejectsMalformed(_ text: String) {
        #expect(throws: JSONError.self) { try JSONParser.parse(text) }
    }

    @Test func limitsNesting() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONError.self) { try JSONParser.parse(deep) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONError.self) { try JSONParser.parse(bytes: [0x22, 0xFF, 0xFE, 0x22]) }
    }
}
