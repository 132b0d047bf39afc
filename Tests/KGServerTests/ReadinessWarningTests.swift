import Foundation
import Testing
import KGCore
import GovHotline
@testable import KGServer

/// Readiness warns a month before the working calendar runs out, and not before.
@Suite struct ReadinessWarningTests {
    @Test func theCalendarsLastMonthIsAWarning() throws {
        let calendar = WorkingCalendar(exceptions: [CypherDate(year: 2025, month: 1, day: 1)!: false, CypherDate(year: 2026, month: 10, day: 1)!: false])
        let early = ISO8601DateFormatter().date(from: "2026-11-01T00:00:00Z")!, late = ISO8601DateFormatter().date(from: "2026-12-06T00:00:00Z")!
        #expect(HealthRoutes.warnings(calendar: calendar, now: early).isEmpty)
        let warnings = HealthRoutes.warnings(calendar: calendar, now: late)
        #expect(warnings.count == 1 && warnings[0].contains("2025–2026") && warnings[0].contains("from 2027"))
        #expect(HealthRoutes.warnings(calendar: .weekdaysOnly, now: early).count == 1)
    }
}
