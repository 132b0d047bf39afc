/// A JSON document that keeps integers and floats apart and object keys in order.
///
/// Foundation's `JSONSerialization` folds `1` and `1.0` into one `NSNumber`, which openCypher
/// cannot accept (they are different values). This type is what GovBrain's parsers and
/// writers share: the TCK wire format, JSON Lines import, HTTP bodies.
public indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.double(x), .double(y)): return x == y || (x.isNaN && y.isNaN)
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The member with the given key, for objects.
    public subscript(key: String) -> JSON? {
        if case .object(let members) = self { return members.first { $0.0 == key }?.1 }
        return nil
    }

    /// The string if this is one.
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }

    /// The number as a double, if this is a number.
    /// An integer, also when written with a fraction of zero (`42.0` is the integer 42, as in JSON Schema).
    public var integerValue: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9.0e15: return Int64(d)
        default: return nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// The members if this is an object.
    public var objectValue: [(String, JSON)]? { if case .object(let m) = self { return m } else { return nil } }

    /// The items if this is an array.
    public var arrayValue: [JSON]? { if case .array(let a) = self { return a } else { return nil } }

    /// The JSON kind name for error messages.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
