/// The filters and page of `GET /v1/hotline/workorders?status=&office=&region=&intent=&since=&limit=&offset=`
/// (query parameters, so every field is text as the client sent it; the service checks them).
public struct WorkOrderListRequest: Codable, Sendable, Equatable {
    public var status: String?
    public var office: String?
    public var region: String?
    public var intent: String?
    public var since: String?
    public var limit: String?
    public var offset: String?

    public init(status: String? = nil, office: String? = nil, region: String? = nil, intent: String? = nil, since: String? = nil,
                limit: String? = nil, offset: String? = nil) {
        self.status = status; self.office = office; self.region = region; self.intent = intent; self.since = since
        self.limit = limit; self.offset = offset
    }
}

/// One page of work orders, newest first.
public struct WorkOrderPage: Encodable, Sendable {
    public var total: Int
    public var limit: Int
    public var offset: Int
    public var orders: [WorkOrder]
}
