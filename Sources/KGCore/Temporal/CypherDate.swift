/// A calendar date without time zone (openCypher `DATE`), in the proleptic Gregorian calendar.
public struct CypherDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Year, month (1–12) and day (1–31).
    public let year: Int, month: Int, day: Int

    /// The years a date may have, as in Neo4j (−999,999,999 … 999,999,999): far enough for any
    /// calendar, near enough that day counts never overflow.
    public static let years = -999_999_999...999_999_999

    /// Creates a date after checking that it exists in the calendar.
    /// - Returns: `nil` for an impossible date such as 2023-02-29, or a year outside `years`.
    public init?(year: Int, month: Int, day: Int) {
        guard CypherDate.years.contains(year), (1...12).contains(month), day >= 1,
              day <= CypherDate.daysInMonth(year: year, month: month) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// Parses the ISO 8601 date forms openCypher accepts: calendar (`2015-07-21`, `20150721`,
    /// `2015-07`, `2015`), week (`2015-W30-2`, `2015W302`, `2015-W30`) and ordinal (`2015-202`).
    public init?(iso: String) {
        guard let d = TemporalParser.date(Substring(iso)) else { return nil }
        self = d
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's civil-from-days inverse.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date `days` after 1970-01-01.
    public init(daysSinceEpoch z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Number of days in a month of a year.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// ISO 8601 text, as openCypher's `toString(date)` writes it.
    public var description: String {
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(abs(v)); return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        return (year < 0 ? "-" : year > 9999 ? "+" : "") + pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    public static func < (a: CypherDate, b: CypherDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}
