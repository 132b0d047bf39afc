import KGCore

/// China's working calendar: Monday to Friday are working days, except the public holidays and with
/// the adjusted working weekends of the State Council's annual notices (`Datasets/reference/cn_workdays.csv`,
/// written by `Tools/fixtures/make_cn_workdays.py`). Days are local days in China Standard Time (UTC+08:00,
/// no daylight saving), where the hotline's offices work.
///
/// Working time is time that falls on working days: five working days from Monday 2024-09-30 10:00
/// end on Saturday 2024-10-12 10:00, since 1–7 October are the National Day holiday and 12 October
/// was worked. Outside the years the file covers the weekday rule alone applies (`covers(_:)` tells).
public struct WorkingCalendar: Sendable {
    /// China Standard Time, the offset deadlines are shown in.
    public static let offsetSeconds: Int32 = 8 * 3600
    static let day: Int64 = 86_400

    /// Days that differ from the weekday rule (days since 1970-01-01): true for a worked weekend day,
    /// false for a holiday.
    private let exceptions: [Int: Bool]
    /// The calendar years the exceptions come from.
    public let years: ClosedRange<Int>?

    /// A calendar from its exceptions (a worked weekend day: true; a holiday: false).
    public init(exceptions: [CypherDate: Bool]) {
        var byDay: [Int: Bool] = [:]
        for (date, working) in exceptions { byDay[date.daysSinceEpoch] = working }
        self.exceptions = byDay
        let years = exceptions.keys.map(\.year)
        self.years = years.min().flatMap { low in years.max().map { low...$0 } }
    }

    /// The weekday rule alone (no holidays known).
    public static let weekdaysOnly = WorkingCalendar(exceptions: [:])

    /// Whether the file's years include `date`'s year.
    public func covers(_ date: CypherDate) -> Bool { years?.contains(date.year) ?? false }

    /// Whether `date` is a working day.
    public func isWorkingDay(_ date: CypherDate) -> Bool { isWorkingDay(daysSinceEpoch: date.daysSinceEpoch) }

    func isWorkingDay(daysSinceEpoch day: Int) -> Bool {
        if let exception = exceptions[day] { return exception }
        // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
        let weekday = ((day + 3) % 7 + 7) % 7
        return weekday < 5
    }

    /// The instant `seconds` of working time after `start` (shown at +08:00). Time on rest days does
    /// not count; a start on a rest day begins counting at the next working day's midnight.
    public func adding(workingSeconds seconds: Int64, to start: CypherDateTime) -> CypherDateTime {
        let offset = Int64(Self.offsetSeconds)
        let local = start.epochSeconds + offset
        var day = Int(local.floorDiv(Self.day))
        var into = local - Int64(day) * Self.day
        var remaining = max(0, seconds)
        // A working day exists at least every few weeks; 10,000 days is far beyond any limit.
        for _ in 0..<10_000 {
            if isWorkingDay(daysSinceEpoch: day) {
                let available = Self.day - into
                if remaining <= available {
                    return CypherDateTime(epochSeconds: Int64(day) * Self.day + into + remaining - offset,
                                          nanoseconds: remaining == 0 ? start.nanoseconds : 0, offsetSeconds: Self.offsetSeconds)
                }
                remaining -= available
            }
            day += 1
            into = 0
        }
        return CypherDateTime(epochSeconds: Int64(day) * Self.day - offset, offsetSeconds: Self.offsetSeconds)
    }

    /// Working time between two instants in seconds (negative when `end` is before `start`).
    public func workingSeconds(from start: CypherDateTime, to end: CypherDateTime) -> Int64 {
        if end < start { return -workingSeconds(from: end, to: start) }
        let offset = Int64(Self.offsetSeconds)
        let a = start.epochSeconds + offset, b = end.epochSeconds + offset
        let firstDay = Int(a.floorDiv(Self.day)), lastDay = Int(b.floorDiv(Self.day))
        if firstDay == lastDay { return isWorkingDay(daysSinceEpoch: firstDay) ? b - a : 0 }
        var total: Int64 = 0
        if isWorkingDay(daysSinceEpoch: firstDay) { total += Int64(firstDay + 1) * Self.day - a }
        for day in (firstDay + 1)..<lastDay where isWorkingDay(daysSinceEpoch: day) { total += Self.day }
        if isWorkingDay(daysSinceEpoch: lastDay) { total += b - Int64(lastDay) * Self.day }
        return total
    }
}

extension Int64 {
    /// Division rounding toward negative infinity.
    func floorDiv(_ d: Int64) -> Int64 {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}
