/// A subscriber to risk alerts: where to POST them, what to send (filters) and when it was made.
/// The signing secret is not part of it: it is shown once, at creation (see `WebhookStore`).
public struct Webhook: Sendable, Codable, Equatable {
    public let id: String
    public let url: String
    /// Alerts of this region (adcode, its sub-regions included) only; nil: all.
    public let region: String?
    /// Alerts of this level only; nil: all.
    public let level: String?
    /// Alerts of this supervision domain only (market, ecology, emergency, housing); nil: all.
    public let domain: String?
    /// The events sent: `alert` (new), `update` (status moved).
    public let events: [String]
    public let createdAt: String
    public let createdBy: String?
    public let removedAt: String?

    public init(id: String, url: String, region: String?, level: String?, domain: String? = nil, events: [String], createdAt: String,
                createdBy: String?, removedAt: String?) {
        self.id = id; self.url = url; self.region = region; self.level = level; self.domain = domain; self.events = events
        self.createdAt = createdAt; self.createdBy = createdBy; self.removedAt = removedAt
    }
}
