/// `GET /v1/hotline/quality?since=&kind=misroute|unresolved&limit=&offset=` (query parameters, as text;
/// the service checks them).
public struct QualityRequest: Codable, Sendable, Equatable {
    /// Orders received at or after this time (ISO 8601 date or date-time).
    public var since: String?
    /// `misroute` or `unresolved`; both when absent.
    public var kind: String?
    public var limit: String?
    public var offset: String?

    public init(since: String? = nil, kind: String? = nil, limit: String? = nil, offset: String? = nil) {
        self.since = since; self.kind = kind; self.limit = limit; self.offset = offset
    }
}
