import KGCore
import GovSupervision
import KGEngine

/// What policy recommendation reads from a graph once: the enterprises and their dated records,
/// the policy catalog with its rules and uptake, the enterprises' business scopes and the
/// industry names (the profile text is the industry's name and the business scope).
public struct PolicyRecommendationContext: Sendable {
    public let records: EnterpriseRecords
    public let catalog: PolicyCatalog
    public let scope: [Int64: String]
    public let industryName: [String: String]

    public init(graph: KnowledgeGraph) throws {
        records = try EnterpriseRecords(graph: graph)
        catalog = try PolicyCatalog(graph: graph)
        var scope: [Int64: String] = [:], industryName: [String: String] = [:]
        try graph.forEachNode(label: "Enterprise") { id, p in if case .string(let s)? = p["businessScope"] { scope[id] = s } }
        try graph.forEachNode(label: "Industry") { _, p in
            if case .string(let c)? = p["code"], case .string(let n)? = p["name"] { industryName[c] = n }
        }
        self.scope = scope
        self.industryName = industryName
    }

    /// The text of an enterprise's profile: its industry's name and its business scope.
    public static func profileText(industry: String, scope: String, names: [String: String]) -> String {
        (names[industry] ?? "") + "。" + scope
    }
}
