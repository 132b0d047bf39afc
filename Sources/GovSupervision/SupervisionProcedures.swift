import KGCore
import KGEngine

/// `CALL kg.model.credit(node)` and `CALL kg.model.risk(node)`: the promoted graph credit and
/// risk models for one enterprise (a node or a node id), as of the latest records. `reasons` are
/// factor names (as before); `reasonTexts` the same reasons as the Chinese sentences of `ReasonText`.
enum SupervisionProcedures {
    /// Registers the procedures, holding `service` weakly (the graph's registry must not keep the
    /// service, which holds the graph, alive).
    static func register(into registry: ProcedureRegistry, service: SupervisionService) {
        weak let weakService = service
        func current(_ name: String) throws -> SupervisionService {
            guard let service = weakService else {
                throw CypherError(type: .procedure, code: .procedureNotFound, phase: .runtime, message: "\(name) is not available: the supervision service of this graph has stopped")
            }
            return service
        }
        registry.register(ProcedureSignature(
            name: "kg.model.credit", inputs: [.init(name: "node", type: "ANY")],
            outputs: [.init(name: "probability", type: "FLOAT"), .init(name: "points", type: "INTEGER"), .init(name: "grade", type: "STRING"),
                      .init(name: "reasons", type: "LIST<STRING>"), .init(name: "modelVersion", type: "STRING"), .init(name: "reasonTexts", type: "LIST<STRING>")],
            description: "the enterprise credit model's probability of a serious adverse credit event, points, grade A–D, reasons (factor names) and their sentences in Chinese")) { c in
            let r = try current("kg.model.credit").creditScore(try enterprise(c.arguments[0], procedure: "kg.model.credit"))
            return [[.double(r.probability), .int(Int64(r.points)), .string(r.grade), .list(r.reasons.map { .string($0.factor) }), .string(r.modelVersion),
                     .list(r.reasons.map { .string($0.text ?? $0.description) })]]
        }
        registry.register(ProcedureSignature(
            name: "kg.model.risk", inputs: [.init(name: "node", type: "ANY")],
            outputs: [.init(name: "score", type: "FLOAT"), .init(name: "level", type: "STRING"), .init(name: "previousScore", type: "FLOAT"),
                      .init(name: "reasons", type: "LIST<STRING>"), .init(name: "modelVersion", type: "STRING"), .init(name: "reasonTexts", type: "LIST<STRING>")],
            description: "the enterprise risk model's score (0–100) for the next half-year, level, the previous half-year's score, the top factors and their sentences in Chinese")) { c in
            let r = try current("kg.model.risk").riskScore(try enterprise(c.arguments[0], procedure: "kg.model.risk"))
            return [[.double(r.score), .string(r.level), .double(r.previousScore ?? .nan), .list(r.reasons.map { .string($0.factor) }), .string(r.modelVersion),
                     .list(r.reasons.map { .string($0.text ?? $0.description) })]]
        }
    }

    /// The enterprise a procedure argument names: an Enterprise node or its id.
    static func enterprise(_ v: Value, procedure: String) throws -> EnterpriseScoreRequest {
        switch v {
        case .node(let id), .int(let id): return EnterpriseScoreRequest(enterpriseId: id)
        default: throw CypherError(type: .argument, code: .invalidArgumentValue, phase: .runtime,
                                   message: "\(procedure): the argument must be an Enterprise node or its id, not \(v.typeName)")
        }
    }
}
