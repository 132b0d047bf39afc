/// A time of day without offset (openCypher `LOCALTIME`), to the nanosecond.
public struct CypherLocalTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Nanoseconds since midnight (0 ..< 86,400 × 10⁹).
    public let nanoOfDay: Int64

    /// Nanoseconds in a day.
    public static let nanosPerDay: Int64 = 86_400_000_000_000

    /// Creates a local time from nanoseconds since midnight, wrapping into one day
    /// (so that `23:00 + 2 hours` is `01:00`, as Neo4j's arithmetic does).
    public init(nanoOfDay: Int64) {
        let r = nanoOfDay % Self.nanosPerDay
        self.nanoOfDay = r < 0 ? r + Self.nanosPerDay : r
    }

    /// Creates a local time from its fields.
    /// - Returns: nil when a field is out of range (hour 0–23, minute and second 0–59, nanosecond 0–999,999,999).
    public init?(hour: Int64, minute: Int64, second: Int64 = 0, nanosecond: Int64 = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
              (0...999_999_999).contains(nanosecond) else { return nil }
        self.nanoOfDay = ((hour * 60 + minute) * 60 + second) * 1_000_000_000 + nanosecond
    }

    /// Hour of the day (0–23).
    public var hour: Int64 { nanoOfDay / 3_600_000_000_000 }
    /// Minute of the hour.
    public var minute: Int64 { nanoOfDay / 60_000_000_000 % 60 }
    /// Second of the minute.
    public var second: Int64 { nanoOfDay / 1_000_000_000 % 60 }
    /// Nanosecond of the second.
    public var nanosecond: Int64 { nanoOfDay % 1_000_000_000 }

    /// `HH:MM[:SS[.fffffffff]]`, as openCypher's `toString(localtime)` writes it.
    public var description: String { TemporalText.time(nanoOfDay: nanoOfDay) }

    public static func < (a: CypherLocalTime, b: CypherLocalTime) -> Bool { a.nanoOfDay < b.nanoOfDay }
}
