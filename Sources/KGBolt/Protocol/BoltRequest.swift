/// A client message, decoded from its PackStream structure (Bolt 4.4 and 5.0–5.4).
public enum BoltRequest: Sendable, Equatable {
    case hello(extra: [String: PackValue])
    case logon(auth: [String: PackValue])
    case logoff
    case goodbye
    case reset
    case run(query: String, parameters: [String: PackValue], extra: [String: PackValue])
    case begin(extra: [String: PackValue])
    case commit
    case rollback
    /// `n` records (-1: all) of the result `qid` (-1: the last one).
    case discard(n: Int64, qid: Int64)
    case pull(n: Int64, qid: Int64)
    /// The routing context, bookmarks, and the database asked for (nil: the default).
    case route(context: [String: PackValue], bookmarks: [String], database: String?)
    case telemetry

    /// The message's name, as the Bolt documentation spells it.
    public var name: String {
        switch self {
        case .hello: return "HELLO"
        case .logon: return "LOGON"
        case .logoff: return "LOGOFF"
        case .goodbye: return "GOODBYE"
        case .reset: return "RESET"
        case .run: return "RUN"
        case .begin: return "BEGIN"
        case .commit: return "COMMIT"
        case .rollback: return "ROLLBACK"
        case .discard: return "DISCARD"
        case .pull: return "PULL"
        case .route: return "ROUTE"
        case .telemetry: return "TELEMETRY"
        }
    }

    /// Decodes one message.
    /// - Throws: `PackStreamError` for malformed PackStream, `BoltFailure` (`Request.Invalid`)
    ///   for a structure that is not a request or has fields of the wrong type.
    public static func decode(_ bytes: [UInt8]) throws -> BoltRequest {
        guard case .structure(let tag, let fields) = try PackStreamDecoder.decode(bytes) else {
            throw BoltFailure.protocolViolation("a message must be a PackStream structure")
        }
        func map(_ k: Int, _ what: String) throws -> [String: PackValue] {
            guard k < fields.count else { return [:] }
            if case .null = fields[k] { return [:] }
            guard case .map(let m) = fields[k] else { throw BoltFailure.protocolViolation("\(what) must be a map") }
            return m
        }
        func nq(_ extra: [String: PackValue]) throws -> (Int64, Int64) {
            guard let n = extra["n"]?.intValue else { throw BoltFailure.protocolViolation("PULL and DISCARD need an integer \"n\"") }
            guard n == -1 || n > 0 else { throw BoltFailure.protocolViolation("\"n\" must be -1 (all) or positive") }
            return (n, extra["qid"]?.intValue ?? -1)
        }
        switch tag {
        case 0x01: return .hello(extra: try map(0, "HELLO's extra"))
        case 0x6A: return .logon(auth: try map(0, "LOGON's auth"))
        case 0x6B: return .logoff
        case 0x02: return .goodbye
        case 0x0F: return .reset
        case 0x10:
            guard let query = fields.first?.stringValue else { throw BoltFailure.protocolViolation("RUN needs the query as a string") }
            return .run(query: query, parameters: try map(1, "RUN's parameters"), extra: try map(2, "RUN's extra"))
        case 0x11: return .begin(extra: try map(0, "BEGIN's extra"))
        case 0x12: return .commit
        case 0x13: return .rollback
        case 0x2F: let (n, q) = try nq(try map(0, "DISCARD's extra")); return .discard(n: n, qid: q)
        case 0x3F: let (n, q) = try nq(try map(0, "PULL's extra")); return .pull(n: n, qid: q)
        case 0x66:
            let bookmarks = fields.count > 1 ? (fields[1].listValue ?? []).compactMap(\.stringValue) : []
            var database: String?
            if fields.count > 2 {
                switch fields[2] {
                case .string(let s): database = s
                case .map(let m): database = m["db"]?.stringValue
                default: database = nil
                }
            }
            return .route(context: try map(0, "ROUTE's routing context"), bookmarks: bookmarks, database: database)
        case 0x54: return .telemetry
        default:
            throw BoltFailure.protocolViolation("unknown message 0x\(String(tag, radix: 16, uppercase: true))")
        }
    }
}
