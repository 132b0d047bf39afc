/// Calendar arithmetic on dates, as Java's `LocalDate.plusMonths`/`plusDays` do it.
extension CypherDate {
    /// Months since year 0 (`year × 12 + month − 1`).
    public var prolepticMonth: Int { year * 12 + month - 1 }

    /// The date `months` later, the day clamped to the last day of the target month
    /// (2020-01-31 plus one month is 2020-02-29).
    public func adding(months: Int) -> CypherDate {
        guard months != 0 else { return self }
        let total = prolepticMonth + months
        let y = total >= 0 ? total / 12 : (total - 11) / 12
        let m = total - y * 12 + 1
        return CypherDate(year: y, month: m, day: min(day, CypherDate.daysInMonth(year: y, month: m)))!
    }

    /// The date `days` later.
    public func adding(days: Int) -> CypherDate { CypherDate(daysSinceEpoch: daysSinceEpoch + days) }
}
