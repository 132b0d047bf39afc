/// A knowledge-base entry with its whole history: the generated version 0 of a built-in entry
/// and the stored versions of an edited or added one, oldest first.
///
/// Agents' search sees `published` (the latest published version); reviewers see `latest`.
public struct KnowledgeEntry: Sendable, Equatable {
    /// `KB-<intent>` or `KB-<intent>-<policy>` for generated entries (and their overrides),
    /// `KE` and six digits for added ones.
    public let id: String
    /// guide, policy (generated, or their overrides) or custom (added).
    public let kind: String
    public let origin: KnowledgeEntryOrigin
    /// The department type that handles the latest version's intent, when known.
    public let department: String?
    /// Every version, oldest first (never empty).
    public let versions: [KnowledgeEntryVersion]

    public init(id: String, kind: String, origin: KnowledgeEntryOrigin, department: String?, versions: [KnowledgeEntryVersion]) {
        precondition(!versions.isEmpty, "a knowledge entry has at least one version")
        self.id = id; self.kind = kind; self.origin = origin; self.department = department; self.versions = versions
    }

    /// The newest version, whatever its status.
    public var latest: KnowledgeEntryVersion { versions[versions.count - 1] }

    /// The newest published version, the one search returns (nil: only drafts).
    public var published: KnowledgeEntryVersion? { versions.last { $0.status == .published } }

    /// The kind of an added entry.
    public static let customKind = "custom"
}
