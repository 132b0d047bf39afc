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
}
