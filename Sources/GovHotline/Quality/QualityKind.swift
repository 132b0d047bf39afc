/// What quality inspection (智能质检) flags an order for.
public enum QualityKind: String, Sendable, Codable, CaseIterable {
    /// Sent to the wrong office or filed under the wrong intent.
    case misroute
    /// Closed without the caller's problem being solved.
    case unresolved
}
