import KGCore

/// One step in a work order's history, as stored and as the API returns it.
public struct WorkOrderEvent: Sendable, Equatable, Codable {
    /// 1 for the creation, then one more per event.
    public let sequence: Int
    public let type: WorkOrderEventType
    /// When it happened (ISO 8601).
    public let at: String
    /// Who did it: an agent, an office, the router (`router`) or a supervisor.
    public let by: String
    /// The status before (nil for the creation) and after.
    public let from: WorkOrderStatus?
    public let to: WorkOrderStatus
    /// The office the order is with after the event, when the event set it.
    public let office: String?
    /// The intent after the event, when the event set it.
    public let intent: String?
    public let note: String?
    public let satisfaction: Satisfaction?
    /// The deadline after the event, when the event set or moved it.
    public let deadline: String?
    /// True when an agent changed the router's intent or office: a labelled example for training.
    public let correction: Bool
}

extension WorkOrderEvent {
    enum CodingKeys: String, CodingKey {
        case sequence, type, at, by, from, to, office, intent, note, satisfaction, deadline, correction
    }

    /// Every key on every event, absent values as null, so clients read one shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sequence, forKey: .sequence); try c.encode(type, forKey: .type); try c.encode(at, forKey: .at)
        try c.encode(by, forKey: .by); try c.encode(from, forKey: .from); try c.encode(to, forKey: .to)
        try c.encode(office, forKey: .office); try c.encode(intent, forKey: .intent); try c.encode(note, forKey: .note)
        try c.encode(satisfaction, forKey: .satisfaction); try c.encode(deadline, forKey: .deadline)
        try c.encode(correction, forKey: .correction)
    }
}
