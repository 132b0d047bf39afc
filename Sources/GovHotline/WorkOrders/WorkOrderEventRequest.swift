/// `POST /v1/hotline/workorders/{id}/events` and `govbrain hotline event`: one step of the loop.
public struct WorkOrderEventRequest: Sendable, Codable, Equatable {
    public var type: WorkOrderEventType
    /// dispatch, reassign: the office the order goes to.
    public var office: String?
    /// dispatch, reassign: the corrected intent.
    public var intent: String?
    /// Who acts (an agent's or office's name or id).
    public var by: String
    public var note: String?
    /// visit: the caller's verdict.
    public var satisfaction: Satisfaction?
    /// extend: the new deadline (ISO 8601).
    public var until: String?
    /// When it happened (ISO 8601); now when absent.
    public var at: String?

    public init(type: WorkOrderEventType, by: String, office: String? = nil, intent: String? = nil, note: String? = nil,
                satisfaction: Satisfaction? = nil, until: String? = nil, at: String? = nil) {
        self.type = type; self.by = by; self.office = office; self.intent = intent; self.note = note
        self.satisfaction = satisfaction; self.until = until; self.at = at
    }
}
