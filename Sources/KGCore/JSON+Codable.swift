/// `JSON` inside typed documents (model metrics, free-form details, a hot type's wire form):
/// `JSONValueEncoder` and `JSONValueDecoder` pass it through as it is; other coders see its natural shape.
extension JSON: Codable {
    public init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: StringCodingKey.self) {
            self = .object(try object.allKeys.map { ($0.stringValue, try object.decode(JSON.self, forKey: $0)) })
        } else if var array = try? decoder.unkeyedContainer() {
            var items: [JSON] = []
            while !array.isAtEnd { items.append(try array.decode(JSON.self)) }
            self = .array(items)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() { self = .null }
            else if let b = try? single.decode(Bool.self) { self = .bool(b) }
            else if let i = try? single.decode(Int64.self) { self = .int(i) }
            else if let d = try? single.decode(Double.self) { self = .double(d) }
            else { self = .string(try single.decode(String.self)) }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        // `JSONValueEncoder` stores the value whole: a type may write its wire form once as a
        // `JSON` value and encode that, at the cost of one store instead of a container per object.
        if let direct = encoder as? ValueEncoder { direct.box.setScalar(self); return }
        switch self {
        case .null: var c = encoder.singleValueContainer(); try c.encodeNil()
        case .bool(let b): var c = encoder.singleValueContainer(); try c.encode(b)
        case .int(let i): var c = encoder.singleValueContainer(); try c.encode(i)
        case .double(let d): var c = encoder.singleValueContainer(); try c.encode(d)
        case .string(let s): var c = encoder.singleValueContainer(); try c.encode(s)
        case .array(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .object(let members):
            var c = encoder.container(keyedBy: StringCodingKey.self)
            for (k, v) in members { try c.encode(v, forKey: StringCodingKey(k)) }
        }
    }
}
