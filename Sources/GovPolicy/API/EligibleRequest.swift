/// The query of `GET /v1/policies/{id}/eligible?region=&limit=&offset=` (text as sent; the
/// service checks it).
public struct EligibleRequest: Codable, Sendable, Equatable {
    public var region: String?
    public var limit: String?
    public var offset: String?

    public init(region: String? = nil, limit: String? = nil, offset: String? = nil) { self.region = region; self.limit = limit; self.offset = offset }
}

/// A push list: the enterprises eligible for a policy that have not applied, ranked by fit.
public struct EligibleEnterprises: Codable, Sendable {
    public var policyId: String
    public var title: String
    public var total: Int
    public var limit: Int
    public var offset: Int
    public var enterprises: [Entry]

    public struct Entry: Codable, Sendable {
        public var nodeId: Int64
        public var uscc: String
        public var name: String
        public var adcode: String
        public var fit: Double
    }
}
