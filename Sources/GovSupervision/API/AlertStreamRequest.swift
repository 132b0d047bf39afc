/// The query of `GET /v1/risk/alerts/stream?region=&level=&domain=` (text as the client sent it; the
/// service checks it).
public struct AlertStreamRequest: Codable, Sendable, Equatable {
    public var region: String?
    public var level: String?
    /// `market`, `ecology`, `emergency` or `housing`.
    public var domain: String?

    public init(region: String? = nil, level: String? = nil, domain: String? = nil) { self.region = region; self.level = level; self.domain = domain }
}
