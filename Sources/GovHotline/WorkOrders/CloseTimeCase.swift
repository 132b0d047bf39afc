import KGCore

/// One order as the close-time model sees it: times in seconds since the epoch, its time budget in
/// working seconds, and what is known about it at receipt.
public struct CloseTimeCase: Sendable {
    public let code: String
    public let office: String?
    public let intent: String?
    public let received: Int64
    public let closed: Int64?
    /// Working seconds from receipt to the deadline of a normal order of its intent.
    public let budget: Int64
    /// Sent to an office whose department does not handle its intent, returned or reassigned.
    public let rerouted: Bool
    /// Orders its office had open when it came in.
    public let load: Int
    /// Rest days (weekends, holidays) in the seven days after receipt.
    public let restDaysAhead: Int
    /// 0 = Monday … 6 = Sunday, China time.
    public let weekday: Int
    /// Received outside 08:00–18:00 China time.
    public let afterHours: Bool

    /// Working seconds from receipt to closing (nil while open).
    public func workingDuration(_ calendar: WorkingCalendar) -> Int64? {
        closed.map { max(0, calendar.workingSeconds(from: Self.instant(received), to: Self.instant($0))) }
    }

    static func instant(_ seconds: Int64) -> CypherDateTime {
        CypherDateTime(epochSeconds: seconds, nanoseconds: 0, offsetSeconds: WorkingCalendar.offsetSeconds)
    }

    /// The cases of every order with a receipt time: loads from the receipt and closing times of all
    /// orders of the same office.
    public static func cases(_ records: WorkOrderRecords, intentDepartment: [String: String], calendar: WorkingCalendar,
                             limits: TimeLimits) -> [CloseTimeCase] {
        let orders = records.orders.filter { $0.receivedAt != nil }
        var byOffice: [String: [(received: Int64, closed: Int64)]] = [:]
        for o in orders {
            guard let office = o.office else { continue }
            byOffice[office, default: []].append((o.receivedAt!.epochSeconds, o.closedAt?.epochSeconds ?? .max))
        }
        for k in byOffice.keys { byOffice[k]!.sort { $0.received < $1.received } }
        return orders.map { o in
            let received = o.receivedAt!
            let t = received.epochSeconds
            var load = 0
            if let office = o.office, let list = byOffice[office] {
                for other in list {
                    if other.received >= t { break }
                    if other.closed > t { load += 1 }
                }
            }
            let deadline = limits.limit(urgency: .normal, intent: o.intent).deadline(from: received, calendar: calendar)
            let local = t + Int64(WorkingCalendar.offsetSeconds)
            let day = Int((local >= 0 ? local : local - 86_399) / 86_400)
            let rest = (1...7).filter { !calendar.isWorkingDay(daysSinceEpoch: day + $0) }.count
            let hour = Int(((local % 86_400) + 86_400) % 86_400 / 3_600)
            let wrongOffice = o.office.flatMap { records.officeDepartment[$0] }.map { dept in
                o.intent.flatMap { intentDepartment[$0] }.map { $0 != dept } ?? false
            } ?? false
            return CloseTimeCase(code: o.code, office: o.office, intent: o.intent, received: t, closed: o.closedAt?.epochSeconds,
                                 budget: calendar.workingSeconds(from: received, to: deadline),
                                 rerouted: wrongOffice || o.returns > 0 || o.reassignments > 0, load: load, restDaysAhead: rest,
                                 weekday: ((day + 3) % 7 + 7) % 7, afterHours: hour < 8 || hour >= 18)
        }
    }
}
