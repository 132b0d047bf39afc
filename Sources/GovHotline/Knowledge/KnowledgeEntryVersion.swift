/// One version of a knowledge-base entry, as written and never changed afterwards: what the
/// entry said, its review status, who wrote it (the caller's API key) and when (ISO 8601).
///
/// Version 0 is the entry the knowledge base generates from the graph (author `system`); stored
/// versions count from 1.
public struct KnowledgeEntryVersion: Sendable, Codable, Equatable {
    public var version: Int
    public var status: KnowledgeEntryStatus
    /// An intent id of the taxonomy (`water_outage`).
    public var intent: String
    /// The office that owns the entry (an `Office` code), if any.
    public var office: String?
    public var question: String
    public var answer: String
    /// Adcodes the answer applies to (empty: everywhere).
    public var regions: [String]
    /// What the answer cites (policy codes, document numbers).
    public var sources: [String]
    /// Who wrote the version: `key <id> (<name>)`, or `system` for a generated one.
    public var author: String
    /// When the version was written (ISO 8601 at +08:00); empty for a generated one.
    public var at: String

    public init(version: Int, status: KnowledgeEntryStatus, intent: String, office: String? = nil, question: String, answer: String,
                regions: [String] = [], sources: [String] = [], author: String, at: String) {
        self.version = version; self.status = status; self.intent = intent; self.office = office
        self.question = question; self.answer = answer; self.regions = regions; self.sources = sources
        self.author = author; self.at = at
    }

    /// The author of generated entries.
    public static let system = "system"
}
