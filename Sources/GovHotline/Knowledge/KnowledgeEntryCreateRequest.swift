/// The body of `POST /v1/hotline/knowledge/entries`: a new entry (version 1), a draft unless a
/// supervisor or admin publishes it at once.
public struct KnowledgeEntryCreateRequest: Sendable, Codable, Equatable {
    public var intent: String
    public var question: String
    public var answer: String
    /// The owning office's code.
    public var office: String?
    /// Adcodes the answer applies to (absent or empty: everywhere).
    public var regions: [String]?
    public var sources: [String]?
    /// draft (default) or published.
    public var status: KnowledgeEntryStatus?

    public init(intent: String, question: String, answer: String, office: String? = nil, regions: [String]? = nil, sources: [String]? = nil,
                status: KnowledgeEntryStatus? = nil) {
        self.intent = intent; self.question = question; self.answer = answer; self.office = office
        self.regions = regions; self.sources = sources; self.status = status
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case intent, question, answer, office, regions, sources, status }

    public init(from decoder: any Decoder) throws {
        try KnowledgeEntryFields.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        intent = try c.decode(String.self, forKey: .intent)
        question = try c.decode(String.self, forKey: .question)
        answer = try c.decode(String.self, forKey: .answer)
        office = try c.decodeIfPresent(String.self, forKey: .office)
        regions = try c.decodeIfPresent([String].self, forKey: .regions)
        sources = try c.decodeIfPresent([String].self, forKey: .sources)
        // Last: the key probe of the API tests stops at the first member it cannot fill (an enum).
        status = try c.decodeIfPresent(KnowledgeEntryStatus.self, forKey: .status)
    }
}
