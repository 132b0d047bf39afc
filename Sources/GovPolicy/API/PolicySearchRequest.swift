/// The body of `POST /v1/policies/search`: a question, how many passages (default 5) and the
/// retrieval mode (`hybrid` by default, `bm25` or `dense`).
public struct PolicySearchRequest: Codable, Sendable, Equatable {
    public var text: String
    public var k: Int64?
    public var mode: String?

    public init(text: String, k: Int64? = nil, mode: String? = nil) { self.text = text; self.k = k; self.mode = mode }
}

/// The passages that answer a question, best first, and the mode that actually ran (`bm25` when
/// hybrid was asked for on a database without a text encoder).
public struct PolicySearchResponse: Encodable, Sendable {
    public var results: [PolicySearch.Hit]
    public var k: Int
    public var mode: String
}
