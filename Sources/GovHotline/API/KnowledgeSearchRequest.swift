/// The body of `POST /v1/hotline/knowledge/search`: a question, how many entries (default 5) and
/// optionally an intent id to search within.
public struct KnowledgeSearchRequest: Codable, Sendable, Equatable {
    public var text: String
    public var k: Int64?
    public var intent: String?

    public init(text: String, k: Int64? = nil, intent: String? = nil) { self.text = text; self.k = k; self.intent = intent }
}

/// The knowledge-base entries that answer a question, best first.
public struct KnowledgeSearchResponse: Encodable, Sendable {
    public var results: [HotlineKnowledgeBase.Hit]
    public var k: Int
}
