import KGCore

/// `+`, `-`, `*` and `/` with durations, with Neo4j's rules: a duration is added to an instant
/// months first (clamping the day), then days, then seconds and nanoseconds; a date ignores the
/// time of a duration beyond whole days; times wrap around midnight.
enum TemporalArithmetic {
    /// The result of `a op b` when either side is a temporal value.
    /// - Throws: TypeError/InvalidArgumentType for a combination Cypher does not define
    ///   (`date + date`, `duration * duration`, …).
    static func apply(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        switch (op, a, b) {
        case (.add, .duration(let x), .duration(let y)): return .duration(try checked(x.adding(y)))
        case (.sub, .duration(let x), .duration(let y)): return .duration(try checked(x.adding(-y)))
        case (.add, .duration(let d), _) where b.isTemporal: return try add(b, d)
        case (.add, _, .duration(let d)) where a.isTemporal: return try add(a, d)
        case (.sub, _, .duration(let d)) where a.isTemporal: return try add(a, -d)
        case (.mul, .duration(let d), .int(let n)), (.mul, .int(let n), .duration(let d)):
            return .duration(try checked(d.multiplied(by: n)))
        case (.mul, .duration(let d), .double(let f)), (.mul, .double(let f), .duration(let d)):
            return .duration(try scaled(d, f))
        case (.div, .duration(let d), _) where b.numericValue != nil:
            let n = b.numericValue!
            guard n != 0 else { throw CypherError.arithmetic(.divisionByZero, "a duration divided by zero") }
            return .duration(try scaled(d, 1 / n))
        default:
            throw CypherError.typeError(.invalidArgumentType, "cannot apply \(op.rawValue) to \(a.typeName) and \(b.typeName); use a DURATION with an instant, or duration.between(a, b) for the time between two instants")
        }
    }

    /// Each component multiplied by `f`, fractions cascading into smaller units and the last
    /// truncated, exactly as Neo4j's `DurationValue.approximate` does (so `/ 2` of one
    /// nanosecond is zero).
    static func scaled(_ d: CypherDuration, _ f: Double) throws -> CypherDuration {
        let months = Double(d.months) * f
        let m = months.rounded(.towardZero)
        let days = Double(d.days) * f + (months - m) * 30.436875
        let dd = days.rounded(.towardZero)
        let seconds = Double(d.seconds) * f + (days - dd) * 86400
        let s = seconds.rounded(.towardZero)
        let nanos = (Double(d.nanoseconds) * f + (seconds - s) * 1e9).rounded(.towardZero)
        guard [m, dd, s, nanos].allSatisfy({ $0.isFinite && abs($0) < 9.2e18 }) else { throw overflow("a duration scaled by \(f)") }
        return CypherDuration(months: Int64(m), days: Int64(dd), seconds: Int64(s), nanoseconds: Int64(nanos))
    }

    /// The error for a temporal result beyond what the types hold.
    static func overflow(_ what: String) -> CypherError {
        CypherError.arithmetic(.integerOverflow, "\(what) is out of range: durations hold 64-bit months, days and seconds, dates the years -999,999,999 to 999,999,999")
    }

    /// A duration, or the overflow error when a component did not fit.
    static func checked(_ d: CypherDuration?) throws -> CypherDuration {
        guard let d else { throw overflow("the duration") }
        return d
    }

    /// A date, or the overflow error when it left the supported years.
    static func checked(_ d: CypherDate?) throws -> CypherDate {
        guard let d else { throw overflow("the date") }
        return d
    }

    /// An instant moved by a duration.
    static func add(_ v: Value, _ d: CypherDuration) throws -> Value {
        // Beyond ±10¹⁷ s (3 billion years) every instant type is out of range; the bound keeps the
        // sums below from overflowing.
        guard abs(d.seconds) <= 100_000_000_000_000_000 else { throw overflow("\(v.typeName) + \(d)") }
        let months = Int(d.months), days = Int(d.days)
        // Whole days beyond a time of day wrap away, so only the rest of a day is added to times.
        let nanos = (d.seconds % 86400) * 1_000_000_000 + d.nanoseconds
        switch v {
        case .date(let x):
            return .date(try checked(try checked(x.adding(months: months)).adding(days: days + Int(d.seconds / 86400))))
        case .localTime(let t): return .localTime(CypherLocalTime(nanoOfDay: t.nanoOfDay &+ nanos % CypherLocalTime.nanosPerDay))
        case .time(let t):
            return .time(CypherTime(local: CypherLocalTime(nanoOfDay: t.local.nanoOfDay &+ nanos % CypherLocalTime.nanosPerDay), offsetSeconds: t.offsetSeconds))
        case .localDateTime(let t):
            let date = try checked(try checked(t.date.adding(months: months)).adding(days: days))
            let shifted = CypherLocalDateTime(date: date, time: t.time)
            return .localDateTime(CypherLocalDateTime(localEpochSeconds: shifted.localEpochSeconds + d.seconds,
                                                      nanos: t.time.nanosecond + d.nanoseconds))
        case .dateTime(let t):
            let local = t.local
            let date = try checked(try checked(local.date.adding(months: months)).adding(days: days))
            let moved = CypherDateTime(local: CypherLocalDateTime(date: date, time: local.time),
                                       zone: t.zone)
            var seconds = moved.epochSeconds + d.seconds
            var n = Int64(moved.nanoseconds) + d.nanoseconds
            seconds += n / 1_000_000_000; n %= 1_000_000_000
            return .dateTime(CypherDateTime(epochSeconds: seconds, nanoseconds: Int32(n),
                                            offsetSeconds: t.zone.offset(atInstant: seconds), zoneId: t.zoneId))
        case .null, .bool, .int, .double, .string, .list, .map, .node, .relationship, .path, .duration:
            throw CypherError.typeError(.invalidArgumentType, "a DURATION cannot be added to a \(v.typeName)")
        }
    }
}
