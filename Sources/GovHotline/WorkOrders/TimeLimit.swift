import Foundation
import KGCore

/// A handling time limit: calendar hours or days (`2h`, `1d`), or working days (`5wd`, counted on
/// the `WorkingCalendar`).
public struct TimeLimit: Sendable, Equatable, CustomStringConvertible {
    public enum Clock: Sendable, Equatable { case calendar, working }

    public let seconds: Int64
    public let clock: Clock
    /// The limit as written (`2h`, `5wd`).
    public let description: String

    /// Parses `<n>h`, `<n>d` or `<n>wd` with a positive whole `n`.
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let (digits, unit, clock): (Substring, Int64, Clock)
        if t.hasSuffix("wd") { (digits, unit, clock) = (t.dropLast(2), 86_400, .working) }
        else if t.hasSuffix("h") { (digits, unit, clock) = (t.dropLast(), 3_600, .calendar) }
        else if t.hasSuffix("d") { (digits, unit, clock) = (t.dropLast(), 86_400, .calendar) }
        else { return nil }
        guard let n = Int64(digits), n > 0, n <= 3_650 else { return nil }
        seconds = n * unit
        self.clock = clock
        description = t
    }

    /// The deadline of an order received at `received`.
    public func deadline(from received: CypherDateTime, calendar: WorkingCalendar) -> CypherDateTime {
        switch clock {
        case .calendar:
            return CypherDateTime(epochSeconds: received.epochSeconds + seconds, nanoseconds: received.nanoseconds,
                                  offsetSeconds: WorkingCalendar.offsetSeconds)
        case .working:
            return calendar.adding(workingSeconds: seconds, to: received)
        }
    }
}
