import Foundation
import Testing
@testable import KGCore

/// Typed values to the `JSON` value type and back: key order, integers against doubles, explicit
/// nulls, and errors that name the field.
@Suite struct JSONValueCodingTests {
    struct Inner: Codable, Equatable { var b: Int; var a: String }
    struct Outer: Codable, Equatable {
        var zeta: Double
        var alpha: Int64
        var list: [Inner]
        var map: [String: Int]
        var missing: String?
        var flag: Bool
        var raw: JSON?
    }

    @Test func encodesInDeclarationOrderWithIntegersAndDoublesApart() throws {
        let value = Outer(zeta: 3, alpha: 7, list: [Inner(b: 1, a: "x")], map: ["k": 2], missing: nil, flag: true,
                          raw: .object([("q", .double(0.5)), ("p", .null)]))
        let json = try JSONValueEncoder().encode(value)
        #expect(JSONWriter.string(json) == #"{"zeta":3.0,"alpha":7,"list":[{"b":1,"a":"x"}],"map":{"k":2},"flag":true,"raw":{"q":0.5,"p":null}}"#)
        #expect(try JSONValueDecoder().decode(Outer.self, from: json) == value)
    }

    struct WithNull: Encodable {
        var present: String?
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(present, forKey: .present)
        }
        enum CodingKeys: String, CodingKey { case present }
    }

    @Test func anOptionalEncodedExplicitlyIsNull() throws {
        #expect(try JSONValueEncoder().encode(WithNull(present: nil)) == .object([("present", .null)]))
    }

    @Test func numbersConvertOnlyWhenExact() throws {
        struct N: Decodable { var i: Int; var d: Double; var small: Int8 }
        let ok = try JSONValueDecoder().decode(N.self, from: .object([("i", .double(5)), ("d", .int(2)), ("small", .int(-128))]))
        #expect(ok.i == 5 && ok.d == 2 && ok.small == -128)
        #expect { try JSONValueDecoder().decode(N.self, from: .object([("i", .double(5.5)), ("d", .int(2)), ("small", .int(0))])) } throws: {
            ($0 as? JSONDecodingError)?.message == "\"i\" must be an integer, not number"
        }
        #expect { try JSONValueDecoder().decode(N.self, from: .object([("i", .int(1)), ("d", .int(2)), ("small", .int(200))])) } throws: {
            ($0 as? JSONDecodingError)?.message.hasPrefix("\"small\" must be an integer from -128 to 127") == true
        }
    }

    @Test func errorsNameThePathAndCarryTheCallersCode() throws {
        let decoder = JSONValueDecoder(code: .invalidRoutingRequest)
        let bad = try JSONParser.parse(#"{"zeta": 1, "alpha": 2, "list": [{"b": 1, "a": 3}], "map": {}, "flag": false}"#)
        #expect { try decoder.decode(Outer.self, from: bad) } throws: {
            let e = $0 as? JSONDecodingError
            return e?.code == .invalidRoutingRequest && e?.message == "\"list[0].a\" must be a string, not integer"
        }
        #expect { try decoder.decode(Outer.self, from: .array([])) } throws: { ($0 as? JSONDecodingError)?.message == "the body must be an object, not array" }
        #expect { try decoder.decode(Inner.self, from: .object([("a", .string("x"))])) } throws: { ($0 as? JSONDecodingError)?.message == "\"b\" is required" }
        #expect { try decoder.decode(Inner.self, from: .object([("a", .string("x")), ("b", .null)])) } throws: {
            ($0 as? JSONDecodingError)?.message == "\"b\" must be an integer, not null"
        }
    }

    @Test func jsonRoundTripsThroughFoundationsCodersToo() throws {
        let value: JSON = .object([("a", .array([.int(1), .double(2.5), .string("s"), .bool(true), .null]))])
        #expect(try JSONValueDecoder().decode(JSON.self, from: try JSONValueEncoder().encode(value)) == value)
    }

    /// A type that writes its wire form once as a `JSON` value (as `HotlineRouting` does).
    struct Wire: Encodable {
        let n: Int64
        func encode(to encoder: any Encoder) throws {
            try JSON.object([("z", .int(n)), ("a", .array([.string("s"), .null])), ("m", .object([("k", .double(1.5))]))]).encode(to: encoder)
        }
    }
    struct Holder: Encodable { let first: Wire; let list: [Wire] }

    @Test func aWireValueIsStoredWholeAndOtherEncodersSeeTheSameShape() throws {
        let value = Holder(first: Wire(n: 1), list: [Wire(n: 2)])
        let ours = JSONWriter.string(try JSONValueEncoder().encode(value))
        #expect(ours == #"{"first":{"z":1,"a":["s",null],"m":{"k":1.5}},"list":[{"z":2,"a":["s",null],"m":{"k":1.5}}]}"#)
        let foundation = JSONEncoder()
        foundation.outputFormatting = .sortedKeys
        let theirs = String(decoding: try foundation.encode(value), as: UTF8.self)
        #expect(theirs == #"{"first":{"a":["s",null],"m":{"k":1.5},"z":1},"list":[{"a":["s",null],"m":{"k":1.5},"z":2}]}"#)
    }

    struct Twice: Encodable {
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: StringCodingKey.self)
            try c.encode("first", forKey: StringCodingKey("a"))
            try c.encode(2, forKey: StringCodingKey("b"))
            var nested = c.nestedContainer(keyedBy: StringCodingKey.self, forKey: StringCodingKey("a"))
            try nested.encode(true, forKey: StringCodingKey("x"))
            var items = c.nestedUnkeyedContainer(forKey: StringCodingKey("c"))
            try items.encode(1); try items.encode(Wire(n: 3)); try items.encodeNil()
            #expect(items.count == 3)
        }
    }

    @Test func aKeyEncodedTwiceKeepsItsPlaceAndTheLastValue() throws {
        #expect(JSONWriter.string(try JSONValueEncoder().encode(Twice()))
                == #"{"a":{"x":true},"b":2,"c":[1,{"z":3,"a":["s",null],"m":{"k":1.5}},null]}"#)
    }

    struct Failing: Encodable {
        struct Inner: Encodable {
            func encode(to encoder: any Encoder) throws {
                throw EncodingError.invalidValue(0, .init(codingPath: encoder.codingPath, debugDescription: "no"))
            }
        }
        let outer: [String: Inner]
    }

    @Test func anEncodingErrorCarriesItsPath() throws {
        #expect { try JSONValueEncoder().encode(Failing(outer: ["k": .init()])) } throws: { error in
            guard case EncodingError.invalidValue(_, let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["outer", "k"]
        }
    }
}
