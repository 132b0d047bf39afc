import KGAccess

/// Who may call a route.
public enum RouteAccess: Sendable, Equatable {
    /// Anyone, without a key (health, readiness, the OpenAPI document, the dashboard's files).
    case open
    /// Callers whose key has one of these roles.
    case roles(Set<APIRole>)

    /// The roles allowed, sorted (everyone for `open`).
    public var allowedRoles: [APIRole] {
        switch self {
        case .open: return APIRole.allCases
        case .roles(let r): return APIRole.allCases.filter(r.contains)
        }
    }

    public func allows(_ role: APIRole?) -> Bool {
        switch self {
        case .open: return true
        case .roles(let r): return role.map(r.contains) ?? false
        }
    }

    // The policy of GovBrain's routes (issue 10's roles).
    static let anyKey = RouteAccess.roles(Set(APIRole.allCases))
    static let adminOnly = RouteAccess.roles([.admin])
    static let cypher = RouteAccess.roles([.admin, .analyst, .supervisor])
    static let analysis = RouteAccess.roles([.admin, .analyst])
    static let hotlineDesk = RouteAccess.roles([.admin, .hotline])
    static let hotlineStats = RouteAccess.roles([.admin, .hotline, .analyst, .supervisor, .dashboard])
    static let supervision = RouteAccess.roles([.admin, .supervisor])
    /// The alert stream feeds the dashboard's map too; dashboard keys get alerts without the
    /// enterprise, its USCC, the reasons and the notes.
    static let alertStream = RouteAccess.roles([.admin, .supervisor, .dashboard])
    /// Efficacy reports rank offices and regions (no enterprise or person in them): supervisors,
    /// analysts and the dashboard read them.
    static let efficacy = RouteAccess.roles([.admin, .analyst, .supervisor, .dashboard])
    static let policyQA = RouteAccess.roles([.admin, .analyst, .hotline, .supervisor])
    static let policyTargeting = RouteAccess.roles([.admin, .analyst, .supervisor])
}
