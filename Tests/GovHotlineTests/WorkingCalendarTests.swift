import Foundation
import Testing
import GovBrainTestSupport
import KGCore
import KGEngine
@testable import GovHotline

/// Deadlines on China's working calendar: the State Council's holidays and worked weekends.
@Suite struct WorkingCalendarTests {
    static let reference = SmallTextEncoder.repositoryRoot.appendingPathComponent("Datasets/reference")
    static let calendar = try! WorkingCalendar.load(file: reference.appendingPathComponent("cn_workdays.csv").path)

    func at(_ text: String) -> CypherDateTime { CypherDateTime(iso: text)! }

    @Test func aNormalOrderBeforeNationalDayIsDueOnTheWorkedSaturday() throws {
        let limits = try TimeLimits.load(file: Self.reference.appendingPathComponent("hotline_time_limits.csv").path)
        let due = limits.limit(urgency: .normal, intent: "any").deadline(from: at("2024-09-30T10:00+08:00"), calendar: Self.calendar)
        #expect(due.description == "2024-10-12T10:00+08:00")
    }

    @Test func aNormalOrderBeforeSpringFestivalSkipsTheHolidayAndTheSunday() {
        // 2025: 28 January to 4 February off, 26 January and 8 February worked; 9 February is a Sunday.
        let due = TimeLimit("5wd")!.deadline(from: at("2025-01-27T09:00+08:00"), calendar: Self.calendar)
        #expect(due.description == "2025-02-10T09:00+08:00")
    }

    @Test func urgentAndPriorityLimitsRunOnCalendarTime() {
        let received = at("2024-10-01T23:30+08:00")
        #expect(TimeLimits.defaults.limit(urgency: .urgent, intent: nil).deadline(from: received, calendar: Self.calendar).description == "2024-10-02T01:30+08:00")
        #expect(TimeLimits.defaults.limit(urgency: .priority, intent: nil).deadline(from: received, calendar: Self.calendar).description == "2024-10-02T23:30+08:00")
    }

    @Test func anOrderReceivedOnARestDayStartsAtTheNextWorkingMidnight() {
        // Received on the holiday, in UTC: counting starts 2024-10-08T00:00+08:00.
        let due = TimeLimit("1wd")!.deadline(from: at("2024-10-03T02:00Z"), calendar: Self.calendar)
        #expect(due.description == "2024-10-09T00:00+08:00")
        #expect(Self.calendar.workingSeconds(from: at("2024-10-03T02:00Z"), to: due) == 86_400)
        #expect(Self.calendar.workingSeconds(from: due, to: at("2024-10-03T02:00Z")) == -86_400)
    }

    @Test func agreesWithTheCalendarPackageOn400RandomReceipts() throws {
        // Computed by Tools/fixtures/make_deadline_fixtures.py from chinesecalendar's is_workday.
        let file = SmallTextEncoder.repositoryRoot.appendingPathComponent("Tests/GovHotlineTests/Fixtures/working_deadlines.csv").path
        let table = try CSVTable.read(path: file)
        #expect(table.rows.count == 400)
        for row in table.rows {
            let received = at(row["received"]!), days = Int64(row["working_days"]!)!
            let due = Self.calendar.adding(workingSeconds: days * 86_400, to: received)
            #expect(due == at(row["deadline"]!), "received \(row["received"]!), \(days) working days")
            #expect(Self.calendar.workingSeconds(from: received, to: due) == days * 86_400)
        }
    }

    @Test func theFileCoversTheNoticesOf2021To2026() {
        #expect(Self.calendar.years == 2021...2026)
        #expect(Self.calendar.isWorkingDay(CypherDate(year: 2024, month: 10, day: 12)!))
        #expect(!Self.calendar.isWorkingDay(CypherDate(year: 2024, month: 10, day: 7)!))
        #expect(!Self.calendar.isWorkingDay(CypherDate(year: 2024, month: 10, day: 13)!))
        #expect(!Self.calendar.covers(CypherDate(year: 2027, month: 1, day: 4)!))
        #expect(WorkingCalendar.weekdaysOnly.isWorkingDay(CypherDate(year: 2024, month: 10, day: 7)!))
    }

    @Test func limitsParseAndIntentRowsWinOverTheStarRow() throws {
        #expect(TimeLimit("2h")?.seconds == 7_200 && TimeLimit("2h")?.clock == .calendar)
        #expect(TimeLimit("5wd")?.clock == .working && TimeLimit("3d")?.seconds == 259_200)
        for bad in ["", "h", "0h", "-2h", "2", "2x", "1.5h", "99999d"] { #expect(TimeLimit(bad) == nil, "\(bad)") }
        let limits = TimeLimits(rows: [(.normal, "*", TimeLimit("4wd")!), (.normal, "urban_noise", TimeLimit("2wd")!)])
        #expect(limits.limit(urgency: .normal, intent: "urban_noise").description == "2wd")
        #expect(limits.limit(urgency: .normal, intent: "other").description == "4wd")
        #expect(limits.limit(urgency: .urgent, intent: "urban_noise").description == "2h")
    }

    @Test func badFilesNameTheLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("calendar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let calendar = dir.appendingPathComponent("c.csv"), limits = dir.appendingPathComponent("l.csv")
        try "date,kind\n2024-10-01,holiday\n2024-13-01,holiday\n".write(to: calendar, atomically: true, encoding: .utf8)
        #expect { try WorkingCalendar.load(file: calendar.path) } throws: { "\($0)".contains("line 3") }
        try "date,kind\n2024-10-01,vacation\n".write(to: calendar, atomically: true, encoding: .utf8)
        #expect { try WorkingCalendar.load(file: calendar.path) } throws: { "\($0)".contains("line 2") && "\($0)".contains("holiday or workday") }
        try "urgency,intent,limit\nnormal,*,5wd\nsoon,*,1h\n".write(to: limits, atomically: true, encoding: .utf8)
        #expect { try TimeLimits.load(file: limits.path) } throws: { "\($0)".contains("line 3") }
        try "urgency,intent,limit\nnormal,*,five days\n".write(to: limits, atomically: true, encoding: .utf8)
        #expect { try TimeLimits.load(file: limits.path) } throws: { "\($0)".contains("line 2") && "\($0)".contains("<n>wd") }
    }
}
