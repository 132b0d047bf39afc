/// Which enterprise a score is for.
public struct EnterpriseSummary: Codable, Sendable, Equatable {
    public var nodeId: Int64
    public var uscc: String
    public var name: String
    public var adcode: String
}

/// A factor that moved a score, with its description in words.
public struct ScoreFactor: Codable, Sendable, Equatable {
    public var factor: String
    public var description: String
}
