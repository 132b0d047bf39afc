/// The filters and page of `GET /v1/hotline/knowledge/entries?intent=&office=&status=&limit=&offset=`
/// (query parameters, as text; the service checks them). Filters apply to each entry's latest version.
public struct KnowledgeEntryListRequest: Codable, Sendable, Equatable {
    public var intent: String?
    public var office: String?
    public var status: String?
    public var limit: String?
    public var offset: String?

    public init(intent: String? = nil, office: String? = nil, status: String? = nil, limit: String? = nil, offset: String? = nil) {
        self.intent = intent; self.office = office; self.status = status; self.limit = limit; self.offset = offset
    }
}
