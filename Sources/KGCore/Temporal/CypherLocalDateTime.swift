/// A date and a time of day without offset (openCypher `LOCALDATETIME`).
public struct CypherLocalDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The calendar date.
    public let date: CypherDate
    /// The time of day.
    public let time: CypherLocalTime

    /// Creates a local datetime from its date and time.
    public init(date: CypherDate, time: CypherLocalTime) {
        self.date = date; self.time = time
    }

    /// The local datetime `seconds` (and `nanos`) after 1970-01-01T00:00 on the same wall clock.
    public init(localEpochSeconds seconds: Int64, nanos: Int64 = 0) {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        self.date = CypherDate(daysSinceEpoch: Int(days))
        self.time = CypherLocalTime(nanoOfDay: (seconds - days * 86400) * 1_000_000_000 + nanos)
    }

    /// Seconds since 1970-01-01T00:00 read on this wall clock (no offset applied).
    public var localEpochSeconds: Int64 { Int64(date.daysSinceEpoch) * 86400 + time.nanoOfDay / 1_000_000_000 }

    /// `YYYY-MM-DDTHH:MM[:SS[.f]]`.
    public var description: String { date.description + "T" + time.description }

    public static func < (a: CypherLocalDateTime, b: CypherLocalDateTime) -> Bool {
        (a.date, a.time) < (b.date, b.time)
    }
}
