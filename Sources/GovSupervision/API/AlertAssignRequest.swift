/// The body of `POST /v1/risk/alerts/{id}/assign`: the office the inspection goes to (its code,
/// required), with the display name and note every step carries.
public struct AlertAssignRequest: Codable, Sendable, Equatable {
    public var office: String?
    public var by: String?
    public var note: String?

    public init(office: String? = nil, by: String? = nil, note: String? = nil) { self.office = office; self.by = by; self.note = note }

    /// The display name and note.
    public var step: AlertTransitionRequest { AlertTransitionRequest(by: by, note: note) }
}
