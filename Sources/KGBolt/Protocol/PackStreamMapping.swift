import KGCore
import KGCypher

/// The one place where engine values and PackStream meet, both ways.
///
/// Results: scalars, lists and maps map one to one; nodes, relationships and paths are resolved
/// through the graph of the transaction (labels, type, properties, masked for roles that see
/// masked data) into Bolt's structures, with integer ids and, from Bolt 5.0, element ids as
/// strings; the temporal values as Bolt's structures: `Date` (days since the epoch), `Time`
/// (nanoseconds of the day, offset), `LocalTime`, `LocalDateTime` (local seconds, nanoseconds),
/// `DateTime` (UTC seconds, nanoseconds, and the offset or the zone id; the legacy local-seconds
/// forms for 4.4) and `Duration` (months, days, seconds, nanoseconds).
///
/// Parameters: the same in reverse. Points, byte arrays and graph elements, which the engine has
/// no value for, are refused with a `TypeError` that names them; a new engine type is added
/// here, in `encode` and `decode`, and nowhere else.
public enum PackStreamMapping {
    /// Structure tags (Bolt 5 and the 4.4 legacy forms).
    public enum Tag {
        public static let node: UInt8 = 0x4E
        public static let relationship: UInt8 = 0x52
        public static let unboundRelationship: UInt8 = 0x72
        public static let path: UInt8 = 0x50
        public static let date: UInt8 = 0x44
        public static let time: UInt8 = 0x54
        public static let localTime: UInt8 = 0x74
        public static let localDateTime: UInt8 = 0x64
        public static let dateTime: UInt8 = 0x49
        public static let dateTimeZoneID: UInt8 = 0x69
        public static let legacyDateTime: UInt8 = 0x46
        public static let legacyDateTimeZoneID: UInt8 = 0x66
        public static let duration: UInt8 = 0x45
        public static let point2D: UInt8 = 0x58
        public static let point3D: UInt8 = 0x59
    }

    /// A result value as PackStream.
    /// - Throws: what the graph throws while resolving a node or relationship.
    public static func encode(_ value: Value, graph: GraphReadable, version: BoltVersion) throws -> PackValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .float(d)
        case .string(let s): return .string(s)
        case .list(let items): return .list(try items.map { try encode($0, graph: graph, version: version) })
        case .map(let m): return .map(try m.mapValues { try encode($0, graph: graph, version: version) })
        case .date(let d): return .structure(tag: Tag.date, fields: [.int(Int64(d.daysSinceEpoch))])
        case .dateTime(let t) where t.zoneId != nil:
            let zone = t.zoneId ?? ""
            if version.usesElementIDs {
                return .structure(tag: Tag.dateTimeZoneID, fields: [.int(t.epochSeconds), .int(Int64(t.nanoseconds)), .string(zone)])
            }
            return .structure(tag: Tag.legacyDateTimeZoneID,
                              fields: [.int(t.epochSeconds + Int64(t.offsetSeconds)), .int(Int64(t.nanoseconds)), .string(zone)])
        case .time(let t): return .structure(tag: Tag.time, fields: [.int(t.local.nanoOfDay), .int(Int64(t.offsetSeconds))])
        case .localTime(let t): return .structure(tag: Tag.localTime, fields: [.int(t.nanoOfDay)])
        case .localDateTime(let t):
            return .structure(tag: Tag.localDateTime, fields: [.int(t.localEpochSeconds), .int(t.time.nanoOfDay % 1_000_000_000)])
        case .duration(let d):
            return .structure(tag: Tag.duration, fields: [.int(d.months), .int(d.days), .int(d.seconds), .int(d.nanoseconds)])
        case .dateTime(let t):
            if version.usesElementIDs {
                return .structure(tag: Tag.dateTime, fields: [.int(t.epochSeconds), .int(Int64(t.nanoseconds)), .int(Int64(t.offsetSeconds))])
            }
            return .structure(tag: Tag.legacyDateTime,
                              fields: [.int(t.epochSeconds + Int64(t.offsetSeconds)), .int(Int64(t.nanoseconds)), .int(Int64(t.offsetSeconds))])
        case .node(let id): return try node(id, graph: graph, version: version)
        case .relationship(let r):
            var fields: [PackValue] = [.int(r.id), .int(r.start), .int(r.end), .string(r.type), try properties(ofRelationship: r.id, graph: graph, version: version)]
            if version.usesElementIDs { fields += [.string(String(r.id)), .string(String(r.start)), .string(String(r.end))] }
            return .structure(tag: Tag.relationship, fields: fields)
        case .path(let p): return try path(p, graph: graph, version: version)
        }
    }

    private static func node(_ id: Int64, graph: GraphReadable, version: BoltVersion) throws -> PackValue {
        let properties = try graph.properties(ofNode: id).mapValues { try encode($0, graph: graph, version: version) }
        var fields: [PackValue] = [.int(id), .list(try graph.labels(ofNode: id).map(PackValue.string)), .map(properties)]
        if version.usesElementIDs { fields.append(.string(String(id))) }
        return .structure(tag: Tag.node, fields: fields)
    }

    private static func properties(ofRelationship id: Int64, graph: GraphReadable, version: BoltVersion) throws -> PackValue {
        .map(try graph.properties(ofRelationship: id).mapValues { try encode($0, graph: graph, version: version) })
    }

    /// A path: its distinct nodes and relationships, and the indices that walk them (a
    /// relationship's 1-based index, negative when walked against its direction, then the next
    /// node's 0-based index).
    private static func path(_ p: PathValue, graph: GraphReadable, version: BoltVersion) throws -> PackValue {
        var nodeIndex: [Int64: Int] = [:], nodes: [PackValue] = []
        var relIndex: [Int64: Int] = [:], rels: [PackValue] = []
        func index(ofNode id: Int64) throws -> Int {
            if let k = nodeIndex[id] { return k }
            nodes.append(try node(id, graph: graph, version: version))
            nodeIndex[id] = nodes.count - 1
            return nodes.count - 1
        }
        _ = try index(ofNode: p.nodes.first ?? 0)
        var indices: [PackValue] = []
        for (k, r) in p.relationships.enumerated() {
            let k1: Int
            if let known = relIndex[r.id] { k1 = known } else {
                var fields: [PackValue] = [.int(r.id), .string(r.type), try properties(ofRelationship: r.id, graph: graph, version: version)]
                if version.usesElementIDs { fields.append(.string(String(r.id))) }
                rels.append(.structure(tag: Tag.unboundRelationship, fields: fields))
                relIndex[r.id] = rels.count
                k1 = rels.count
            }
            let from = p.nodes[k], to = p.nodes[k + 1]
            indices.append(.int(Int64(r.start == from && r.end == to ? k1 : -k1)))
            indices.append(.int(Int64(try index(ofNode: to))))
        }
        return .structure(tag: Tag.path, fields: [.list(nodes), .list(rels), .list(indices)])
    }

    /// A parameter as an engine value.
    /// - Throws: `BoltFailure` (`Statement.TypeError`) for a type the engine has no value for.
    public static func decode(_ value: PackValue) throws -> Value {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .double(d)
        case .string(let s): return .string(s)
        case .bytes: throw BoltFailure.typeError("byte arrays are not supported as parameters (GovBrain has no byte array type)")
        case .list(let items): return .list(try items.map(decode))
        case .map(let m): return .map(try m.mapValues(decode))
        case .structure(let tag, let fields):
            func int(_ k: Int) throws -> Int64 {
                guard k < fields.count, let i = fields[k].intValue else {
                    throw BoltFailure.typeError("a \(name(of: tag)) structure needs \(k + 1) integer fields")
                }
                return i
            }
            switch tag {
            case Tag.date:
                let days = try int(0)
                guard days.magnitude < 365 * 1_000_000 else { throw BoltFailure.typeError("the date is out of range") }
                return .date(CypherDate(daysSinceEpoch: Int(days)))
            case Tag.dateTime, Tag.legacyDateTime:
                let seconds = try int(0), nanos = try int(1), offset = try int(2)
                guard (0..<1_000_000_000).contains(nanos), offset.magnitude <= 18 * 3600, seconds.magnitude < 365 * 86400 * 1_000_000 else {
                    throw BoltFailure.typeError("the datetime's seconds, nanoseconds or offset are out of range")
                }
                let utc = tag == Tag.dateTime ? seconds : seconds - offset
                return .dateTime(CypherDateTime(epochSeconds: utc, nanoseconds: Int32(nanos), offsetSeconds: Int32(offset)))
            case Tag.dateTimeZoneID, Tag.legacyDateTimeZoneID:
                let seconds = try int(0), nanos = try int(1)
                guard fields.count > 2, case .string(let id) = fields[2], let zone = CypherZone(text: id), zone.id != nil else {
                    throw BoltFailure.typeError("a DateTime with a zone id needs a tz database zone id (e.g. Asia/Shanghai) as its third field")
                }
                guard (0..<1_000_000_000).contains(nanos), seconds.magnitude < 365 * 86400 * 1_000_000 else {
                    throw BoltFailure.typeError("the datetime's seconds or nanoseconds are out of range")
                }
                let offset = tag == Tag.dateTimeZoneID ? zone.offset(atInstant: seconds) : zone.offset(atLocal: seconds)
                let utc = tag == Tag.dateTimeZoneID ? seconds : seconds - Int64(offset)
                return .dateTime(CypherDateTime(epochSeconds: utc, nanoseconds: Int32(nanos), offsetSeconds: offset, zoneId: id))
            case Tag.time:
                let nanos = try int(0), offset = try int(1)
                guard (0..<CypherLocalTime.nanosPerDay).contains(nanos), offset.magnitude <= 18 * 3600 else {
                    throw BoltFailure.typeError("the time's nanoseconds of the day or offset are out of range")
                }
                return .time(CypherTime(local: CypherLocalTime(nanoOfDay: nanos), offsetSeconds: Int32(offset)))
            case Tag.localTime:
                let nanos = try int(0)
                guard (0..<CypherLocalTime.nanosPerDay).contains(nanos) else { throw BoltFailure.typeError("the local time's nanoseconds of the day are out of range") }
                return .localTime(CypherLocalTime(nanoOfDay: nanos))
            case Tag.localDateTime:
                let seconds = try int(0), nanos = try int(1)
                guard (0..<1_000_000_000).contains(nanos), seconds.magnitude < 365 * 86400 * 1_000_000 else {
                    throw BoltFailure.typeError("the local datetime's seconds or nanoseconds are out of range")
                }
                return .localDateTime(CypherLocalDateTime(localEpochSeconds: seconds, nanos: nanos))
            case Tag.duration:
                let months = try int(0), days = try int(1), seconds = try int(2), nanos = try int(3)
                guard months.magnitude < 1 << 40, days.magnitude < 1 << 45, seconds.magnitude < 100_000_000_000_000_000, nanos.magnitude < 1 << 62 else {
                    throw BoltFailure.typeError("the duration's fields are out of range")
                }
                return .duration(CypherDuration(months: months, days: days, seconds: seconds, nanoseconds: nanos))
            default:
                throw BoltFailure.typeError("\(name(of: tag)) values are not supported as parameters (GovBrain has no point type)")
            }
        }
    }

    /// The Bolt name of a structure tag, for messages.
    static func name(of tag: UInt8) -> String {
        switch tag {
        case Tag.node: return "Node"
        case Tag.relationship: return "Relationship"
        case Tag.unboundRelationship: return "UnboundRelationship"
        case Tag.path: return "Path"
        case Tag.date: return "Date"
        case Tag.time: return "Time"
        case Tag.localTime: return "LocalTime"
        case Tag.localDateTime: return "LocalDateTime"
        case Tag.dateTime, Tag.legacyDateTime: return "DateTime"
        case Tag.dateTimeZoneID, Tag.legacyDateTimeZoneID: return "DateTime with a zone id"
        case Tag.duration: return "Duration"
        case Tag.point2D, Tag.point3D: return "Point"
        default: return "Structure(0x\(String(tag, radix: 16, uppercase: true)))"
        }
    }
}
