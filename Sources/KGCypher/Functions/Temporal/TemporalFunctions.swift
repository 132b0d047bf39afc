import Foundation
import KGCore

/// The temporal functions: the five instant constructors (from nothing = now, a string, a map or
/// another temporal value), their clocks and `truncate`, `datetime.fromepoch*`, and `duration`
/// with `duration.between/inMonths/inDays/inSeconds`.
enum TemporalFunctions {
    /// Names (lowercased) and arities, for the function catalog.
    static let arities: [String: (min: Int, max: Int?)] = {
        var a: [String: (min: Int, max: Int?)] = [
            "duration": (1, 1), "duration.between": (2, 2), "duration.inmonths": (2, 2), "duration.indays": (2, 2),
            "duration.inseconds": (2, 2), "datetime.fromepoch": (2, 2), "datetime.fromepochmillis": (1, 1),
        ]
        for kind in ["date", "localtime", "time", "localdatetime", "datetime"] {
            a[kind] = (0, 1)
            for clock in ["realtime", "statement", "transaction"] { a["\(kind).\(clock)"] = (0, 1) }
            a["\(kind).truncate"] = (2, 3)
        }
        return a
    }()

    /// Calls the temporal function `name` (lowercased).
    /// - Parameter statementTime: the statement clock, read by the constructors without argument
    ///   and by `.statement()`/`.transaction()`; `.realtime()` reads the system clock.
    /// - Throws: `CypherError` for text that is not ISO 8601, bad fields or wrong argument types.
    static func call(_ name: String, _ args: [Value], statementTime: Date) throws -> Value {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        if let kind = TemporalKind(rawValue: parts[0]) {
            switch parts.count == 1 ? nil : parts[1] {
            case nil: return try construct(kind, args.first, at: statementTime)
            case "realtime": return try TemporalClock.current(kind, args.first, at: Date())
            case "statement", "transaction": return try TemporalClock.current(kind, args.first, at: statementTime)
            case "truncate": return try TemporalTruncation.truncate(kind, unit: args[0], args[1], fields: args.count > 2 ? args[2] : nil)
            case "fromepoch" where kind == .datetime:
                return try construct(.datetime, .map(["epochSeconds": args[0], "nanosecond": args[1]]), at: statementTime)
            case "fromepochmillis" where kind == .datetime:
                return try construct(.datetime, .map(["epochMillis": args[0]]), at: statementTime)
            default: break
            }
        }
        switch name {
        case "duration": return try duration(args[0])
        case "duration.between": return try DurationBetween.between(args[0], args[1], .all, name: name)
        case "duration.inmonths": return try DurationBetween.between(args[0], args[1], .months, name: name)
        case "duration.indays": return try DurationBetween.between(args[0], args[1], .days, name: name)
        case "duration.inseconds": return try DurationBetween.between(args[0], args[1], .seconds, name: name)
        default: throw CypherError.syntax(.unknownFunction, "unknown function \(name)()", at: nil)
        }
    }

    /// `date(x)`, `time(x)`, …: now, parsed text, a map of fields, or another temporal converted.
    private static func construct(_ kind: TemporalKind, _ arg: Value?, at now: Date) throws -> Value {
        switch arg {
        case nil: return try TemporalClock.current(kind, nil, at: now)
        case .null?: return .null
        case .string(let s)?: return try parse(kind, s)
        case .map(let m)?:
            if m.count == 1, m["timezone"] != nil { return try TemporalClock.current(kind, arg, at: now) }
            return try TemporalConstruction.build(kind, from: m)
        case let v?:
            guard let p = TemporalParts(v), !kind.hasDate || p.date != nil, !kind.hasTime || p.time != nil || kind == .datetime || kind == .localdatetime else {
                throw CypherError.typeError(.invalidArgumentType, "\(kind.rawValue)() cannot be made from a \(v.typeName); give a STRING, a MAP or a temporal value with a \(kind.hasDate ? "date" : "time")")
            }
            return p.value(kind)
        }
    }

    private static func parse(_ kind: TemporalKind, _ s: String) throws -> Value {
        let text = Substring(s)
        let value: Value?
        switch kind {
        case .date: value = TemporalParser.date(text).map(Value.date)
        case .localtime: value = TemporalParser.localTime(text).map(Value.localTime)
        case .time: value = TemporalParser.time(text).map(Value.time)
        case .localdatetime: value = TemporalParser.localDateTime(text).map(Value.localDateTime)
        case .datetime: value = TemporalParser.dateTime(text).map(Value.dateTime)
        }
        guard let value else {
            let forms: String
            switch kind {
            case .date: forms = "2015-07-21, 20150721, 2015-W30-2, 2015-202 or 2015-07"
            case .localtime: forms = "21:40:32.142, 214032 or 21:40"
            case .time: forms = "21:40:32.142+01:00, 214032Z or 21:40-08:00"
            case .localdatetime: forms = "2015-07-21T21:40:32.142 or 2015-W30-2T214032"
            case .datetime: forms = "2015-07-21T21:40:32.142+01:00, 2015-07-21T21:40[Europe/Stockholm] or 2015-202T21Z"
            }
            throw CypherError.argument(.invalidArgumentValue, "\(kind.rawValue)('\(s)'): the text is not an ISO 8601 \(kind.rawValue); write it like \(forms)")
        }
        return value
    }

    /// `duration('P1DT2H')` or `duration({days: 1, hours: 2})` (fractions allowed).
    private static func duration(_ arg: Value) throws -> Value {
        switch arg {
        case .null: return .null
        case .string(let s):
            guard let d = CypherDuration(iso: s) else {
                throw CypherError.argument(.invalidArgumentValue, "duration('\(s)'): the text is not an ISO 8601 duration; write it like P1Y2M10DT2H30M or PT0.5S")
            }
            return .duration(d)
        case .map(let m):
            var b = DurationBuilder()
            for (key, v) in m {
                guard let unit = DurationBuilder.Unit(rawValue: key) else {
                    throw CypherError.argument(.invalidArgumentValue, "duration({…}) has no field '\(key)'; the fields are \(DurationBuilder.Unit.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                switch v {
                case .null: return .null
                case .int(let i): b.add(unit, whole: i)
                case .double(let d): b.add(unit, d)
                default: throw CypherError.typeError(.invalidArgumentType, "duration({…}): '\(key)' must be a number, not a \(v.typeName)")
                }
            }
            return .duration(try TemporalArithmetic.checked(b.build()))
        case .duration: return arg
        default:
            throw CypherError.typeError(.invalidArgumentType, "duration() takes a STRING or a MAP, not a \(arg.typeName)")
        }
    }
}
