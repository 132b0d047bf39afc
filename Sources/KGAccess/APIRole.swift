import KGCore
/// The roles an API key can have. What each may call is the server's route policy; the store
/// only records the role.
public enum APIRole: String, Sendable, CaseIterable, Codable {
    /// Everything, including writes and unmasked personal data.
    case admin
    /// Read-only Cypher, algorithms, similarity, statistics, policies.
    case analyst
    /// Hotline routing, knowledge search, hotline statistics.
    case hotline
    /// Risk, credit, alerts, inspection sampling, read-only Cypher.
    case supervisor
    /// Aggregate statistics only.
    case dashboard

    /// Parses a role name, with an error that lists the valid ones.
    public static func parse(_ text: String) throws -> APIRole {
        guard let role = APIRole(rawValue: text.lowercased()) else {
            throw AccessError(code: .invalidAccessRequest,
                             message: "unknown role \"\(text)\"; use one of \(APIRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return role
    }
}
