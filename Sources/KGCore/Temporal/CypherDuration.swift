/// An amount of time (openCypher `DURATION`), kept as Neo4j keeps it: months, days, seconds and
/// nanoseconds, each independent (a month is not a fixed number of days, nor a day of seconds
/// across a daylight-saving change).
///
/// As in Neo4j, nanoseconds are normalised into 0 ..< 10⁹ and the seconds carry the sign
/// (−0.1 s is −1 s and 900,000,000 ns); the text form shows them as one signed number.
public struct CypherDuration: Sendable, Hashable, CustomStringConvertible {
    /// Months (years count 12).
    public let months: Int64
    /// Days (weeks count 7).
    public let days: Int64
    /// Seconds (hours count 3600, minutes 60).
    public let seconds: Int64
    /// Nanoseconds of the second, 0 ..< 10⁹.
    public let nanoseconds: Int64

    /// The zero duration (`PT0S`).
    public static let zero = CypherDuration(months: 0, days: 0, seconds: 0, nanoseconds: 0)

    /// Creates a duration, carrying whole seconds out of `nanoseconds` (into 0 ..< 10⁹).
    public init(months: Int64, days: Int64, seconds: Int64, nanoseconds: Int64) {
        var s = seconds + nanoseconds / 1_000_000_000
        var n = nanoseconds % 1_000_000_000
        if n < 0 { s -= 1; n += 1_000_000_000 }
        self.months = months; self.days = days; self.seconds = s; self.nanoseconds = n
    }

    /// Parses ISO 8601 durations: `P1Y2M3W4DT5H6M7.5S` (a fraction on the smallest unit given,
    /// negative components allowed) and the alternative form `P2012-02-02T14:37:21.545`.
    public init?(iso text: String) {
        guard let d = TemporalParser.duration(Substring(text)) else { return nil }
        self = d
    }

    /// The negated duration.
    public static prefix func - (d: CypherDuration) -> CypherDuration {
        CypherDuration(months: -d.months, days: -d.days, seconds: -d.seconds, nanoseconds: -d.nanoseconds)
    }

    /// Component-wise sum.
    /// - Returns: nil when a component overflows 64 bits.
    public func adding(_ b: CypherDuration) -> CypherDuration? {
        let m = months.addingReportingOverflow(b.months), d = days.addingReportingOverflow(b.days)
        let s = seconds.addingReportingOverflow(b.seconds)
        guard !m.overflow, !d.overflow, !s.overflow, s.partialValue < Int64.max else { return nil }
        return CypherDuration(months: m.partialValue, days: d.partialValue, seconds: s.partialValue,
                              nanoseconds: nanoseconds + b.nanoseconds)
    }

    /// Every component multiplied by `factor`.
    /// - Returns: nil when a component overflows 64 bits.
    public func multiplied(by factor: Int64) -> CypherDuration? {
        let m = months.multipliedReportingOverflow(by: factor), d = days.multipliedReportingOverflow(by: factor)
        let s = seconds.multipliedReportingOverflow(by: factor), n = nanoseconds.multipliedReportingOverflow(by: factor)
        guard !m.overflow, !d.overflow, !s.overflow, !n.overflow else { return nil }
        let total = s.partialValue.addingReportingOverflow(n.partialValue / 1_000_000_000)
        guard !total.overflow else { return nil }
        return CypherDuration(months: m.partialValue, days: d.partialValue, seconds: total.partialValue,
                              nanoseconds: n.partialValue % 1_000_000_000)
    }

    /// Neo4j's `toString`: `P[nY][nM][nD][T[nH][nM][n[.f]S]]`, `PT0S` for zero.
    public var description: String {
        if self == .zero { return "PT0S" }
        var s = "P"
        func add(_ v: Int64, _ unit: String) { if v != 0 { s += String(v) + unit } }
        add(months / 12, "Y"); add(months % 12, "M"); add(days, "D")
        if seconds != 0 || nanoseconds != 0 {
            var secs = seconds, nanos = nanoseconds
            if secs < 0 && nanos != 0 { secs += 1; nanos -= 1_000_000_000 }
            s += "T"
            add(secs / 3600, "H"); add(secs % 3600 / 60, "M")
            let sec = secs % 60
            if sec != 0 {
                s += String(sec) + TemporalText.fraction(Int64(nanos.magnitude)) + "S"
            } else if nanos != 0 {
                s += (nanos < 0 ? "-0" : "0") + TemporalText.fraction(Int64(nanos.magnitude)) + "S"
            }
        }
        return s
    }
}
