/// Decodes `Decodable` values from the `JSON` value type with errors a client can act on: the
/// field's path and what it must be (`"n" must be an integer, not a string`), under the error code
/// the caller chooses (each API has its own, e.g. `InvalidSupervisionRequest`).
///
/// Integers accept integral doubles (`5.0`), doubles accept integers; unknown keys are ignored.
public struct JSONValueDecoder: Sendable {
    /// The code of the errors this decoder throws.
    public var code: ErrorCode

    public init(code: ErrorCode = .badValue) { self.code = code }

    public func decode<T: Decodable>(_ type: T.Type, from json: JSON) throws -> T {
        if let j = json as? T { return j }
        do {
            return try T(from: ValueDecoder(json: json, codingPath: []))
        } catch let e as DecodingError {
            throw JSONDecodingError(code: code, decoding: e)
        }
    }
}

/// A request body or document that does not have the shape its type needs.
public struct JSONDecodingError: GovBrainError {
    public let code: ErrorCode
    public let message: String
    public var phase: String { "request" }

    public init(code: ErrorCode, message: String) { self.code = code; self.message = message }

    init(code: ErrorCode, decoding e: DecodingError) {
        func path(_ p: [any CodingKey]) -> String {
            guard !p.isEmpty else { return "the body" }
            var text = ""
            for key in p {
                if let i = key.intValue { text += "[\(i)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return "\"" + text + "\""
        }
        let text: String
        switch e {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            text = "\(path(c.codingPath)) \(c.debugDescription)"
        case .keyNotFound(let key, let c):
            text = "\(path(c.codingPath + [key])) is required"
        @unknown default:
            text = "the body does not have the expected shape"
        }
        self.init(code: code, message: text)
    }
}

struct ValueDecoder: Decoder {
    let json: JSON
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = json else { throw ValueDecoder.mismatch("an object", json, codingPath) }
        return KeyedDecodingContainer(KeyedValueDecoder<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = json else { throw ValueDecoder.mismatch("an array", json, codingPath) }
        return UnkeyedValueDecoder(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValueDecoder(json: json, codingPath: codingPath) }

    static func mismatch(_ expected: String, _ json: JSON, _ path: [any CodingKey]) -> DecodingError {
        .typeMismatch(Any.self, .init(codingPath: path, debugDescription: "must be \(expected), not \(json.kindName)"))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ json: JSON, _ path: [any CodingKey]) throws -> T {
        if let j = json as? T { return j }
        switch type {
        case is Bool.Type: return try bool(json, path) as! T
        case is String.Type: return try string(json, path) as! T
        case is Double.Type: return try double(json, path) as! T
        case is Float.Type: return Float(try double(json, path)) as! T
        case let intType as any FixedWidthInteger.Type:
            let low = intType.bitWidth >= 64 ? Int64.min : Int64(truncatingIfNeeded: Int64(intType.isSigned ? -(1 << (intType.bitWidth - 1)) : 0))
            let high = intType.bitWidth >= 64 ? Int64.max : Int64((1 << (intType.isSigned ? intType.bitWidth - 1 : intType.bitWidth)) - 1)
            let i = try integer(json, path, range: intType.isSigned ? low...high : max(0, low)...high)
            return intType.init(truncatingIfNeeded: i) as! T
        default: return try T(from: ValueDecoder(json: json, codingPath: path))
        }
    }

    static func bool(_ json: JSON, _ path: [any CodingKey]) throws -> Bool {
        guard case .bool(let b) = json else { throw mismatch("true or false", json, path) }
        return b
    }

    static func string(_ json: JSON, _ path: [any CodingKey]) throws -> String {
        guard case .string(let s) = json else { throw mismatch("a string", json, path) }
        return s
    }

    static func double(_ json: JSON, _ path: [any CodingKey]) throws -> Double {
        guard let d = json.doubleValue else { throw mismatch("a number", json, path) }
        return d
    }

    static func integer(_ json: JSON, _ path: [any CodingKey], range: ClosedRange<Int64>) throws -> Int64 {
        guard let i = json.integerValue else { throw mismatch("an integer", json, path) }
        guard range.contains(i) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "must be an integer from \(range.lowerBound) to \(range.upperBound)"))
        }
        return i
    }
}

struct KeyedValueDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [(String, JSON)]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.0) } }

    private func value(_ key: Key) throws -> JSON {
        guard let v = members.first(where: { $0.0 == key.stringValue })?.1 else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "is required"))
        }
        return v
    }

    func contains(_ key: Key) -> Bool { members.contains { $0.0 == key.stringValue } }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let v = members.first(where: { $0.0 == key.stringValue })?.1 else { return true }
        return v == .null
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decodeAny(type, forKey: key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decodeAny(type, forKey: key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decodeAny(type, forKey: key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decodeAny(type, forKey: key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decodeAny(type, forKey: key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decodeAny(type, forKey: key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decodeAny(type, forKey: key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decodeAny(type, forKey: key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decodeAny(type, forKey: key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decodeAny(type, forKey: key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decodeAny(type, forKey: key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decodeAny(type, forKey: key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decodeAny(type, forKey: key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decodeAny(type, forKey: key) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decodeAny(type, forKey: key) }

    private func decodeAny<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try ValueDecoder.decode(type, try value(key), codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(json: value(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(json: value(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { ValueDecoder(json: .object(members), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { ValueDecoder(json: try value(key), codingPath: codingPath + [key]) }
}

struct UnkeyedValueDecoder: UnkeyedDecodingContainer {
    let items: [JSON]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(items: [JSON], codingPath: [any CodingKey]) { self.items = items; self.codingPath = codingPath }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private var indexKey: any CodingKey { IndexKey(intValue: currentIndex) }

    private mutating func next() throws -> (JSON, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "has too few items"))
        }
        let path = codingPath + [indexKey]
        defer { currentIndex += 1 }
        return (items[currentIndex], path)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeAny(type) }
    mutating func decode(_ type: String.Type) throws -> String { try decodeAny(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decodeAny(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decodeAny(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decodeAny(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decodeAny(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decodeAny(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decodeAny(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decodeAny(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decodeAny(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeAny(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeAny(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeAny(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeAny(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeAny(type) }

    private mutating func decodeAny<T: Decodable>(_ type: T.Type) throws -> T {
        let (v, path) = try next()
        return try ValueDecoder.decode(type, v, path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (v, path) = try next()
        return try ValueDecoder(json: v, codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (v, path) = try next()
        return try ValueDecoder(json: v, codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (v, path) = try next()
        return ValueDecoder(json: v, codingPath: path)
    }
}

struct SingleValueDecoder: SingleValueDecodingContainer {
    let json: JSON
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { json == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try ValueDecoder.decode(type, json, codingPath) }
    func decode(_ type: String.Type) throws -> String { try ValueDecoder.decode(type, json, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try ValueDecoder.decode(type, json, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try ValueDecoder.decode(type, json, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try ValueDecoder.decode(type, json, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try ValueDecoder.decode(type, json, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try ValueDecoder.decode(type, json, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try ValueDecoder.decode(type, json, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try ValueDecoder.decode(type, json, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try ValueDecoder.decode(type, json, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try ValueDecoder.decode(type, json, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try ValueDecoder.decode(type, json, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try ValueDecoder.decode(type, json, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try ValueDecoder.decode(type, json, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try ValueDecoder.decode(type, json, codingPath) }
}

/// The coding key of an array item.
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { return nil }
}
