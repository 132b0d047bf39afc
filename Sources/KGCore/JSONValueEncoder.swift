/// Encodes `Encodable` values into the `JSON` value type, keeping the order in which a type
/// encodes its keys (declaration order for synthesized conformances), integers as integers and
/// floating-point numbers as doubles, so typed responses print exactly as hand-built documents did.
///
/// Optional properties that are nil are left out by synthesized conformances; a type that must
/// print `null` encodes it explicitly (`encode(x, forKey:)` on an optional).
///
/// The encoder is on the path of every typed answer, so scalars go straight into their parent's slot,
/// only nested objects and arrays get a box, and a `JSON` value (a type's wire form written once,
/// as `HotlineRouting` does) is stored whole.
public struct JSONValueEncoder: Sendable {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> JSON {
        if T.self == JSON.self, let json = value as? JSON { return json }
        let box = JSONEncodingBox()
        try value.encode(to: ValueEncoder(box: box, path: nil))
        return box.value ?? .object([])
    }
}

/// The coding path of a container, as a parent-linked list built only when nesting.
final class EncodingPathNode {
    let parent: EncodingPathNode?
    let key: any CodingKey

    init(parent: EncodingPathNode?, key: any CodingKey) {
        self.parent = parent
        self.key = key
    }

    static func keys(_ node: EncodingPathNode?) -> [any CodingKey] {
        var keys: [any CodingKey] = []
        var node = node
        while let n = node { keys.append(n.key); node = n.parent }
        return keys.reversed()
    }
}

/// The `Encoder` handed to `encode(to:)`: a box and the path to it.
struct ValueEncoder: Encoder {
    let box: JSONEncodingBox
    let path: EncodingPathNode?
    var codingPath: [any CodingKey] { EncodingPathNode.keys(path) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if box.shape == .unset { box.become(.object) }
        return KeyedEncodingContainer(KeyedValueEncoder<Key>(box: box, path: path))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if box.shape == .unset { box.become(.array) }
        return UnkeyedValueEncoder(box: box, path: path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleValueEncoder(box: box, path: path) }

    /// The slot for a nested value: `JSON` values as they are, anything else encoded into a new box.
    static func slot<T: Encodable>(_ value: T, path: EncodingPathNode?) throws -> JSONEncodingBox.Slot {
        if T.self == JSON.self, let json = value as? JSON { return .value(json) }
        let box = JSONEncodingBox()
        try value.encode(to: ValueEncoder(box: box, path: path))
        return .box(box)
    }
}
