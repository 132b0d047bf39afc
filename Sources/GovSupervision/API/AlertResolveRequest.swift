/// The body of `POST /v1/risk/alerts/{id}/resolve`: what the handling found (`confirmed`,
/// `false_alarm` or `no_action`), with the display name and note every step carries.
public struct AlertResolveRequest: Codable, Sendable, Equatable {
    public var outcome: String?
    public var by: String?
    public var note: String?

    public init(outcome: String? = nil, by: String? = nil, note: String? = nil) { self.outcome = outcome; self.by = by; self.note = note }

    /// The display name and note.
    public var step: AlertTransitionRequest { AlertTransitionRequest(by: by, note: note) }
}
