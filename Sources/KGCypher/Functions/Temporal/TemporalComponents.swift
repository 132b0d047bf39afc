import KGCore

/// Component access on temporal values: `d.year`, `t.timezone`, `dur.minutesOfHour`, …
enum TemporalComponents {
    /// The component `key` of a temporal value.
    /// - Throws: ArgumentError/InvalidArgumentValue (naming the type's components) for an unknown key.
    static func component(_ v: Value, _ key: String) throws -> Value {
        if case .duration(let d) = v { return try duration(d, key) }
        guard let p = TemporalParts(v) else { return .null }
        if let d = p.date, let r = date(d, key) { return .int(Int64(r)) }
        if let t = p.time, let r = time(t, key) { return .int(r) }
        if let offset = p.offsetSeconds {
            switch key {
            case "timezone": return .string(p.zone?.id ?? TemporalText.offset(offset))
            case "offset": return .string(offsetText(offset))
            case "offsetMinutes": return .int(Int64(offset / 60))
            case "offsetSeconds": return .int(Int64(offset))
            default: break
            }
        }
        if case .dateTime(let t) = v {
            switch key {
            case "epochSeconds": return .int(t.epochSeconds)
            case "epochMillis": return .int(t.epochSeconds * 1000 + Int64(t.nanoseconds) / 1_000_000)
            default: break
            }
        }
        throw CypherError.argument(.invalidArgumentValue, "a \(v.typeName) has no component '\(key)'")
    }

    /// `+01:00` (and `+00:00` for UTC, as Neo4j's `offset` writes it).
    private static func offsetText(_ seconds: Int32) -> String {
        seconds == 0 ? "+00:00" : TemporalText.offset(seconds)
    }

    private static func date(_ d: CypherDate, _ key: String) -> Int? {
        switch key {
        case "year": return d.year
        case "quarter": return d.quarter
        case "month": return d.month
        case "week": return d.week
        case "weekYear": return d.weekYear
        case "day": return d.day
        case "ordinalDay": return d.ordinalDay
        case "weekDay", "dayOfWeek": return d.dayOfWeek
        case "dayOfQuarter": return d.dayOfQuarter
        default: return nil
        }
    }

    private static func time(_ t: CypherLocalTime, _ key: String) -> Int64? {
        switch key {
        case "hour": return t.hour
        case "minute": return t.minute
        case "second": return t.second
        case "millisecond": return t.nanosecond / 1_000_000
        case "microsecond": return t.nanosecond / 1000
        case "nanosecond": return t.nanosecond
        default: return nil
        }
    }

    private static func duration(_ d: CypherDuration, _ key: String) throws -> Value {
        let r: Int64
        switch key {
        case "years": r = d.months / 12
        case "quarters": r = d.months / 3
        case "months": r = d.months
        case "weeks": r = d.days / 7
        case "days": r = d.days
        case "hours": r = d.seconds / 3600
        case "minutes": r = d.seconds / 60
        case "seconds": r = d.seconds
        case "milliseconds": r = d.seconds * 1000 + d.nanoseconds / 1_000_000
        case "microseconds": r = d.seconds * 1_000_000 + d.nanoseconds / 1000
        case "nanoseconds": r = d.seconds * 1_000_000_000 + d.nanoseconds
        case "quartersOfYear": r = d.months % 12 / 3
        case "monthsOfQuarter": r = d.months % 3
        case "monthsOfYear": r = d.months % 12
        case "daysOfWeek": r = d.days % 7
        case "minutesOfHour": r = d.seconds / 60 % 60
        case "secondsOfMinute": r = d.seconds % 60
        case "millisecondsOfSecond": r = d.nanoseconds / 1_000_000
        case "microsecondsOfSecond": r = d.nanoseconds / 1000
        case "nanosecondsOfSecond": r = d.nanoseconds
        default: throw CypherError.argument(.invalidArgumentValue, "a DURATION has no component '\(key)'")
        }
        return .int(r)
    }
}
