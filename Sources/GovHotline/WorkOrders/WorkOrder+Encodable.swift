import KGCore

extension WorkOrder: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, status, text, address, channel, receivedAt, urgency, urgencySource, deadline, intent, office, routing, allowedEvents, events
    }

    /// The order as `POST/GET /v1/hotline/workorders` and `govbrain hotline show` return it (never the
    /// caller's phone number).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(status, forKey: .status); try c.encode(text, forKey: .text)
        try c.encode(address, forKey: .address); try c.encode(channel, forKey: .channel)
        try c.encode(receivedAt.description, forKey: .receivedAt); try c.encode(urgency, forKey: .urgency)
        try c.encode(urgencySource, forKey: .urgencySource); try c.encode(deadline.description, forKey: .deadline)
        try c.encode(intent, forKey: .intent); try c.encode(office, forKey: .office); try c.encode(routing, forKey: .routing)
        try c.encode(allowedEvents, forKey: .allowedEvents); try c.encode(events, forKey: .events)
    }
}
