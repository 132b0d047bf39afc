/// Adds up duration components given as numbers with fractions, cascading each fraction into the
/// next smaller unit as Neo4j does: a fraction of a year into months, of a month into days and
/// seconds (a month averages 30.436875 days, 2,629,746 s), of a week or day into days and seconds.
///
/// Amounts that do not fit in 64-bit components make `build()` return nil instead of trapping.
public struct DurationBuilder: Sendable {
    /// A duration unit accepted by `duration({…})` and ISO text.
    public enum Unit: String, Sendable, CaseIterable {
        case years, quarters, months, weeks, days, hours, minutes, seconds, milliseconds, microseconds, nanoseconds
    }

    private var months: Int64 = 0, days: Int64 = 0, seconds: Int64 = 0, nanos: Int64 = 0
    private var fracMonths = 0.0, fracDays = 0.0, fracSeconds = 0.0
    private var overflow = false

    /// An empty builder.
    public init() {}

    /// Adds `whole + fraction` of `unit` (`fraction` has the sign of the amount, |fraction| < 1).
    public mutating func add(_ unit: Unit, whole: Int64, fraction: Double = 0) {
        switch unit {
        case .years: Self.accumulate(&months, whole, 12, &overflow); fracMonths += fraction * 12
        case .quarters: Self.accumulate(&months, whole, 3, &overflow); fracMonths += fraction * 3
        case .months: Self.accumulate(&months, whole, 1, &overflow); fracMonths += fraction
        case .weeks: Self.accumulate(&days, whole, 7, &overflow); fracDays += fraction * 7
        case .days: Self.accumulate(&days, whole, 1, &overflow); fracDays += fraction
        case .hours: Self.accumulate(&seconds, whole, 3600, &overflow); fracSeconds += fraction * 3600
        case .minutes: Self.accumulate(&seconds, whole, 60, &overflow); fracSeconds += fraction * 60
        case .seconds: Self.accumulate(&seconds, whole, 1, &overflow); fracSeconds += fraction
        case .milliseconds: Self.accumulate(&nanos, whole, 1_000_000, &overflow); Self.accumulate(&nanos, Self.integer(&overflow, fraction * 1_000_000), 1, &overflow)
        case .microseconds: Self.accumulate(&nanos, whole, 1000, &overflow); Self.accumulate(&nanos, Self.integer(&overflow, fraction * 1000), 1, &overflow)
        case .nanoseconds: Self.accumulate(&nanos, whole, 1, &overflow)
        }
    }

    /// Adds a floating-point amount of `unit`.
    public mutating func add(_ unit: Unit, _ amount: Double) {
        let whole = amount.rounded(.towardZero)
        add(unit, whole: Self.integer(&overflow, whole), fraction: amount - whole)
    }

    /// The duration, fractions cascaded down to nanoseconds; nil when a component overflows.
    public func build() -> CypherDuration? {
        var copy = self
        return copy.cascade()
    }

    private mutating func cascade() -> CypherDuration? {
        let wholeMonths = fracMonths.rounded(.towardZero)
        Self.accumulate(&months, Self.integer(&overflow, wholeMonths), 1, &overflow)
        let monthSeconds = (fracMonths - wholeMonths) * 2_629_746
        let monthDays = (monthSeconds / 86400).rounded(.towardZero)
        Self.accumulate(&days, Self.integer(&overflow, monthDays), 1, &overflow)
        var fs = fracSeconds + monthSeconds - monthDays * 86400
        let wholeDays = fracDays.rounded(.towardZero)
        Self.accumulate(&days, Self.integer(&overflow, wholeDays), 1, &overflow)
        fs += (fracDays - wholeDays) * 86400
        let wholeSeconds = fs.rounded(.towardZero)
        Self.accumulate(&seconds, Self.integer(&overflow, wholeSeconds), 1, &overflow)
        Self.accumulate(&nanos, Self.integer(&overflow, ((fs - wholeSeconds) * 1e9).rounded()), 1, &overflow)
        Self.accumulate(&seconds, nanos / 1_000_000_000, 1, &overflow)
        guard !overflow, fracMonths.isFinite, fracDays.isFinite, fracSeconds.isFinite else { return nil }
        return CypherDuration(months: months, days: days, seconds: seconds, nanoseconds: nanos % 1_000_000_000)
    }

    /// `total += value × factor`, noting an overflow instead of trapping.
    private static func accumulate(_ total: inout Int64, _ value: Int64, _ factor: Int64, _ overflow: inout Bool) {
        let product = value.multipliedReportingOverflow(by: factor)
        let sum = total.addingReportingOverflow(product.partialValue)
        if product.overflow || sum.overflow { overflow = true } else { total = sum.partialValue }
    }

    /// A whole double as Int64, noting an overflow for NaN, infinities and out-of-range values.
    private static func integer(_ overflow: inout Bool, _ d: Double) -> Int64 {
        guard d.isFinite, abs(d) < 9.2e18 else { overflow = true; return 0 }
        return Int64(d)
    }
}
