import Foundation
import KGCore

/// The date and datetime basics: construction from ISO text or a map, the current date/time,
/// and component access (`d.year`, `t.hour`, …).
enum TemporalFunctions {
    static func call(_ name: String, _ args: [Value]) throws -> Value {
        let a0 = args.first
        switch name {
        case "date":
            switch a0 {
            case nil:
                let now = CypherDateTime(epochSeconds: Int64(Date().timeIntervalSince1970))
                return .date(now.localDate)
            case .null?: return .null
            case .string(let s)?:
                guard let d = CypherDate(iso: s) ?? CypherDateTime(iso: s)?.localDate else {
                    throw CypherError.argument(.invalidArgumentValue, "'\(s)' is not an ISO 8601 date")
                }
                return .date(d)
            case .map(let m)?:
                guard case .int(let y)? = m["year"] else { throw CypherError.argument(.invalidArgumentValue, "date({…}) needs a year") }
                let month = m["month"]?.intValue ?? 1, day = m["day"]?.intValue ?? 1
                guard let d = CypherDate(year: Int(y), month: Int(month), day: Int(day)) else {
                    throw CypherError.argument(.invalidArgumentValue, "no such date \(y)-\(month)-\(day)")
                }
                return .date(d)
            case .date?: return a0!
            case .dateTime(let t)?: return .date(t.localDate)
            default: throw CypherError.argument(.invalidArgumentType, "date() takes a string or a map")
            }
        case "datetime", "localdatetime":
            switch a0 {
            case nil:
                let now = Date().timeIntervalSince1970
                return .dateTime(CypherDateTime(epochSeconds: Int64(now.rounded(.down)), nanoseconds: Int32((now - now.rounded(.down)) * 1e9)))
            case .null?: return .null
            case .string(let s)?:
                guard let t = CypherDateTime(iso: s) ?? CypherDate(iso: s).map({ CypherDateTime(epochSeconds: Int64($0.daysSinceEpoch) * 86400) }) else {
                    throw CypherError.argument(.invalidArgumentValue, "'\(s)' is not an ISO 8601 datetime")
                }
                return .dateTime(t)
            case .map(let m)?:
                let y = m["year"]?.intValue ?? 1970, mo = m["month"]?.intValue ?? 1, d = m["day"]?.intValue ?? 1
                guard let date = CypherDate(year: Int(y), month: Int(mo), day: Int(d)) else {
                    throw CypherError.argument(.invalidArgumentValue, "no such date \(y)-\(mo)-\(d)")
                }
                let secs = Int64(date.daysSinceEpoch) * 86400 + (m["hour"]?.intValue ?? 0) * 3600 + (m["minute"]?.intValue ?? 0) * 60 + (m["second"]?.intValue ?? 0)
                return .dateTime(CypherDateTime(epochSeconds: secs))
            case .dateTime?: return a0!
            case .date(let d)?: return .dateTime(CypherDateTime(epochSeconds: Int64(d.daysSinceEpoch) * 86400))
            default: throw CypherError.argument(.invalidArgumentType, "datetime() takes a string or a map")
            }
        case "duration.between":
            guard args.count == 2 else { return .null }
            switch (args[0], args[1]) {
            case (.date(let a), .date(let b)): return .map(["days": .int(Int64(b.daysSinceEpoch - a.daysSinceEpoch))])
            case (.dateTime(let a), .dateTime(let b)): return .map(["seconds": .int(b.epochSeconds - a.epochSeconds)])
            default: return .null
            }
        default:
            throw CypherError.syntax(.unknownFunction, "unknown function \(name)()", at: nil)
        }
    }

    /// `d.year`, `t.hour`, `t.epochSeconds`, …
    static func component(_ v: Value, _ key: String) throws -> Value {
        switch v {
        case .date(let d):
            switch key {
            case "year": return .int(Int64(d.year))
            case "month": return .int(Int64(d.month))
            case "day": return .int(Int64(d.day))
            case "quarter": return .int(Int64((d.month - 1) / 3 + 1))
            case "dayOfWeek", "weekDay": return .int(Int64(((d.daysSinceEpoch % 7) + 7 + 3) % 7 + 1))
            case "ordinalDay":
                return .int(Int64(d.daysSinceEpoch - CypherDate(year: d.year, month: 1, day: 1)!.daysSinceEpoch + 1))
            default: return .null
            }
        case .dateTime(let t):
            let local = t.epochSeconds + Int64(t.offsetSeconds)
            let secOfDay = ((local % 86400) + 86400) % 86400
            switch key {
            case "hour": return .int(secOfDay / 3600)
            case "minute": return .int(secOfDay % 3600 / 60)
            case "second": return .int(secOfDay % 60)
            case "nanosecond": return .int(Int64(t.nanoseconds))
            case "millisecond": return .int(Int64(t.nanoseconds) / 1_000_000)
            case "epochSeconds": return .int(t.epochSeconds)
            case "epochMillis": return .int(t.epochSeconds * 1000 + Int64(t.nanoseconds) / 1_000_000)
            case "offsetSeconds": return .int(Int64(t.offsetSeconds))
            default: return try component(.date(t.localDate), key)
            }
        default: return .null
        }
    }
}
