/// One API key as stored: never the key itself, only its id, name, role and dates.
public struct APIKeyRecord: Sendable, Equatable {
    /// The public part of the key (`gbk_<id>_…`), used to find it.
    public let id: String
    /// What the key is for (a person's role or a system's name, chosen by the admin).
    public let name: String
    public let role: APIRole
    /// ISO 8601, UTC.
    public let createdAt: String
    /// ISO 8601, UTC; nil while the key is valid.
    public let revokedAt: String?

    public var isRevoked: Bool { revokedAt != nil }
}
