/// The filters and page of `GET /v1/risk/alerts?region=&level=&status=&since=&domain=&limit=&offset=`
/// (query parameters, so every field is text as the client sent it; the service checks them).
public struct AlertListRequest: Codable, Sendable, Equatable {
    public var region: String?
    public var level: String?
    public var status: String?
    public var since: String?
    public var limit: String?
    public var offset: String?
    /// `market`, `ecology`, `emergency` or `housing`.
    public var domain: String?

    public init(region: String? = nil, level: String? = nil, status: String? = nil, since: String? = nil, limit: String? = nil, offset: String? = nil,
                domain: String? = nil) {
        self.region = region; self.level = level; self.status = status; self.since = since; self.limit = limit; self.offset = offset
        self.domain = domain
    }
}

/// One page of alerts, newest first.
public struct AlertPage: Encodable, Sendable {
    public var total: Int
    public var limit: Int
    public var offset: Int
    public var alerts: [RiskAlertBook.Alert]
}
