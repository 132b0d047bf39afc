import KGCore
import KGEngine

/// `CALL kg.model.recommendPolicies(node, k)`: the eligible policies for an enterprise, ranked,
/// with their reasons in Chinese.
enum PolicyProcedures {
    /// Registers the procedure, holding `policies` weakly (see `SupervisionProcedures`).
    static func register(into registry: ProcedureRegistry, policies: PolicyService) {
        weak let weakService = policies
        registry.register(ProcedureSignature(
            name: "kg.model.recommendPolicies", inputs: [.init(name: "node", type: "ANY"), .init(name: "k", type: "INTEGER")],
            outputs: [.init(name: "policy", type: "NODE"), .init(name: "score", type: "FLOAT"), .init(name: "reasons", type: "LIST<STRING>")],
            description: "the eligible policies for an enterprise, ranked, with the reasons (rules met, peers, matching passage) in Chinese")) { c in
            let id: Int64
            switch c.arguments[0] {
            case .node(let n), .int(let n): id = n
            default:
                throw CypherError(type: .argument, code: .invalidArgumentValue, phase: .runtime,
                                  message: "kg.model.recommendPolicies: the argument must be an Enterprise node or its id, not \(c.arguments[0].typeName)")
            }
            guard case .int(let k) = c.arguments[1], (1...100).contains(k) else {
                throw CypherError(type: .argument, code: .invalidArgumentValue, phase: .runtime, message: "kg.model.recommendPolicies: k must be an integer from 1 to 100")
            }
            guard let policies = weakService else {
                throw CypherError(type: .procedure, code: .procedureNotFound, phase: .runtime,
                                  message: "kg.model.recommendPolicies is not available: the policy service of this graph has stopped")
            }
            let answer = try policies.recommend(PolicyRecommendRequest(enterpriseId: id, k: k))
            return answer.items.map { [.node($0.nodeId), .double($0.score), .list($0.reasons.map { .string($0.zh) })] }
        }
    }
}
