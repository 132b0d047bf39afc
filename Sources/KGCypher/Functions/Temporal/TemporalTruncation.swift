import KGCore

/// `date.truncate(unit, value, {fields})` and its siblings: the value cut down to a unit, then
/// the map's fields set on it (a `timezone` field replaces the zone, it does not convert).
enum TemporalTruncation {
    private static let dateUnits = ["millennium", "century", "decade", "year", "weekYear", "quarter", "month", "week", "day"]
    private static let timeUnits: [String: Int64] = [
        "hour": 3_600_000_000_000, "minute": 60_000_000_000, "second": 1_000_000_000,
        "millisecond": 1_000_000, "microsecond": 1000,
    ]

    /// Truncates `value` to `unit` as a `kind` value and applies `fields`.
    /// - Throws: ArgumentError/InvalidArgumentValue for an unknown unit or one finer than the
    ///   value, TypeError for a non-temporal value.
    static func truncate(_ kind: TemporalKind, unit: Value, _ value: Value, fields: Value?) throws -> Value {
        if value.isNull || unit.isNull { return .null }
        guard case .string(let u) = unit else {
            throw CypherError.typeError(.invalidArgumentType, "\(kind.rawValue).truncate() takes the unit as a STRING, not a \(unit.typeName)")
        }
        guard var parts = TemporalParts(value) else {
            throw CypherError.typeError(.invalidArgumentType, "\(kind.rawValue).truncate() cannot truncate a \(value.typeName)")
        }
        var map: [String: Value] = [:]
        switch fields {
        case nil, .null?: break
        case .map(let m)?: map = m
        case let v?: throw CypherError.typeError(.invalidArgumentType, "\(kind.rawValue).truncate() takes its fields as a MAP, not a \(v.typeName)")
        }
        if dateUnits.contains(u) {
            guard let d = parts.date else {
                throw CypherError.argument(.invalidArgumentValue, "a \(value.typeName) has no date to truncate to '\(u)'")
            }
            parts.date = try TemporalArithmetic.checked(truncated(d, u))
            parts.time = CypherLocalTime(nanoOfDay: 0)
        } else if let step = timeUnits[u] {
            guard kind.hasTime, let t = parts.time else {
                throw CypherError.argument(.invalidArgumentValue, "\(kind.rawValue).truncate() cannot truncate to '\(u)': the unit is finer than a day")
            }
            parts.time = CypherLocalTime(nanoOfDay: t.nanoOfDay / step * step)
        } else {
            throw CypherError.argument(.invalidArgumentValue, "'\(u)' is not a truncation unit; use one of \((dateUnits + timeUnits.keys.sorted()).joined(separator: ", "))")
        }
        if parts.zone?.id != nil { parts.offsetSeconds = nil }
        return try TemporalConstruction.build(kind, from: map, base: parts, convertZone: false)
    }

    private static func truncated(_ d: CypherDate, _ unit: String) -> CypherDate? {
        func floor(_ y: Int, _ n: Int) -> Int { y >= 0 ? y / n * n : -((-y + n - 1) / n * n) }
        switch unit {
        case "millennium": return CypherDate(year: floor(d.year, 1000), month: 1, day: 1)
        case "century": return CypherDate(year: floor(d.year, 100), month: 1, day: 1)
        case "decade": return CypherDate(year: floor(d.year, 10), month: 1, day: 1)
        case "year": return CypherDate(year: d.year, month: 1, day: 1)
        case "weekYear": return CypherDate(weekYear: d.weekYear, week: 1, dayOfWeek: 1)
        case "quarter": return CypherDate(year: d.year, month: (d.quarter - 1) * 3 + 1, day: 1)
        case "month": return CypherDate(year: d.year, month: d.month, day: 1)
        case "week": return d.adding(days: 1 - d.dayOfWeek)
        default: return d
        }
    }
}
