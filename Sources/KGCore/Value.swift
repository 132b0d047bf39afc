/// A property-graph value with openCypher semantics.
///
/// Integers and floats are distinct (`1` is not `1.0` for equality of stored values, though they
/// compare numerically), strings are Unicode, lists and maps nest. Dates and datetimes follow
/// ISO 8601 and Neo4j's temporal model (see `CypherDuration`). This is the one value type shared by the store, the importers and the query engine.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case list([Value])
    case map([String: Value])
    case date(CypherDate)
    case dateTime(CypherDateTime)
    /// A time of day with a UTC offset.
    case time(CypherTime)
    /// A time of day without offset.
    case localTime(CypherLocalTime)
    /// A date and time of day without offset.
    case localDateTime(CypherLocalDateTime)
    /// An amount of time in months, days, seconds and nanoseconds.
    case duration(CypherDuration)
    /// A node, by its stable id (labels and properties live in the graph).
    case node(Int64)
    /// A relationship: id, type and endpoints (properties live in the graph).
    case relationship(RelationshipRef)
    /// A path: alternating nodes and relationships.
    case path(PathValue)

    /// The openCypher type name, as used in error messages (`INTEGER`, `STRING`, …).
    public var typeName: String {
        switch self {
        case .null: return "NULL"
        case .bool: return "BOOLEAN"
        case .int: return "INTEGER"
        case .double: return "FLOAT"
        case .string: return "STRING"
        case .list: return "LIST"
        case .map: return "MAP"
        case .date: return "DATE"
        case .dateTime: return "DATETIME"
        case .time: return "TIME"
        case .localTime: return "LOCALTIME"
        case .localDateTime: return "LOCALDATETIME"
        case .duration: return "DURATION"
        case .node: return "NODE"
        case .relationship: return "RELATIONSHIP"
        case .path: return "PATH"
        }
    }

    /// Whether the value is `null`.
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// The value as a string if it is one.
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }

    /// The value as an integer if it is one.
    public var intValue: Int64? { if case .int(let i) = self { return i } else { return nil } }

    /// The value as a double if it is a number (integers widen).
    public var numericValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// Whether the value is one of the six temporal types.
    public var isTemporal: Bool {
        switch self {
        case .date, .dateTime, .time, .localTime, .localDateTime, .duration: return true
        case .null, .bool, .int, .double, .string, .list, .map, .node, .relationship, .path: return false
        }
    }

    /// Whether the value may be stored as a property: scalars and homogeneous lists of scalars
    /// (openCypher forbids maps and nested lists as property values).
    public var isStorableProperty: Bool {
        switch self {
        case .map, .node, .relationship, .path: return false
        case .list(let items):
            return items.allSatisfy { item in
                switch item {
                case .list, .map, .null, .node, .relationship, .path: return false
                default: return true
                }
            }
        default: return true
        }
    }
}
