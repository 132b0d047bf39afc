/// The evidence a policy recommendation weighs, each scaled to about [0, 1].
public enum PolicyFeature: String, CaseIterable, Sendable {
    /// BM25 of the enterprise's industry and business scope against the policy's title, summary and
    /// tags, divided by the best policy's score for the same profile.
    case content
    /// The policy names the enterprise's industry (1) or its section (0.5); 0 when it names none.
    case targeted
    /// Item-based collaborative evidence: the policy's uptake similarity to what the enterprise took up.
    case collaborative
    /// Graph proximity: enterprises of the same industry section and city that took it up (log-scaled).
    case peers
    /// Graph proximity: enterprises of the same industry, province-wide, that took it up (log-scaled).
    case industryPeers
    /// Graph proximity: personalized PageRank from the enterprise over the enterprise–policy (uptake),
    /// enterprise–industry–section and enterprise–county–city–province graph with the policies'
    /// industries and regions, divided by the best policy's.
    case proximity
    /// Distinct enterprises that took it up in the last year (log-scaled by the most popular).
    case popularity
    /// The deadline is within 90 days (1 on the last day).
    case urgency
    /// The policy opened within the last 180 days (1 on the first day).
    case freshness

    /// The groups the evaluation compares.
    public static let contentGroup: [PolicyFeature] = [.content, .targeted]
    public static let collaborativeGroup: [PolicyFeature] = [.collaborative, .peers, .industryPeers, .proximity]
}
