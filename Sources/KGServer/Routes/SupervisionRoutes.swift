import Foundation
import Hummingbird
import KGCore
import KGEngine
import NIOCore
import NIOPosix

/// Market-supervision routes:
/// - `POST /v1/credit/score` with `{"enterpriseId"}`, `{"uscc"}` or `{"features": {…}}`: probability, points, grade, reasons.
/// - `POST /v1/risk/score` likewise: score 0–100, level, previous score, reasons (with the path to a risky related party).
/// - `GET /v1/risk/alerts?region=&level=&status=&since=&limit=&offset=`: alerts, newest first, paged.
/// - `POST /v1/risk/alerts/{id}/ack` and `/resolve` with `{"by", "note"}`.
/// - `POST /v1/risk/inspections/sample` with `{"region", "n", "seed", "floor", "by"}`: a recorded risk-weighted draw.
/// - `POST /v1/policies/search` with `{"text", "k", "mode"}`: the policy passages that answer a question.
/// - `POST /v1/policies/recommend` with `{"enterpriseId"}`, `{"uscc"}` or `{"profile"}` and `k`: eligible policies, ranked, with reasons.
/// - `GET /v1/policies/{id}/eligible?region=&limit=&offset=`: eligible enterprises that have not applied, by fit.
struct SupervisionRoutes {
    let supervision: SupervisionService
    let limits: ServerConfiguration

    func register(on routes: RouteRegistrar) {
        let service = supervision
        let maxBytes = limits.maxRequestBytes
        routes.post("/v1/credit/score", access: .supervision) { request, context -> Response in
            let json = try await RequestBody.object(request, limit: maxBytes, example: "{\"uscc\": \"…\"}")
            return JSONResponse.make(try await BlockingPool.run { try service.creditScore(json) }, context: context)
        }
        routes.post("/v1/risk/score", access: .supervision) { request, context -> Response in
            let json = try await RequestBody.object(request, limit: maxBytes, example: "{\"uscc\": \"…\"}")
            return JSONResponse.make(try await BlockingPool.run { try service.riskScore(json) }, context: context)
        }
        routes.get("/v1/risk/alerts", access: .supervision) { request, context -> Response in
            let parameters = HotlineRoutes.parameters(request, allowed: ["region", "level", "status", "since", "limit", "offset"])
            return JSONResponse.make(try await BlockingPool.run { try service.alerts(parameters: try parameters.get()) }, context: context)
        }
        for (action, resolve) in [("ack", false), ("resolve", true)] {
            routes.post("/v1/risk/alerts/:id/\(action)", access: .supervision) { request, context -> Response in
                guard let id = context.parameters.get("id") else { throw HTTPError(.notFound) }
                let json = try await RequestBody.object(request, limit: maxBytes, example: "{\"by\": \"who\", \"note\": \"…\"}")
                let actor = Self.actor(context)
                return JSONResponse.make(try await BlockingPool.run { try service.transition(code: id, resolve: resolve, body: json, actor: actor) }, context: context)
            }
        }
        let policies = supervision.graph.policies!
        routes.post("/v1/policies/search", access: .policyQA) { request, context -> Response in
            let json = try await RequestBody.object(request, limit: maxBytes, example: "{\"text\": \"小微企业房租减免怎么申请\", \"k\": 5}")
            return JSONResponse.make(try await BlockingPool.run { try policies.search(request: json) }, context: context)
        }
        routes.post("/v1/policies/recommend", access: .policyTargeting, expensive: true) { request, context -> Response in
            let json = try await RequestBody.object(request, limit: maxBytes, example: "{\"uscc\": \"…\", \"k\": 10}")
            return JSONResponse.make(try await BlockingPool.run { try policies.recommend(request: json) }, context: context)
        }
        routes.get("/v1/policies/:id/eligible", access: .policyTargeting, expensive: true) { request, context -> Response in
            guard let id = context.parameters.get("id") else { throw HTTPError(.notFound) }
            let parameters = HotlineRoutes.parameters(request, allowed: ["region", "limit", "offset"])
            return JSONResponse.make(try await BlockingPool.run { try policies.eligible(code: id, parameters: try parameters.get()) }, context: context)
        }
        routes.post("/v1/risk/inspections/sample", access: .supervision, expensive: true) { request, context -> Response in
            let json = try await RequestBody.object(request, limit: maxBytes, example: "{\"region\": \"450102\", \"n\": 10, \"seed\": 7}")
            let actor = Self.actor(context)
            return JSONResponse.make(try await BlockingPool.run { try service.sample(json, actor: actor) }, context: context)
        }
    }

    /// Who is acting, from the caller's key: `key <id> (<name>)`.
    static func actor(_ context: GovBrainRequestContext) -> String {
        guard let p = context.principal else { return "anonymous" }
        return "key \(p.keyID) (\(p.name))"
    }
}
