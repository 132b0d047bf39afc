import KGCore

/// A hotline work order followed from acceptance to closure: where it is, with whom, by when.
///
/// The order changes only through `apply(_:now:supervisor:calendar:limits:)`, which checks the
/// state machine (`WorkOrderEventType.allowedFrom`) and the loop's rules and records one event.
public struct WorkOrder: Sendable {
    public let id: String
    public internal(set) var status: WorkOrderStatus
    public let text: String
    public let address: String?
    public let channel: String
    public let receivedAt: CypherDateTime
    public internal(set) var urgency: Urgency
    /// `model` (learned from the text) or `agent` (an agent's override).
    public internal(set) var urgencySource: String
    public internal(set) var deadline: CypherDateTime
    /// The intent and office the order is with now.
    public internal(set) var intent: String
    public internal(set) var office: String?
    public internal(set) var events: [WorkOrderEvent]
    /// The routing at acceptance, as `govbrain route` shows it (null when there was none).
    public let routing: JSON

    /// Longest note, name or office id accepted.
    static let maxFieldLength = 2_000
    /// Seconds an event's `at` may be ahead of the server's clock.
    static let clockSkew: Int64 = 60
    /// Seconds an event may be recorded after it happened.
    static let maxBackdating: Int64 = 86_400
    /// Longest extension of a deadline in one event (seconds).
    static let maxExtension: Int64 = 90 * 86_400
    /// Events an order may hold: a loop that never ends is refused past this.
    static let maxEvents = 500

    /// The region of the place the routing found (nil when it found none).
    public var adcode: String? { if case .string(let a)? = routing["adcode"] { return a } else { return nil } }

    /// The events the order's status allows next.
    public var allowedEvents: [WorkOrderEventType] { WorkOrderEventType.allowed(in: status) }

    /// Applies one event: checks it, moves the order and returns the recorded event.
    /// `supervisor` is whether the caller may escalate and extend an overdue order.
    @discardableResult
    public mutating func apply(_ request: WorkOrderEventRequest, now: CypherDateTime, supervisor: Bool,
                               calendar: WorkingCalendar, limits: TimeLimits) throws -> WorkOrderEvent {
        let type = request.type
        guard events.count < Self.maxEvents else {
            throw WorkOrderError(code: .conflict, message: "order \(id) has \(events.count) events, the most one order may hold; open a new order")
        }
        if type == .create { throw WorkOrderError.invalid("\"create\" is not an event: create an order with POST /v1/hotline/workorders") }
        guard type.allowedFrom.contains(status) else {
            let allowed = allowedEvents.map(\.rawValue)
            throw WorkOrderError(code: .conflict, message: "order \(id) is \(status.rawValue): \(type.rawValue) is not allowed; "
                                 + (allowed.isEmpty ? "no event is" : "allowed: \(allowed.joined(separator: ", "))"))
        }
        let by = request.by.trimmingWhitespace
        guard !by.isEmpty, by.count <= 200 else { throw WorkOrderError.invalid("\"by\" must name who acts (1 to 200 characters)") }
        if let note = request.note, note.count > Self.maxFieldLength {
            throw WorkOrderError.invalid("\"note\" is longer than \(Self.maxFieldLength) characters")
        }
        let at = try Self.time(request.at, field: "at") ?? now
        if let last = events.last, let lastAt = CypherDateTime(iso: last.at), at < lastAt {
            throw WorkOrderError.invalid("\"at\" \(at) is before the order's last event (\(last.at)); events are recorded in order")
        }
        // An event may be recorded up to a day after it happened (an agent writing up a call), never
        // ahead of the clock: a future time would block the order's next events.
        if at.epochSeconds > now.epochSeconds + Self.clockSkew {
            throw WorkOrderError.invalid("\"at\" \(at) is in the future; omit it to record the event now")
        }
        if at.epochSeconds < now.epochSeconds - Self.maxBackdating {
            throw WorkOrderError.invalid("\"at\" \(at) is more than a day ago; events are recorded within a day of happening")
        }
        if type != .dispatch && type != .reassign && (request.office != nil || request.intent != nil) {
            throw WorkOrderError.invalid("\"office\" and \"intent\" go with dispatch and reassign, not \(type.rawValue)")
        }
        if type != .visit && request.satisfaction != nil { throw WorkOrderError.invalid("\"satisfaction\" goes with visit") }
        if type != .extend && request.until != nil { throw WorkOrderError.invalid("\"until\" goes with extend") }

        var newOffice: String?, newIntent: String?, newDeadline: CypherDateTime?, correction = false
        switch type {
        case .dispatch, .reassign:
            let office = request.office ?? self.office
            let intent = request.intent ?? self.intent
            guard let office else { throw WorkOrderError.invalid("\(type.rawValue) needs an \"office\": the router found none for this order") }
            if type == .reassign && office == self.office && intent == self.intent {
                throw WorkOrderError.invalid("reassign needs another \"office\" or \"intent\" than the order has (\(self.office ?? "none"), \(self.intent))")
            }
            correction = office != self.office || intent != self.intent
            newOffice = office
            newIntent = intent
        case .visit:
            guard request.satisfaction != nil else {
                throw WorkOrderError.invalid("visit needs \"satisfaction\": satisfied, basically_satisfied or dissatisfied")
            }
        case .extend:
            guard let until = try Self.time(request.until, field: "until") else {
                throw WorkOrderError.invalid("extend needs \"until\", the new deadline (ISO 8601)")
            }
            guard until > deadline, until > now else {
                throw WorkOrderError.invalid("\"until\" \(until) is not after the current deadline \(deadline) and now")
            }
            guard until.epochSeconds <= deadline.epochSeconds + Self.maxExtension else {
                throw WorkOrderError.invalid("\"until\" \(until) extends the deadline by more than 90 days")
            }
            // Overdue is judged by the server's clock, not by the time the request claims.
            if now > deadline && !supervisor {
                throw WorkOrderError(code: .conflict, message: "order \(id) passed its deadline \(deadline): only a supervisor can extend an overdue order")
            }
            newDeadline = until
        case .supervise:
            guard supervisor else { throw WorkOrderError(code: .forbidden, message: "only supervisors escalate orders (督办)") }
        case .reopen:
            newDeadline = limits.limit(urgency: urgency, intent: intent).deadline(from: at, calendar: calendar)
        case .create, .sign, .return, .reply, .close:
            break
        }
        let from = status
        status = type.next(from: status)
        if let newOffice { office = newOffice }
        if let newIntent { intent = newIntent }
        if let newDeadline { deadline = newDeadline }
        let event = WorkOrderEvent(sequence: events.count + 1, type: type, at: at.description, by: by, from: from, to: status,
                                   office: newOffice, intent: newIntent, note: request.note, satisfaction: request.satisfaction,
                                   deadline: newDeadline?.description, correction: correction)
        events.append(event)
        return event
    }

    /// An optional ISO 8601 time field; a present but malformed one is an error naming the field.
    static func time(_ text: String?, field: String) throws -> CypherDateTime? {
        guard let text else { return nil }
        guard let t = CypherDateTime(iso: text) else {
            throw WorkOrderError.invalid("\"\(field)\" \"\(text.prefix(40))\" is not an ISO 8601 time such as 2024-09-30T10:00:00+08:00")
        }
        return t
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
