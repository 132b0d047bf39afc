import KGCore

/// Closing-time curves of the past work orders in the graph, by office, by intent and overall (time
/// from receipt to closing in working time; orders still open are censored at the newest receipt).
public struct CloseTimeHistory: Sendable {
    public let byOffice: [String: CloseTimeCurve]
    public let byIntent: [String: CloseTimeCurve]
    public let all: CloseTimeCurve
    /// Observations a curve needs before it is used instead of a broader one.
    public static let minimumObservations = 30

    public init(cases: CaseDirectory, calendar: WorkingCalendar) {
        let newest = cases.all.compactMap(\.createdAt).max()
        var office: [String: [(seconds: Int64, closed: Bool)]] = [:], intent: [String: [(seconds: Int64, closed: Bool)]] = [:]
        var all: [(seconds: Int64, closed: Bool)] = []
        for c in cases.all {
            guard let created = c.createdAt else { continue }
            let d: (seconds: Int64, closed: Bool)
            if let closed = c.closedAt { d = (max(0, calendar.workingSeconds(from: created, to: closed)), true) }
            else if let newest { d = (max(0, calendar.workingSeconds(from: created, to: newest)), false) }
            else { continue }
            all.append(d)
            if let o = c.office?.code { office[o, default: []].append(d) }
            if let i = c.intent { intent[i, default: []].append(d) }
        }
        byOffice = office.mapValues { CloseTimeCurve(durations: $0) }
        byIntent = intent.mapValues { CloseTimeCurve(durations: $0) }
        self.all = CloseTimeCurve(durations: all)
    }

    /// The narrowest curve with enough history: the office's, else the intent's, else all orders'.
    public func curve(office: String?, intent: String) -> (curve: CloseTimeCurve, basis: String) {
        if let office, let c = byOffice[office], c.observations >= Self.minimumObservations { return (c, "office") }
        if let c = byIntent[intent], c.observations >= Self.minimumObservations { return (c, "intent") }
        return (all, "all")
    }
}
