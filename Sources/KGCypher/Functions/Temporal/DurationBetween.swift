import KGCore

/// `duration.between(a, b)`, `duration.inMonths`, `inDays` and `inSeconds`, as Neo4j computes
/// them (Java's `until`): whole months first, then whole days, then the rest in seconds.
///
/// When both values have a date, the calendar path is taken (a missing time counts as
/// midnight); otherwise only the times of day are compared. When both have a zone, `b` is first
/// moved to `a`'s zone, so the result measures real elapsed time.
enum DurationBetween {
    /// Which part of the difference to return.
    enum Unit { case all, months, days, seconds }

    static func between(_ a: Value, _ b: Value, _ unit: Unit, name: String) throws -> Value {
        if a.isNull || b.isNull { return .null }
        guard var from = TemporalParts(a), var to = TemporalParts(b) else {
            let bad = TemporalParts(a) == nil ? a : b
            throw CypherError.typeError(.invalidArgumentType, "\(name)() takes two instants (date, time, datetime, …), not a \(bad.typeName)")
        }
        // A value without a date takes the other's; one without a zone reads its wall clock in
        // the other's zone (so a local 04:00 on a daylight-saving day is 5 hours after midnight).
        if from.date == nil, to.date != nil, to.zone != nil { from.date = to.date }
        if to.date == nil, from.date != nil, from.zone != nil { to.date = from.date }
        if from.zone == nil, let zone = to.zone { from = from.placed(in: zone, fallbackOffset: to.offsetSeconds) }
        if to.zone == nil, let zone = from.zone { to = to.placed(in: zone, fallbackOffset: from.offsetSeconds) }
        let zoned = from.offsetSeconds != nil && to.offsetSeconds != nil
        if zoned, let zone = from.zone { to = to.converted(to: zone) }
        let ta = from.time ?? CypherLocalTime(nanoOfDay: 0), tb = to.time ?? CypherLocalTime(nanoOfDay: 0)
        guard let da = from.date, let db = to.date else {
            let nanos = unit == .months || unit == .days ? 0 : tb.nanoOfDay - ta.nanoOfDay
            return .duration(CypherDuration(months: 0, days: 0, seconds: 0, nanoseconds: nanos))
        }
        let start = CypherLocalDateTime(date: da, time: ta), end = CypherLocalDateTime(date: db, time: tb)
        var months = 0, days = 0
        var cursor = start
        if unit == .all || unit == .months {
            months = monthsUntil(cursor, end)
            cursor = CypherLocalDateTime(date: try TemporalArithmetic.checked(cursor.date.adding(months: months)), time: cursor.time)
        }
        if unit == .months { return .duration(CypherDuration(months: Int64(months), days: 0, seconds: 0, nanoseconds: 0)) }
        if unit == .all || unit == .days {
            days = adjustedEnd(cursor, end).daysSinceEpoch - cursor.date.daysSinceEpoch
            cursor = CypherLocalDateTime(date: try TemporalArithmetic.checked(cursor.date.adding(days: days)), time: cursor.time)
        }
        if unit == .days { return .duration(CypherDuration(months: 0, days: Int64(days), seconds: 0, nanoseconds: 0)) }
        var seconds = end.localEpochSeconds - cursor.localEpochSeconds
        var nanos = end.time.nanosecond - cursor.time.nanosecond
        if zoned, let zone = from.zone {
            // Real elapsed time: across a daylight-saving change a day is not 24 hours.
            let s = CypherDateTime(local: cursor, zone: zone), e = CypherDateTime(local: end, zone: zone)
            seconds = e.epochSeconds - s.epochSeconds
            nanos = Int64(e.nanoseconds) - Int64(s.nanoseconds)
        }
        return .duration(CypherDuration(months: Int64(months), days: Int64(days), seconds: seconds, nanoseconds: nanos))
    }

    /// The end date, moved one day towards the start when its time of day has not yet reached
    /// the start's (so that a partial day does not count).
    private static func adjustedEnd(_ start: CypherLocalDateTime, _ end: CypherLocalDateTime) -> CypherDate {
        // The end is a date of the supported years and moves towards the start: it stays in range.
        if end.date > start.date && end.time < start.time { return end.date.adding(days: -1) ?? end.date }
        if end.date < start.date && end.time > start.time { return end.date.adding(days: 1) ?? end.date }
        return end.date
    }

    private static func monthsUntil(_ start: CypherLocalDateTime, _ end: CypherLocalDateTime) -> Int {
        let e = adjustedEnd(start, end)
        let packed = (e.prolepticMonth * 32 + e.day) - (start.date.prolepticMonth * 32 + start.date.day)
        return packed / 32
    }
}
