import KGCore
import KGEngine

/// Calendar arithmetic on day numbers (days since 1970-01-01) for model origins and periods.
public enum SupervisionCalendar {
    /// The same day of the month `months` later (earlier when negative), clamped to the month's end.
    public static func shift(_ day: Int, months: Int) -> Int {
        let d = CypherDate(daysSinceEpoch: day)
        let total = d.year * 12 + (d.month - 1) + months
        let year = total >= 0 ? total / 12 : (total - 11) / 12
        let month = total - year * 12 + 1
        return CypherDate(year: year, month: month, day: min(d.day, CypherDate.daysInMonth(year: year, month: month)))!.daysSinceEpoch
    }

    /// The first January 1 or July 1 after `day`: "now" for data whose last record is on `day`.
    public static func halfYearAfter(_ day: Int) -> Int {
        let d = CypherDate(daysSinceEpoch: day)
        return d.month <= 6 ? CypherDate(year: d.year, month: 7, day: 1)!.daysSinceEpoch : CypherDate(year: d.year + 1, month: 1, day: 1)!.daysSinceEpoch
    }

    /// The year of a day.
    public static func year(_ day: Int) -> Int { CypherDate(daysSinceEpoch: day).year }

    /// The month (1–12) of a day.
    public static func month(_ day: Int) -> Int { CypherDate(daysSinceEpoch: day).month }
}
