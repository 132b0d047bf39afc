/// The body of `POST /v1/webhooks`: where to send alerts and which ones.
struct WebhookCreateRequest: Codable, Sendable, Equatable {
    /// http(s) URL the events are POSTed to.
    var url: String
    /// Only alerts of this region (6-digit adcode, sub-regions included).
    var region: String?
    /// Only alerts of this level (red, orange, yellow).
    var level: String?
    /// Only alerts of this supervision domain (market, ecology, emergency, housing).
    var domain: String?
    /// `alert` (new alerts) and/or `update` (status changes); default both.
    var events: [String]?
}
