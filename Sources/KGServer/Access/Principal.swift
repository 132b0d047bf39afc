import KGAccess

/// Who is calling: the API key's id, name and role (never the key).
public struct Principal: Sendable, Equatable {
    public let keyID: String
    public let name: String
    public let role: APIRole

    /// Whether this caller sees personal data in clear and may write.
    public var isAdmin: Bool { role == .admin }
}
