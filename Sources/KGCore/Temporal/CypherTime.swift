/// A time of day with a UTC offset (openCypher `TIME`).
///
/// Equal when both the local time and the offset are equal (as Java's `OffsetTime`); ordered by
/// the instant on a common UTC clock, then by local time.
public struct CypherTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The wall-clock time.
    public let local: CypherLocalTime
    /// Offset from UTC in seconds (+01:00 is 3600).
    public let offsetSeconds: Int32

    /// Creates a time from its wall-clock time and offset.
    public init(local: CypherLocalTime, offsetSeconds: Int32) {
        self.local = local; self.offsetSeconds = offsetSeconds
    }

    /// Nanoseconds since midnight UTC, not wrapped (used for ordering and differences).
    public var utcNanos: Int64 { local.nanoOfDay - Int64(offsetSeconds) * 1_000_000_000 }

    /// `HH:MM[:SS[.f]]` and the offset (`Z` for UTC).
    public var description: String { local.description + TemporalText.offset(offsetSeconds) }

    public static func < (a: CypherTime, b: CypherTime) -> Bool {
        (a.utcNanos, a.local.nanoOfDay) < (b.utcNanos, b.local.nanoOfDay)
    }
}
