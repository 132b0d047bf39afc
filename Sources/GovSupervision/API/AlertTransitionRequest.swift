/// The body of `POST /v1/risk/alerts/{id}/ack`, and what every handling step carries: an optional
/// display name (who acted is the caller's key, never the body) and an optional note.
public struct AlertTransitionRequest: Codable, Sendable, Equatable {
    public var by: String?
    public var note: String?

    public init(by: String? = nil, note: String? = nil) { self.by = by; self.note = note }
}
