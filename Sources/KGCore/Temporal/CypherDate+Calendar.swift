/// The ISO week, ordinal and quarter views of a date, and dates built from them.
extension CypherDate {
    /// ISO day of the week: Monday 1 … Sunday 7.
    public var dayOfWeek: Int { ((daysSinceEpoch % 7) + 10) % 7 + 1 }

    /// Day of the year, 1-based.
    public var ordinalDay: Int { daysSinceEpoch - CypherDate.firstOfYear(year) + 1 }

    /// Quarter of the year (1–4).
    public var quarter: Int { (month - 1) / 3 + 1 }

    /// Day of the quarter, 1-based.
    public var dayOfQuarter: Int {
        daysSinceEpoch - CypherDate(year: year, month: (quarter - 1) * 3 + 1, day: 1)!.daysSinceEpoch + 1
    }

    /// The year of the ISO week this date falls in (may differ from `year` near New Year).
    public var weekYear: Int { CypherDate(daysSinceEpoch: daysSinceEpoch - dayOfWeek + 4).year }

    /// The ISO week of `weekYear` (1–53): week 1 is the one holding the year's first Thursday.
    public var week: Int { (CypherDate(daysSinceEpoch: daysSinceEpoch - dayOfWeek + 4).ordinalDay - 1) / 7 + 1 }

    /// Creates the date of an ISO week date.
    /// - Returns: nil when the week does not exist in that year or the day is not 1–7.
    public init?(weekYear: Int, week: Int, dayOfWeek: Int) {
        guard week >= 1, week <= CypherDate.weeksIn(weekYear), (1...7).contains(dayOfWeek) else { return nil }
        self.init(daysSinceEpoch: CypherDate.mondayOfWeekOne(weekYear) + (week - 1) * 7 + dayOfWeek - 1)
    }

    /// Creates the date of an ordinal date (`2015-202`).
    /// - Returns: nil when the day is not in the year.
    public init?(year: Int, ordinalDay: Int) {
        let length = CypherDate.daysInMonth(year: year, month: 2) == 29 ? 366 : 365
        guard (1...length).contains(ordinalDay) else { return nil }
        self.init(daysSinceEpoch: CypherDate.firstOfYear(year) + ordinalDay - 1)
    }

    /// Creates the date of a quarter date (`{year: 2015, quarter: 3, dayOfQuarter: 21}`).
    /// - Returns: nil when the quarter is not 1–4 or the day not in it.
    public init?(year: Int, quarter: Int, dayOfQuarter: Int) {
        guard (1...4).contains(quarter), dayOfQuarter >= 1 else { return nil }
        let first = CypherDate(year: year, month: (quarter - 1) * 3 + 1, day: 1)!.daysSinceEpoch
        let next = quarter == 4 ? CypherDate.firstOfYear(year + 1) : CypherDate(year: year, month: quarter * 3 + 1, day: 1)!.daysSinceEpoch
        guard dayOfQuarter <= next - first else { return nil }
        self.init(daysSinceEpoch: first + dayOfQuarter - 1)
    }

    /// Epoch day of January 1st of `year`.
    static func firstOfYear(_ year: Int) -> Int { CypherDate(year: year, month: 1, day: 1)!.daysSinceEpoch }

    /// Epoch day of the Monday that starts ISO week 1 of `weekYear`.
    static func mondayOfWeekOne(_ weekYear: Int) -> Int {
        let jan4 = CypherDate(year: weekYear, month: 1, day: 4)!
        return jan4.daysSinceEpoch - jan4.dayOfWeek + 1
    }

    /// 52 or 53: the number of ISO weeks in a week year.
    static func weeksIn(_ weekYear: Int) -> Int { (mondayOfWeekOne(weekYear + 1) - mondayOfWeekOne(weekYear)) / 7 }
}
