import KGEngine

extension WorkOrder {
    /// The order as the roles that may not see callers' personal data read it (analysts, dashboards):
    /// the address hidden (the region stays in the routing), personal numbers in the text masked
    /// (mobile, ID and landline numbers, any run of 11 or more digits). Notes are masked when they are stored.
    public func masked() -> WorkOrder {
        WorkOrder(id: id, status: status, text: TextRedactor.redactStrictly(text), address: address.map { _ in "***" }, channel: channel,
                  receivedAt: receivedAt, urgency: urgency, urgencySource: urgencySource, deadline: deadline, intent: intent,
                  office: office, events: events, routing: routing)
    }
}
