/// A subscriber to risk alerts: where to POST them, what to send (filters) and when it was made.
/// The signing secret is not part of it: it is shown once, at creation (see `WebhookStore`).
public struct Webhook: Sendable, Codable, Equatable {
    public let id: String
    public let url: String
    /// Alerts of this region (adcode, its sub-regions included) only; nil: all.
    public let region: String?
    /// Alerts of this level only; nil: all.
    public let level: String?
    /// The events sent: `alert` (new), `update` (status moved).
    public let events: [String]
    public let createdAt: String
    public let createdBy: String?
    public let removedAt: String?
}
