import Testing
@testable import KGBolt

/// PackStream round trips, the smallest encodings the specification gives, and malformed input.
@Suite struct PackStreamTests {
    static let samples: [PackValue] = [
        .null, .bool(true), .bool(false), .int(0), .int(-16), .int(-17), .int(127), .int(128), .int(-129),
        .int(32_768), .int(-2_147_483_649), .int(.max), .int(.min), .float(1.5), .float(-0.0), .float(.infinity),
        .string(""), .string("中文 ü"), .string(String(repeating: "x", count: 70_000)), .bytes([1, 2, 3]), .bytes([]),
        .list([]), .list((0..<300).map { .int(Int64($0)) }), .map(["a": .int(1), "b": .list([.null])]),
        .structure(tag: 0x4E, fields: [.int(1), .list([.string("L")]), .map([:]), .string("1")]),
    ]

    @Test func roundTrips() throws {
        for value in Self.samples {
            #expect(try PackStreamDecoder.decode(PackStreamEncoder.encode(value)) == value)
        }
    }

    @Test func smallestEncodings() {
        #expect(PackStreamEncoder.encode(.int(1)) == [0x01])
        #expect(PackStreamEncoder.encode(.int(-16)) == [0xF0])
        #expect(PackStreamEncoder.encode(.int(-17)) == [0xC8, 0xEF])
        #expect(PackStreamEncoder.encode(.int(1234)) == [0xC9, 0x04, 0xD2])
        #expect(PackStreamEncoder.encode(.string("a")) == [0x81, 0x61])
        #expect(PackStreamEncoder.encode(.float(1.1)) == [0xC1, 0x3F, 0xF1, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9A])
        #expect(PackStreamEncoder.encode(.list([.int(1), .int(2)])) == [0x92, 0x01, 0x02])
        #expect(PackStreamEncoder.encode(.map(["a": .int(1)])) == [0xA1, 0x81, 0x61, 0x01])
    }

    @Test func malformedInput() {
        func kind(_ bytes: [UInt8]) -> PackStreamError.Kind? {
            do { _ = try PackStreamDecoder.decode(bytes); return nil } catch let e as PackStreamError { return e.kind } catch { return nil }
        }
        #expect(kind([0xC7]) == .unknownMarker)
        #expect(kind([0x82, 0xFF, 0xFE]) == .invalidUTF8)
        #expect(kind([0x92, 0x01]) == .tooLarge)
        #expect(kind([0x91, 0xC9, 0x01]) == .truncated)
        #expect(kind([0xD6, 0x7F, 0xFF, 0xFF, 0xFF]) == .tooLarge)
        #expect(kind([0xA1, 0x01, 0x01]) == .nonStringKey)
        #expect(kind([0x01, 0x01]) == .trailingBytes)
        #expect(kind(Array(repeating: 0x91, count: 10_000) + [0x01]) == .tooDeep)
    }
}
