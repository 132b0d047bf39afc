/// Encodes `Encodable` values into the `JSON` value type, keeping the order in which a type
/// encodes its keys (declaration order for synthesized conformances), integers as integers and
/// floating-point numbers as doubles, so typed responses print exactly as hand-built documents did.
///
/// Optional properties that are nil are left out by synthesized conformances; a type that must
/// print `null` encodes it explicitly (`encode(x, forKey:)` on an optional).
public struct JSONValueEncoder: Sendable {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> JSON {
        if let json = value as? JSON { return json }
        let encoder = ValueEncoder(codingPath: [])
        try value.encode(to: encoder)
        return encoder.box.value ?? .object([])
    }
}

/// A node under construction: objects and arrays are filled in by their containers.
final class JSONBox {
    enum Kind { case unset, scalar(JSON), object([(String, JSONBox)]), array([JSONBox]) }
    var kind: Kind = .unset

    var value: JSON? {
        switch kind {
        case .unset: return nil
        case .scalar(let j): return j
        case .object(let members): return .object(members.map { ($0.0, $0.1.value ?? .null) })
        case .array(let items): return .array(items.map { $0.value ?? .null })
        }
    }

    func child(forKey key: String) -> JSONBox {
        if case .unset = kind { kind = .object([]) }
        guard case .object(var members) = kind else { return JSONBox() }
        if let existing = members.first(where: { $0.0 == key }) { return existing.1 }
        let box = JSONBox()
        members.append((key, box))
        kind = .object(members)
        return box
    }

    func appendChild() -> JSONBox {
        if case .unset = kind { kind = .array([]) }
        guard case .array(var items) = kind else { return JSONBox() }
        let box = JSONBox()
        items.append(box)
        kind = .array(items)
        return box
    }

    var count: Int { if case .array(let items) = kind { return items.count } else { return 0 } }
}

final class ValueEncoder: Encoder {
    let box: JSONBox
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(codingPath: [any CodingKey], box: JSONBox = JSONBox()) {
        self.codingPath = codingPath
        self.box = box
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .unset = box.kind { box.kind = .object([]) }
        return KeyedEncodingContainer(KeyedValueEncoder<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .unset = box.kind { box.kind = .array([]) }
        return UnkeyedValueEncoder(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleValueEncoder(box: box, codingPath: codingPath) }

    /// Encodes a value into `box`, short-cutting `JSON` values and numbers.
    static func encode<T: Encodable>(_ value: T, into box: JSONBox, codingPath: [any CodingKey]) throws {
        if let json = value as? JSON { box.kind = .scalar(json); return }
        try value.encode(to: ValueEncoder(codingPath: codingPath, box: box))
    }
}

struct KeyedValueEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: JSONBox
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .scalar(.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .scalar(.bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .scalar(.string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .scalar(.double(value)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .scalar(.double(Double(value))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .scalar(.int(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .scalar(.int(Int64(bitPattern: value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .scalar(.int(Int64(value))) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try ValueEncoder.encode(value, into: box.child(forKey: key.stringValue), codingPath: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = box.child(forKey: key.stringValue)
        child.kind = .object([])
        return KeyedEncodingContainer(KeyedValueEncoder<NestedKey>(box: child, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = box.child(forKey: key.stringValue)
        child.kind = .array([])
        return UnkeyedValueEncoder(box: child, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> any Encoder { ValueEncoder(codingPath: codingPath, box: box.child(forKey: "super")) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { ValueEncoder(codingPath: codingPath + [key], box: box.child(forKey: key.stringValue)) }
}

struct UnkeyedValueEncoder: UnkeyedEncodingContainer {
    let box: JSONBox
    let codingPath: [any CodingKey]
    var count: Int { box.count }

    mutating func encodeNil() throws { box.appendChild().kind = .scalar(.null) }
    mutating func encode(_ value: Bool) throws { box.appendChild().kind = .scalar(.bool(value)) }
    mutating func encode(_ value: String) throws { box.appendChild().kind = .scalar(.string(value)) }
    mutating func encode(_ value: Double) throws { box.appendChild().kind = .scalar(.double(value)) }
    mutating func encode(_ value: Float) throws { box.appendChild().kind = .scalar(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { box.appendChild().kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { box.appendChild().kind = .scalar(.int(value)) }
    mutating func encode(_ value: UInt64) throws { box.appendChild().kind = .scalar(.int(Int64(bitPattern: value))) }
    mutating func encode(_ value: Int8) throws { box.appendChild().kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { box.appendChild().kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: UInt) throws { box.appendChild().kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: UInt8) throws { box.appendChild().kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { box.appendChild().kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { box.appendChild().kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { box.appendChild().kind = .scalar(.int(Int64(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try ValueEncoder.encode(value, into: box.appendChild(), codingPath: codingPath)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = box.appendChild()
        child.kind = .object([])
        return KeyedEncodingContainer(KeyedValueEncoder<NestedKey>(box: child, codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = box.appendChild()
        child.kind = .array([])
        return UnkeyedValueEncoder(box: child, codingPath: codingPath)
    }
    mutating func superEncoder() -> any Encoder { ValueEncoder(codingPath: codingPath, box: box.appendChild()) }
}

struct SingleValueEncoder: SingleValueEncodingContainer {
    let box: JSONBox
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { box.kind = .scalar(.null) }
    mutating func encode(_ value: Bool) throws { box.kind = .scalar(.bool(value)) }
    mutating func encode(_ value: String) throws { box.kind = .scalar(.string(value)) }
    mutating func encode(_ value: Double) throws { box.kind = .scalar(.double(value)) }
    mutating func encode(_ value: Float) throws { box.kind = .scalar(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { box.kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { box.kind = .scalar(.int(value)) }
    mutating func encode(_ value: Int32) throws { box.kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { box.kind = .scalar(.int(Int64(bitPattern: value))) }
    mutating func encode(_ value: Int8) throws { box.kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { box.kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: UInt) throws { box.kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: UInt8) throws { box.kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { box.kind = .scalar(.int(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { box.kind = .scalar(.int(Int64(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { try ValueEncoder.encode(value, into: box, codingPath: codingPath) }
}
