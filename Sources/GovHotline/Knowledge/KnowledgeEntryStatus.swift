/// The review state of one version of a knowledge-base entry: an agent's or office's `draft`
/// waits for review; a supervisor's `published` version is the one agents find by search.
public enum KnowledgeEntryStatus: String, Sendable, Codable, CaseIterable {
    case draft
    case published
}
