/// The query of `GET /v1/risk/alerts/feedback?region=&domain=` (text as the client sent it; the service checks it).
public struct AlertFeedbackRequest: Codable, Sendable, Equatable {
    public var region: String?
    /// `market`, `ecology`, `emergency` or `housing`.
    public var domain: String?

    public init(region: String? = nil, domain: String? = nil) { self.region = region; self.domain = domain }
}
