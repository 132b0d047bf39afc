/// The query of `GET /v1/hotline/stats?from=&to=&region=&intent=`: ISO dates or date-times (`to`
/// exclusive, a date meaning its end), a region (adcode or name, with everything under it) and an
/// intent id; text as sent, the service checks it.
public struct HotlineStatisticsRequest: Codable, Sendable, Equatable {
    public var from: String?
    public var to: String?
    public var region: String?
    public var intent: String?

    public init(from: String? = nil, to: String? = nil, region: String? = nil, intent: String? = nil) {
        self.from = from; self.to = to; self.region = region; self.intent = intent
    }
}

/// The query of `GET /v1/hotline/hotspots?window=24h[&at=ISO date-time]`.
public struct HotspotsRequest: Codable, Sendable, Equatable {
    public var window: String?
    public var at: String?

    public init(window: String? = nil, at: String? = nil) { self.window = window; self.at = at }
}
