/// The answer of `POST /v1/policies/recommend`: the ranked policies with their reasons, who they
/// are for (null for a profile), the day the graph is as of, the model, and the explained policy.
public struct PolicyRecommendation: Encodable, Sendable {
    public var items: [Item]
    public var enterprise: Recipient?
    public var asOf: String
    public var model: String
    public var explain: Explanation?

    /// One recommended policy.
    public struct Item: Encodable, Sendable {
        public var policyId: String
        public var nodeId: Int64
        public var title: String
        public var score: Double
        public var deadline: String?
        public var reasons: [PolicyRecommender.Rule]

        enum CodingKeys: String, CodingKey { case policyId, nodeId, title, score, deadline, reasons }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(policyId, forKey: .policyId); try c.encode(nodeId, forKey: .nodeId); try c.encode(title, forKey: .title)
            try c.encode(score, forKey: .score); try c.encode(deadline, forKey: .deadline); try c.encode(reasons, forKey: .reasons)
        }
    }

    /// Who the recommendation is for: an enterprise of the graph, or a citizen (region only).
    public struct Recipient: Encodable, Sendable {
        public var citizen: Bool?
        public var adcode: String?
        public var nodeId: Int64?
        public var uscc: String?
        public var name: String?
    }

    /// Every rule of one policy against the profile, met or failed.
    public struct Explanation: Encodable, Sendable {
        public var policyId: String
        public var eligible: Bool
        public var rules: [PolicyRecommender.Rule]
    }

    enum CodingKeys: String, CodingKey { case items, enterprise, asOf, model, explain }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(items, forKey: .items)
        try c.encode(enterprise, forKey: .enterprise)
        try c.encode(asOf, forKey: .asOf)
        try c.encode(model, forKey: .model)
        try c.encodeIfPresent(explain, forKey: .explain)
    }
}
