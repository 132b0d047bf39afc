/// An instant with a UTC offset and, optionally, a named time zone (openCypher `DATETIME`), to
/// the nanosecond.
///
/// Two datetimes are equal when they denote the same instant with the same offset and zone;
/// ordering is by instant, then by wall-clock time.
public struct CypherDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let epochSeconds: Int64
    /// Nanoseconds within the second (0 ..< 1e9).
    public let nanoseconds: Int32
    /// Offset from UTC in seconds (+08:00 is 28800) at this instant.
    public let offsetSeconds: Int32
    /// The IANA zone id (`Europe/Stockholm`) when the datetime was made in a named zone.
    public let zoneId: String?

    /// Creates a datetime from its instant, offset and optional zone id.
    public init(epochSeconds: Int64, nanoseconds: Int32 = 0, offsetSeconds: Int32 = 0, zoneId: String? = nil) {
        self.epochSeconds = epochSeconds; self.nanoseconds = nanoseconds
        self.offsetSeconds = offsetSeconds; self.zoneId = zoneId
    }

    /// Creates the datetime showing `local` on the wall clock of `zone` (a gap in a named zone
    /// moves the time forward by the gap, an overlap takes the earlier offset, as Java does).
    public init(local: CypherLocalDateTime, zone: CypherZone) {
        let offset = zone.offset(atLocal: local.localEpochSeconds)
        self.init(epochSeconds: local.localEpochSeconds - Int64(offset), nanoseconds: Int32(local.time.nanosecond),
                  offsetSeconds: offset, zoneId: zone.id)
        if let id = zone.id, zone.offset(atInstant: epochSeconds) != offset {
            self.init(epochSeconds: epochSeconds, nanoseconds: nanoseconds,
                      offsetSeconds: zone.offset(atInstant: epochSeconds), zoneId: id)
        }
    }

    /// Parses ISO 8601: a date form, `T`, a time form and an optional offset and/or `[Zone/Id]`
    /// (a missing zone means UTC).
    public init?(iso text: String) {
        guard let t = TemporalParser.dateTime(Substring(text)) else { return nil }
        self = t
    }

    /// The zone of this datetime: its id when it has one, otherwise its fixed offset.
    public var zone: CypherZone { zoneId.map { CypherZone(id: $0, fixedOffset: nil) } ?? CypherZone(offsetSeconds: offsetSeconds) }

    /// The wall-clock date and time at this datetime's offset.
    public var local: CypherLocalDateTime {
        CypherLocalDateTime(localEpochSeconds: epochSeconds + Int64(offsetSeconds), nanos: Int64(nanoseconds))
    }

    /// The local calendar date at this datetime's offset.
    public var localDate: CypherDate { local.date }

    /// ISO 8601 text with the offset (`Z` for UTC) and the zone id in brackets when there is one.
    public var description: String {
        local.description + TemporalText.offset(offsetSeconds) + (zoneId.map { "[\($0)]" } ?? "")
    }

    public static func < (a: CypherDateTime, b: CypherDateTime) -> Bool {
        (a.epochSeconds, a.nanoseconds, a.local) < (b.epochSeconds, b.nanoseconds, b.local)
    }
}
