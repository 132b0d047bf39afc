/// Calendar arithmetic on dates, as Java's `LocalDate.plusMonths`/`plusDays` do it.
extension CypherDate {
    /// Months since year 0 (`year × 12 + month − 1`).
    public var prolepticMonth: Int { year * 12 + month - 1 }

    /// The date `months` later, the day clamped to the last day of the target month
    /// (2020-01-31 plus one month is 2020-02-29).
    /// - Returns: nil when the result falls outside `CypherDate.years`.
    public func adding(months: Int) -> CypherDate? {
        guard months != 0 else { return self }
        let (total, overflow) = prolepticMonth.addingReportingOverflow(months)
        guard !overflow else { return nil }
        let y = total >= 0 ? total / 12 : (total - 11) / 12
        let m = total - y * 12 + 1
        guard CypherDate.years.contains(y) else { return nil }
        return CypherDate(year: y, month: m, day: min(day, CypherDate.daysInMonth(year: y, month: m)))
    }

    /// The date `days` later.
    /// - Returns: nil when the result falls outside `CypherDate.years`.
    public func adding(days: Int) -> CypherDate? {
        // 400 Gregorian years are 146,097 days: the bound keeps the epoch-day arithmetic exact.
        guard abs(days) <= 800_000_000_000 else { return nil }
        let d = CypherDate(daysSinceEpoch: daysSinceEpoch + days)
        return CypherDate.years.contains(d.year) ? d : nil
    }
}
