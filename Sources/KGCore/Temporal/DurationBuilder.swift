/// Adds up duration components given as numbers with fractions, cascading each fraction into the
/// next smaller unit as Neo4j does: a fraction of a year into months, of a month into days and
/// seconds (a month averages 30.436875 days, 2,629,746 s), of a week or day into days and seconds.
public struct DurationBuilder: Sendable {
    /// A duration unit accepted by `duration({…})` and ISO text.
    public enum Unit: String, Sendable, CaseIterable {
        case years, quarters, months, weeks, days, hours, minutes, seconds, milliseconds, microseconds, nanoseconds
    }

    private var months: Int64 = 0, days: Int64 = 0, seconds: Int64 = 0, nanos: Int64 = 0
    private var fracMonths = 0.0, fracDays = 0.0, fracSeconds = 0.0

    /// An empty builder.
    public init() {}

    /// Adds `whole + fraction` of `unit` (`fraction` has the sign of the amount, |fraction| < 1).
    public mutating func add(_ unit: Unit, whole: Int64, fraction: Double = 0) {
        switch unit {
        case .years: months += whole * 12; fracMonths += fraction * 12
        case .quarters: months += whole * 3; fracMonths += fraction * 3
        case .months: months += whole; fracMonths += fraction
        case .weeks: days += whole * 7; fracDays += fraction * 7
        case .days: days += whole; fracDays += fraction
        case .hours: seconds += whole * 3600; fracSeconds += fraction * 3600
        case .minutes: seconds += whole * 60; fracSeconds += fraction * 60
        case .seconds: seconds += whole; fracSeconds += fraction
        case .milliseconds: nanos += whole * 1_000_000 + Int64((fraction * 1_000_000).rounded())
        case .microseconds: nanos += whole * 1000 + Int64((fraction * 1000).rounded())
        case .nanoseconds: nanos += whole
        }
    }

    /// Adds a floating-point amount of `unit`.
    public mutating func add(_ unit: Unit, _ amount: Double) {
        let whole = amount.rounded(.towardZero)
        add(unit, whole: Int64(whole), fraction: amount - whole)
    }

    /// The duration, fractions cascaded down to nanoseconds.
    public func build() -> CypherDuration {
        var months = self.months, days = self.days, seconds = self.seconds, nanos = self.nanos
        var fd = fracDays, fs = fracSeconds
        let wholeMonths = fracMonths.rounded(.towardZero)
        months += Int64(wholeMonths)
        let monthSeconds = (fracMonths - wholeMonths) * 2_629_746
        let monthDays = (monthSeconds / 86400).rounded(.towardZero)
        days += Int64(monthDays)
        fs += monthSeconds - monthDays * 86400
        let wholeDays = fd.rounded(.towardZero)
        days += Int64(wholeDays); fd -= wholeDays
        fs += fd * 86400
        let wholeSeconds = fs.rounded(.towardZero)
        seconds += Int64(wholeSeconds)
        nanos += Int64(((fs - wholeSeconds) * 1e9).rounded())
        return CypherDuration(months: months, days: days, seconds: seconds, nanoseconds: nanos)
    }
}
