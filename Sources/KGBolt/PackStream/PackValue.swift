/// A PackStream value: what Bolt messages are made of.
///
/// PackStream is Bolt's binary serialisation (a MessagePack dialect). Its own small enum keeps the
/// codec independent of the engine's `Value`: structures (nodes, dates, messages) are a tag byte
/// and fields, and their meaning is given by `PackStreamMapping` (values) and `BoltRequest`
/// (messages), never by the codec.
public indirect enum PackValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case list([PackValue])
    case map([String: PackValue])
    /// A structure: a tag byte (`0x4E` node, `0x44` date, `0x10` RUN…) and its fields.
    case structure(tag: UInt8, fields: [PackValue])

    /// The string if this is one.
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }

    /// The integer if this is one.
    public var intValue: Int64? { if case .int(let i) = self { return i } else { return nil } }

    /// The map if this is one.
    public var mapValue: [String: PackValue]? { if case .map(let m) = self { return m } else { return nil } }

    /// The list if this is one.
    public var listValue: [PackValue]? { if case .list(let l) = self { return l } else { return nil } }

    /// The PackStream type name, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "Null"
        case .bool: return "Boolean"
        case .int: return "Integer"
        case .float: return "Float"
        case .string: return "String"
        case .bytes: return "Bytes"
        case .list: return "List"
        case .map: return "Dictionary"
        case .structure(let tag, _): return "Structure(0x\(String(tag, radix: 16, uppercase: true)))"
        }
    }
}
