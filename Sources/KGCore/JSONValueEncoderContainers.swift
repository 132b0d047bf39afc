/// The keyed container of `JSONValueEncoder`: scalars become members directly.
struct KeyedValueEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: JSONEncodingBox
    let path: EncodingPathNode?
    var codingPath: [any CodingKey] { EncodingPathNode.keys(path) }

    private func put(_ json: JSON, _ key: Key) { box.set(key.stringValue, .value(json)) }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { put(.double(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { put(.double(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(.int(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(.int(Int64(bitPattern: value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        box.set(key.stringValue, try ValueEncoder.slot(value, path: EncodingPathNode(parent: path, key: key)))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = box.child(forKey: key.stringValue)
        child.become(.object)
        return KeyedEncodingContainer(KeyedValueEncoder<NestedKey>(box: child, path: EncodingPathNode(parent: path, key: key)))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = box.child(forKey: key.stringValue)
        child.become(.array)
        return UnkeyedValueEncoder(box: child, path: EncodingPathNode(parent: path, key: key))
    }
    mutating func superEncoder() -> any Encoder { ValueEncoder(box: box.child(forKey: "super"), path: path) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        ValueEncoder(box: box.child(forKey: key.stringValue), path: EncodingPathNode(parent: path, key: key))
    }
}

/// The unkeyed container of `JSONValueEncoder`: scalars become items directly.
struct UnkeyedValueEncoder: UnkeyedEncodingContainer {
    let box: JSONEncodingBox
    let path: EncodingPathNode?
    var codingPath: [any CodingKey] { EncodingPathNode.keys(path) }
    var count: Int { box.count }

    private func put(_ json: JSON) { box.append(.value(json)) }

    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(.double(value)) }
    mutating func encode(_ value: Float) throws { put(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { put(.int(value)) }
    mutating func encode(_ value: UInt64) throws { put(.int(Int64(bitPattern: value))) }
    mutating func encode(_ value: Int8) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: UInt) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: UInt8) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { put(.int(Int64(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { box.append(try ValueEncoder.slot(value, path: path)) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = box.appendChild()
        child.become(.object)
        return KeyedEncodingContainer(KeyedValueEncoder<NestedKey>(box: child, path: path))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = box.appendChild()
        child.become(.array)
        return UnkeyedValueEncoder(box: child, path: path)
    }
    mutating func superEncoder() -> any Encoder { ValueEncoder(box: box.appendChild(), path: path) }
}

/// The single-value container of `JSONValueEncoder`: the value replaces whatever the box held.
struct SingleValueEncoder: SingleValueEncodingContainer {
    let box: JSONEncodingBox
    let path: EncodingPathNode?
    var codingPath: [any CodingKey] { EncodingPathNode.keys(path) }

    mutating func encodeNil() throws { box.setScalar(.null) }
    mutating func encode(_ value: Bool) throws { box.setScalar(.bool(value)) }
    mutating func encode(_ value: String) throws { box.setScalar(.string(value)) }
    mutating func encode(_ value: Double) throws { box.setScalar(.double(value)) }
    mutating func encode(_ value: Float) throws { box.setScalar(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { box.setScalar(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { box.setScalar(.int(value)) }
    mutating func encode(_ value: Int32) throws { box.setScalar(.int(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { box.setScalar(.int(Int64(bitPattern: value))) }
    mutating func encode(_ value: Int8) throws { box.setScalar(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { box.setScalar(.int(Int64(value))) }
    mutating func encode(_ value: UInt) throws { box.setScalar(.int(Int64(value))) }
    mutating func encode(_ value: UInt8) throws { box.setScalar(.int(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { box.setScalar(.int(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { box.setScalar(.int(Int64(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        if T.self == JSON.self, let json = value as? JSON { box.setScalar(json); return }
        try value.encode(to: ValueEncoder(box: box, path: path))
    }
}
