import KGCore

/// `date({…})`, `time({…})`, … : building an instant from a map of fields, optionally selecting
/// fields from other temporal values (`{date: d, time: t, day: 28}`) and converting zones.
enum TemporalConstruction {
    private static let dateKeys: Set<String> = ["year", "month", "day", "week", "dayOfWeek", "quarter", "dayOfQuarter", "ordinalDay"]
    private static let timeKeys: Set<String> = ["hour", "minute", "second", "millisecond", "microsecond", "nanosecond"]

    /// Builds a value of `kind` from `map`.
    /// - Parameters:
    ///   - base: parts the map's fields override (truncation passes the truncated value).
    ///   - convertZone: whether a `timezone` field converts a zoned base to that zone (keeping the
    ///     instant, as selection does) or only replaces its zone (as truncation does).
    /// - Throws: `CypherError` (ArgumentError/InvalidArgumentValue) for an unknown or out-of-range field.
    static func build(_ kind: TemporalKind, from map: [String: Value], base: TemporalParts? = nil,
                      convertZone: Bool = true) throws -> Value {
        if map.values.contains(where: \.isNull) { return .null }
        var allowed = Set(["timezone"])
        if kind.hasDate { allowed.formUnion(dateKeys); allowed.insert("date") }
        if kind.hasTime { allowed.formUnion(timeKeys); allowed.insert("time") }
        if kind == .datetime { allowed.formUnion(["datetime", "epochSeconds", "epochMillis"]) }
        if kind == .localdatetime { allowed.insert("datetime") }
        if let bad = map.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw CypherError.argument(.invalidArgumentValue, "\(kind.rawValue)({…}) has no field '\(bad)'; the fields are \(allowed.sorted().joined(separator: ", "))")
        }
        if kind == .datetime, map["epochSeconds"] != nil || map["epochMillis"] != nil {
            return try fromEpoch(map)
        }
        var dateBase = base?.date
        var timeBase = base
        if let v = map["datetime"] { timeBase = try parts(of: v, "datetime"); dateBase = timeBase?.date }
        if let v = map["date"] {
            guard let d = try parts(of: v, "date").date else { throw notSelectable(v, "date") }
            dateBase = d
        }
        if let v = map["time"] {
            let p = try parts(of: v, "time")
            guard p.time != nil else { throw notSelectable(v, "time") }
            timeBase = p
        }
        var zone = timeBase?.zone
        var offset = timeBase?.offsetSeconds
        var pendingConversion: CypherZone?
        if let tz = map["timezone"] {
            let newZone = try TemporalClock.zone(tz)
            if kind.hasZone, convertZone, let tb = timeBase, tb.zone != nil {
                if map["datetime"] != nil && map["date"] == nil && map["time"] == nil {
                    // A whole datetime moves to the new zone, its date with it.
                    let converted = tb.converted(to: newZone)
                    timeBase = converted
                    dateBase = converted.date
                    offset = converted.offsetSeconds
                } else {
                    pendingConversion = newZone
                }
            } else {
                offset = nil
            }
            zone = newZone
        }
        var result = TemporalParts(zone: kind.hasZone ? zone : nil, offsetSeconds: kind.hasZone ? offset : nil)
        if kind.hasDate { result.date = try date(map, base: dateBase, kind: kind) }
        if kind.hasTime {
            var baseTime = timeBase?.time
            if let newZone = pendingConversion, let tb = timeBase, let tbZone = tb.zone {
                // A selected time keeps its instant on the date being built (which decides a
                // named zone's offset), then shows it on the new zone's clock.
                let onDate = TemporalParts(date: result.date ?? tb.date, time: tb.time, zone: tbZone, offsetSeconds: tb.offsetSeconds)
                let converted = onDate.placed(in: tbZone, fallbackOffset: tb.offsetSeconds).converted(to: newZone)
                baseTime = converted.time
                result.offsetSeconds = converted.offsetSeconds
            }
            result.time = try time(map, base: baseTime, kind: kind)
        }
        if kind == .time, result.offsetSeconds == nil, let zone, zone.fixedOffset == nil {
            // A TIME has no date to resolve a named zone on: it takes the zone's offset now.
            result.offsetSeconds = zone.currentOffset
        }
        return result.value(kind)
    }

    private static func parts(of v: Value, _ key: String) throws -> TemporalParts {
        guard let p = TemporalParts(v) else { throw notSelectable(v, key) }
        return p
    }

    private static func notSelectable(_ v: Value, _ key: String) -> CypherError {
        CypherError.typeError(.invalidArgumentType, "the '\(key)' field must be a temporal value with a \(key == "datetime" ? "date and time" : key), not a \(v.typeName)")
    }

    /// An integer field, or nil when absent.
    static func int(_ map: [String: Value], _ key: String, _ kind: TemporalKind) throws -> Int64? {
        switch map[key] {
        case nil: return nil
        case .int(let i)?: return i
        case let v?:
            throw CypherError.typeError(.invalidArgumentType, "\(kind.rawValue)({…}): '\(key)' must be an INTEGER, not a \(v.typeName)")
        }
    }

    private static func outOfRange(_ kind: TemporalKind, _ what: String) -> CypherError {
        CypherError.argument(.invalidArgumentValue, "\(kind.rawValue)({…}): \(what) does not exist; check the fields' ranges")
    }

    private static func date(_ map: [String: Value], base: CypherDate?, kind: TemporalKind) throws -> CypherDate {
        func f(_ k: String) throws -> Int? { try int(map, k, kind).map { Int(clamping: $0) } }
        let year = try f("year"), week = try f("week"), dayOfWeek = try f("dayOfWeek")
        let quarter = try f("quarter"), dayOfQuarter = try f("dayOfQuarter"), ordinalDay = try f("ordinalDay")
        guard year != nil || base != nil else {
            throw CypherError.argument(.invalidArgumentValue, "\(kind.rawValue)({…}) needs a 'year' (or a 'date' to select from)")
        }
        if week != nil || dayOfWeek != nil {
            let y = year ?? base!.weekYear, w = week ?? base?.week ?? 1, d = dayOfWeek ?? base?.dayOfWeek ?? 1
            guard let r = CypherDate(weekYear: y, week: w, dayOfWeek: d) else { throw outOfRange(kind, "week \(w) day \(d) of \(y)") }
            return r
        }
        if quarter != nil || dayOfQuarter != nil {
            let y = year ?? base!.year, q = quarter ?? base?.quarter ?? 1, d = dayOfQuarter ?? base?.dayOfQuarter ?? 1
            guard let r = CypherDate(year: y, quarter: q, dayOfQuarter: d) else { throw outOfRange(kind, "quarter \(q) day \(d) of \(y)") }
            return r
        }
        if let ordinalDay {
            let y = year ?? base!.year
            guard let r = CypherDate(year: y, ordinalDay: ordinalDay) else { throw outOfRange(kind, "day \(ordinalDay) of \(y)") }
            return r
        }
        let y = year ?? base!.year, m = try f("month") ?? base?.month ?? 1, d = try f("day") ?? base?.day ?? 1
        guard let r = CypherDate(year: y, month: m, day: d) else { throw outOfRange(kind, "the date \(y)-\(m)-\(d)") }
        return r
    }

    private static func time(_ map: [String: Value], base: CypherLocalTime?, kind: TemporalKind) throws -> CypherLocalTime {
        let hour = try int(map, "hour", kind) ?? base?.hour ?? 0
        let minute = try int(map, "minute", kind) ?? base?.minute ?? 0
        let second = try int(map, "second", kind) ?? base?.second ?? 0
        let ms = try int(map, "millisecond", kind), us = try int(map, "microsecond", kind), ns = try int(map, "nanosecond", kind)
        // A smaller unit given alone keeps the base's larger sub-second units
        // (`{time: t, nanosecond: 2}` keeps t's milliseconds); with no base they start at zero.
        let b = base?.nanosecond ?? 0
        let bms = b / 1_000_000, bus = b / 1000 % 1000, bns = b % 1000
        let nanos: Int64
        switch (ms, us, ns) {
        case (nil, nil, nil): nanos = b
        case (nil, nil, let ns?): nanos = bms * 1_000_000 + bus * 1000 + ns
        case (nil, let us?, let ns): nanos = us * 1000 + (ns ?? bns)
        case (let ms?, let us, let ns): nanos = ms * 1_000_000 + (us ?? bus) * 1000 + (ns ?? bns)
        }
        guard let t = CypherLocalTime(hour: hour, minute: minute, second: second, nanosecond: nanos) else {
            throw outOfRange(kind, "the time \(hour):\(minute):\(second).\(nanos)")
        }
        return t
    }

    /// `datetime({epochSeconds: s, nanosecond: n})` or `datetime({epochMillis: ms})`, in UTC or `timezone`.
    private static func fromEpoch(_ map: [String: Value]) throws -> Value {
        let zone = try map["timezone"].map(TemporalClock.zone) ?? CypherZone(offsetSeconds: 0)
        var seconds: Int64, nanos: Int64
        if let ms = try int(map, "epochMillis", .datetime) {
            seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
            nanos = (ms - seconds * 1000) * 1_000_000
        } else {
            seconds = try int(map, "epochSeconds", .datetime) ?? 0
            nanos = 0
        }
        nanos += (try int(map, "millisecond", .datetime) ?? 0) * 1_000_000 + (try int(map, "microsecond", .datetime) ?? 0) * 1000
            + (try int(map, "nanosecond", .datetime) ?? 0)
        seconds += nanos / 1_000_000_000; nanos %= 1_000_000_000
        return .dateTime(CypherDateTime(epochSeconds: seconds, nanoseconds: Int32(nanos),
                                        offsetSeconds: zone.offset(atInstant: seconds), zoneId: zone.id))
    }
}
