/// The query of `GET /v1/risk/alerts/feedback?region=` (text as the client sent it; the service checks it).
public struct AlertFeedbackRequest: Codable, Sendable, Equatable {
    public var region: String?

    public init(region: String? = nil) { self.region = region }
}
