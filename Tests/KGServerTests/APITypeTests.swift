import Foundation
import Testing
import KGCore
import KGEngine
import GovHotline
import GovPolicy
import GovSupervision
@testable import KGServer

/// The OpenAPI document and the services' request types cannot drift: every documented body
/// property and query parameter is a field the route's request type reads, every field it reads
/// is documented, and every documented example decodes into the type.
@Suite struct APITypeTests {
    /// The request type behind each route with a body or query parameters.
    nonisolated(unsafe) static let requestTypes: [String: any Decodable.Type] = [
        "POST /v1/hotline/route": HotlineRouteRequest.self,
        "POST /v1/hotline/knowledge/search": KnowledgeSearchRequest.self,
        "GET /v1/hotline/stats": HotlineStatisticsRequest.self,
        "GET /v1/hotline/hotspots": HotspotsRequest.self,
        "GET /v1/hotline/knowledge/entries": KnowledgeEntryListRequest.self,
        "POST /v1/hotline/knowledge/entries": KnowledgeEntryCreateRequest.self,
        "PUT /v1/hotline/knowledge/entries/{id}": KnowledgeEntryUpdateRequest.self,
        "POST /v1/credit/score": EnterpriseScoreRequest.self,
        "POST /v1/risk/score": EnterpriseScoreRequest.self,
        "GET /v1/risk/alerts": AlertListRequest.self,
        "POST /v1/risk/alerts/{id}/ack": AlertTransitionRequest.self,
        "POST /v1/risk/alerts/{id}/assign": AlertAssignRequest.self,
        "POST /v1/risk/alerts/{id}/resolve": AlertResolveRequest.self,
        "GET /v1/risk/alerts/feedback": AlertFeedbackRequest.self,
        "GET /v1/risk/alerts/stream": AlertStreamRequest.self,
        "POST /v1/webhooks": WebhookCreateRequest.self,
        "GET /v1/webhooks/deliveries": DeliveryListRequest.self,
        "POST /v1/risk/inspections/sample": InspectionSampleRequest.self,
        "GET /v1/supervision/efficacy": EfficacyReportRequest.self,
        "GET /v1/supervision/items": SupervisionItemsRequest.self,
        "GET /v1/supervision/claims": SupervisionClaimsRequest.self,
        "POST /v1/supervision/draws": JointDrawRequest.self,
        "GET /v1/supervision/draws": JointDrawListRequest.self,
        "POST /v1/policies/search": PolicySearchRequest.self,
        "POST /v1/policies/recommend": PolicyRecommendRequest.self,
        "GET /v1/policies/{id}/eligible": EligibleRequest.self,
    ]

    /// Transport members the server handles itself (the caller's `id`, echoed by the hotline route).
    static let transportOnly: [String: Set<String>] = ["POST /v1/hotline/route": ["id"]]

    /// The top-level property names a schema documents (the union over `anyOf` options).
    static func properties(_ schema: JSON) -> Set<String> {
        if case .array(let options)? = schema["anyOf"] ?? schema["oneOf"] { return options.reduce(into: Set<String>()) { $0.formUnion(properties($1)) } }
        guard case .object(let members)? = schema["properties"] else { return [] }
        return Set(members.map(\.0))
    }

    @Test(arguments: requestTypes.keys.sorted())
    func documentedFieldsAreTheTypesFields(route: String) throws {
        let doc = try #require(RouteDocs.all[route], "\(route) is not documented")
        let type = try #require(Self.requestTypes[route])
        let read = KeyProbe.keys(of: type)
        let documented: Set<String>
        if let request = doc.request {
            documented = Self.properties(request.schema).subtracting(Self.transportOnly[route] ?? [])
            // The documented example is a valid request of the type.
            _ = try JSONValueDecoder().decode(type, from: request.example)
        } else {
            documented = Set(doc.parameters.filter { $0.location == "query" }.map(\.name))
        }
        #expect(documented == read, "\(route): documented but not read \(documented.subtracting(read)); read but not documented \(read.subtracting(documented))")
    }

    @Test func decodingErrorsNameTheFieldAndCarryTheRoutesCode() throws {
        let decoder = JSONValueDecoder(code: .invalidSupervisionRequest)
        #expect { try decoder.decode(InspectionSampleRequest.self, from: try JSONParser.parse(#"{"region": "450102", "n": "ten", "seed": 1}"#)) } throws: {
            let e = $0 as? any GovBrainError
            return e?.code == .invalidSupervisionRequest && e?.message.contains("\"n\"") == true && e?.message.contains("integer") == true
        }
        #expect { try decoder.decode(InspectionSampleRequest.self, from: try JSONParser.parse(#"{"n": 1, "seed": 1}"#)) } throws: {
            ($0 as? any GovBrainError)?.message == "\"region\" is required"
        }
        let features = try decoder.decode(EnterpriseScoreRequest.self, from: try JSONParser.parse(#"{"features": {"a": "x", "b": 2, "c": null, "d": 2.5}}"#))
        #expect(features.features == ["a": .text("x"), "b": .number(2), "c": .missing, "d": .number(2.5)])
        #expect(throws: JSONDecodingError.self) { try decoder.decode(EnterpriseScoreRequest.self, from: try JSONParser.parse(#"{"features": {"a": [1]}}"#)) }
    }
}

/// Lists the keys a `Decodable` type reads, by decoding it from a decoder that has every key and
/// answers each with an empty value.
enum KeyProbe {
    static func keys(of type: any Decodable.Type) -> Set<String> {
        let log = Log()
        _ = try? type.init(from: Probe(log: log, codingPath: []))
        return log.keys
    }

    final class Log { var keys: Set<String> = [] }

    struct Probe: Decoder {
        let log: Log
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            KeyedDecodingContainer(Keyed<Key>(log: log, codingPath: codingPath))
        }
        func unkeyedContainer() throws -> any UnkeyedDecodingContainer { Empty(codingPath: codingPath) }
        func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(codingPath: codingPath) }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let log: Log
        let codingPath: [any CodingKey]
        var allKeys: [Key] { [] }
        func record(_ key: Key) { if codingPath.isEmpty { log.keys.insert(key.stringValue) } }
        func contains(_ key: Key) -> Bool { record(key); return true }
        func decodeNil(forKey key: Key) throws -> Bool { record(key); return false }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { record(key); return try Single(codingPath: codingPath + [key]).decode(type) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { record(key); return try Single(codingPath: codingPath + [key]).decode(type) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { record(key); return try Single(codingPath: codingPath + [key]).decode(type) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { record(key); return try Single(codingPath: codingPath + [key]).decode(type) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { record(key); return try Single(codingPath: codingPath + [key]).decode(type) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { record(key); return try Single(codingPath: codingPath + [key]).decode(type) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { record(key); return try Single(codingPath: codingPath + [key]).decode(type) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { record(key); return try Single(codingPath: codingPath + [key]).decode(type) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { record(key); return try Single(codingPath: codingPath + [key]).decode(type) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { record(key); return try Single(codingPath: codingPath + [key]).decode(type) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { record(key); return try Single(codingPath: codingPath + [key]).decode(type) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { record(key); return try Single(codingPath: codingPath + [key]).decode(type) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { record(key); return try Single(codingPath: codingPath + [key]).decode(type) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { record(key); return try Single(codingPath: codingPath + [key]).decode(type) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            record(key)
            return try T(from: Probe(log: log, codingPath: codingPath + [key]))
        }
        func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: Key) throws -> KeyedDecodingContainer<N> {
            record(key)
            return KeyedDecodingContainer(Keyed<N>(log: log, codingPath: codingPath + [key]))
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { record(key); return Empty(codingPath: codingPath + [key]) }
        func superDecoder() throws -> any Decoder { Probe(log: log, codingPath: codingPath) }
        func superDecoder(forKey key: Key) throws -> any Decoder { record(key); return Probe(log: log, codingPath: codingPath + [key]) }
    }

    struct Empty: UnkeyedDecodingContainer {
        let codingPath: [any CodingKey]
        var count: Int? { 0 }
        var isAtEnd: Bool { true }
        var currentIndex: Int { 0 }
        mutating func decodeNil() throws -> Bool { true }
        mutating func decode(_ type: Bool.Type) throws -> Bool { throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "empty")) }
        mutating func decode(_ type: String.Type) throws -> String { throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "empty")) }
        mutating func decode(_ type: Double.Type) throws -> Double { throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "empty")) }
        mutating func decode(_ type: Float.Type) throws -> Float { throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "empty")) }
        mutating func decode(_ type: Int.Type) throws -> Int { throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "empty")) }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "empty")) }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "empty")) }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "empty")) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "empty")) }
        mutating func decode(_ type: UInt.Type) throws -> UInt { throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "empty")) }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "empty")) }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "empty")) }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "empty")) }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "empty")) }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "empty"))
        }
        mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type) throws -> KeyedDecodingContainer<N> {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "empty"))
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { self }
        mutating func superDecoder() throws -> any Decoder { throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "empty")) }
    }

    /// Empty values: false, 0, "" (enough for any field type the request types use).
    struct Single: SingleValueDecodingContainer {
        let codingPath: [any CodingKey]
        func decodeNil() -> Bool { false }
        func decode(_ type: Bool.Type) throws -> Bool { false }
        func decode(_ type: String.Type) throws -> String { "" }
        func decode(_ type: Double.Type) throws -> Double { 0 }
        func decode(_ type: Float.Type) throws -> Float { 0 }
        func decode(_ type: Int.Type) throws -> Int { 0 }
        func decode(_ type: Int8.Type) throws -> Int8 { 0 }
        func decode(_ type: Int16.Type) throws -> Int16 { 0 }
        func decode(_ type: Int32.Type) throws -> Int32 { 0 }
        func decode(_ type: Int64.Type) throws -> Int64 { 0 }
        func decode(_ type: UInt.Type) throws -> UInt { 0 }
        func decode(_ type: UInt8.Type) throws -> UInt8 { 0 }
        func decode(_ type: UInt16.Type) throws -> UInt16 { 0 }
        func decode(_ type: UInt32.Type) throws -> UInt32 { 0 }
        func decode(_ type: UInt64.Type) throws -> UInt64 { 0 }
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            throw DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "not probed"))
        }
    }
}
