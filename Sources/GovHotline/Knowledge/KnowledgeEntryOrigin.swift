/// Where an entry of the knowledge base comes from.
public enum KnowledgeEntryOrigin: String, Sendable, Codable {
    /// Generated from the graph (a guide per intent, attached policies), never edited.
    case generated
    /// A generated entry with stored versions that override it once one is published.
    case edited
    /// Added by an agent or an office (id `KE` and six digits).
    case added
}
