import KGCore

/// A temporal instant taken apart into what it has: a date, a wall-clock time and a zone.
///
/// Selecting (`date({date: other, day: 28})`), truncating and converting between the five types
/// all read and assemble these parts, so each type's rules are written once.
struct TemporalParts: Sendable {
    var date: CypherDate?
    var time: CypherLocalTime?
    /// The zone, for `TIME` and `DATETIME` values.
    var zone: CypherZone?
    /// The offset in effect, for `TIME` and `DATETIME` values.
    var offsetSeconds: Int32?

    init(date: CypherDate? = nil, time: CypherLocalTime? = nil, zone: CypherZone? = nil, offsetSeconds: Int32? = nil) {
        self.date = date; self.time = time; self.zone = zone; self.offsetSeconds = offsetSeconds
    }

    /// The parts of an instant value; nil for durations and non-temporal values.
    init?(_ v: Value) {
        switch v {
        case .date(let d): self.init(date: d)
        case .localTime(let t): self.init(time: t)
        case .time(let t): self.init(time: t.local, zone: CypherZone(offsetSeconds: t.offsetSeconds), offsetSeconds: t.offsetSeconds)
        case .localDateTime(let t): self.init(date: t.date, time: t.time)
        case .dateTime(let t):
            let local = t.local
            self.init(date: local.date, time: local.time, zone: t.zone, offsetSeconds: t.offsetSeconds)
        case .null, .bool, .int, .double, .string, .list, .map, .node, .relationship, .path, .duration: return nil
        }
    }

    /// Converts the parts to the wall clock of another zone, keeping the instant (a time without
    /// a date wraps around midnight).
    func converted(to zone: CypherZone) -> TemporalParts {
        guard let offset = offsetSeconds, let time else { return TemporalParts(date: date, time: time, zone: zone, offsetSeconds: nil) }
        let day = Int64(date?.daysSinceEpoch ?? 0)
        let instant = day * 86400 + time.nanoOfDay / 1_000_000_000 - Int64(offset)
        let newOffset = zone.offset(atInstant: instant)
        let local = CypherLocalDateTime(localEpochSeconds: instant + Int64(newOffset), nanos: time.nanosecond)
        return TemporalParts(date: date == nil ? nil : local.date, time: local.time, zone: zone, offsetSeconds: newOffset)
    }

    /// The same wall clock read in `zone`: the offset is the zone's at this date and time
    /// (`fallbackOffset` when there is no date to resolve a named zone on).
    func placed(in zone: CypherZone, fallbackOffset: Int32?) -> TemporalParts {
        var offset = zone.fixedOffset ?? fallbackOffset
        if zone.fixedOffset == nil, let date {
            offset = zone.offset(atLocal: Int64(date.daysSinceEpoch) * 86400 + (time?.nanoOfDay ?? 0) / 1_000_000_000)
        }
        return TemporalParts(date: date, time: time, zone: zone, offsetSeconds: offset)
    }

    /// Assembles a value of `kind`; missing parts default to 1970-01-01, midnight and UTC.
    func value(_ kind: TemporalKind) -> Value {
        let d = date ?? CypherDate(daysSinceEpoch: 0), t = time ?? CypherLocalTime(nanoOfDay: 0)
        let z = zone ?? CypherZone(offsetSeconds: 0)
        switch kind {
        case .date: return .date(d)
        case .localtime: return .localTime(t)
        case .localdatetime: return .localDateTime(CypherLocalDateTime(date: d, time: t))
        case .datetime: return .dateTime(CypherDateTime(local: CypherLocalDateTime(date: d, time: t), zone: z))
        case .time:
            let offset = z.fixedOffset ?? offsetSeconds ?? z.offset(atLocal: Int64(d.daysSinceEpoch) * 86400 + t.nanoOfDay / 1_000_000_000)
            return .time(CypherTime(local: t, offsetSeconds: offset))
        }
    }
}
