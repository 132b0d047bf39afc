import KGCore
import KGCypher

/// `CALL kg.model.credit(node)` and `CALL kg.model.risk(node)`: the promoted graph credit and
/// risk models for one enterprise (a node or a node id), as of the latest records.
enum SupervisionProcedures {
    static func register(into registry: ProcedureRegistry, service: SupervisionService, policies: PolicyService) {
        func enterprise(_ v: Value, _ name: String) throws -> JSON {
            switch v {
            case .node(let id), .int(let id): return .object([("enterpriseId", .int(id))])
            default: throw CypherError(type: .argument, code: "InvalidArgumentValue", phase: .runtime,
                                       message: "\(name): the argument must be an Enterprise node or its id, not \(v.typeName)")
            }
        }
        func strings(_ j: JSON?, key: String) -> Value {
            guard case .array(let items)? = j else { return .list([]) }
            return .list(items.compactMap { $0[key]?.stringValue.map { .string($0) } })
        }
        registry.register(ProcedureSignature(
            name: "kg.model.credit", inputs: [.init(name: "node", type: "ANY")],
            outputs: [.init(name: "probability", type: "FLOAT"), .init(name: "points", type: "INTEGER"), .init(name: "grade", type: "STRING"),
                      .init(name: "reasons", type: "LIST<STRING>"), .init(name: "modelVersion", type: "STRING")],
            description: "the enterprise credit model's probability of a serious adverse credit event, points, grade A–D and reasons")) { c in
            let r = try service.creditScore(try enterprise(c.arguments[0], "kg.model.credit"))
            return [[.double(r["probability"]?.doubleValue ?? .nan), .int(Int64(r["points"]?.doubleValue ?? 0)), .string(r["grade"]?.stringValue ?? ""),
                     strings(r["reasons"], key: "factor"), .string(r["modelVersion"]?.stringValue ?? "")]]
        }
        registry.register(ProcedureSignature(
            name: "kg.model.risk", inputs: [.init(name: "node", type: "ANY")],
            outputs: [.init(name: "score", type: "FLOAT"), .init(name: "level", type: "STRING"), .init(name: "previousScore", type: "FLOAT"),
                      .init(name: "reasons", type: "LIST<STRING>"), .init(name: "modelVersion", type: "STRING")],
            description: "the enterprise risk model's score (0–100) for the next half-year, level, the previous half-year's score and the top factors")) { c in
            let r = try service.riskScore(try enterprise(c.arguments[0], "kg.model.risk"))
            return [[.double(r["score"]?.doubleValue ?? .nan), .string(r["level"]?.stringValue ?? ""), .double(r["previousScore"]?.doubleValue ?? .nan),
                     strings(r["reasons"], key: "factor"), .string(r["modelVersion"]?.stringValue ?? "")]]
        }
        registry.register(ProcedureSignature(
            name: "kg.model.recommendPolicies", inputs: [.init(name: "node", type: "ANY"), .init(name: "k", type: "INTEGER")],
            outputs: [.init(name: "policy", type: "NODE"), .init(name: "score", type: "FLOAT"), .init(name: "reasons", type: "LIST<STRING>")],
            description: "the eligible policies for an enterprise, ranked, with the reasons (rules met, peers, matching passage) in Chinese")) { c in
            var request = try enterprise(c.arguments[0], "kg.model.recommendPolicies")
            guard case .int(let k) = c.arguments[1], (1...100).contains(k) else {
                throw CypherError(type: .argument, code: "InvalidArgumentValue", phase: .runtime, message: "kg.model.recommendPolicies: k must be an integer from 1 to 100")
            }
            if case .object(var m) = request { m.append(("k", .int(k))); request = .object(m) }
            let doc = try policies.recommend(request: request)
            return (doc["items"]?.arrayValue ?? []).compactMap { item -> [Value]? in
                guard let id = item["nodeId"]?.doubleValue else { return nil }
                return [.node(Int64(id)), .double(item["score"]?.doubleValue ?? 0), strings(item["reasons"], key: "zh")]
            }
        }
    }
}
