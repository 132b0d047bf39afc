import KGCore

extension WorkOrder {
    /// A new order: accepted (受理) at `receivedAt` with the router's intent and office, its deadline
    /// from the time limits. A sure routing is dispatched at once by the router (a second event);
    /// an unsure one waits in `pending_review` for an agent.
    public static func accept(id: String, text: String, address: String?, channel: String, receivedAt: CypherDateTime,
                              urgency: Urgency, urgencySource: String, intent: String, office: String?, dispatch: Bool,
                              by: String, routing: JSON = .null, calendar: WorkingCalendar, limits: TimeLimits) -> WorkOrder {
        let deadline = limits.limit(urgency: urgency, intent: intent).deadline(from: receivedAt, calendar: calendar)
        let created = WorkOrderEvent(sequence: 1, type: .create, at: receivedAt.description, by: by, from: nil, to: .pendingReview,
                                     office: office, intent: intent, note: nil, satisfaction: nil, deadline: deadline.description, correction: false)
        var order = WorkOrder(id: id, status: .pendingReview, text: text, address: address, channel: channel, receivedAt: receivedAt,
                              urgency: urgency, urgencySource: urgencySource, deadline: deadline, intent: intent, office: office, events: [created],
                              routing: routing)
        if dispatch, let office {
            order.status = .dispatched
            order.events.append(WorkOrderEvent(sequence: 2, type: .dispatch, at: receivedAt.description, by: "router", from: .pendingReview,
                                               to: .dispatched, office: office, intent: intent, note: nil, satisfaction: nil, deadline: nil,
                                               correction: false))
        }
        return order
    }
}
