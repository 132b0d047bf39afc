/// The query of `GET /v1/risk/alerts/stream?region=&level=` (text as the client sent it; the
/// service checks it).
public struct AlertStreamRequest: Codable, Sendable, Equatable {
    public var region: String?
    public var level: String?

    public init(region: String? = nil, level: String? = nil) { self.region = region; self.level = level }
}
