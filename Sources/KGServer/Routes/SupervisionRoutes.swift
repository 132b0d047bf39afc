import Foundation
import Hummingbird
import KGAccess
import KGCore
import GovPolicy
import GovSupervision
import KGEngine
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Market-supervision routes:
/// - `POST /v1/credit/score` with `{"enterpriseId"}`, `{"uscc"}` or `{"features": {…}}`: probability, points, grade, reasons.
/// - `POST /v1/risk/score` likewise: score 0–100, level, previous score, reasons (with the path to a risky related party).
/// - `GET /v1/risk/alerts?region=&level=&status=&since=&domain=&limit=&offset=`: alerts, newest first, paged.
/// - `GET /v1/risk/alerts/stream?region=&level=&domain=`: Server-Sent Events, `alert` for a new alert and `update` for a status change.
/// - `GET /v1/risk/alerts/feedback?region=&domain=`: per domain and model version, the alerts' handling and outcomes (反馈评估).
///   Alerts come from the four supervision domains (market, ecology, emergency, housing); an unknown domain is a 400.
/// - `POST /v1/risk/alerts/{id}/ack`, `/assign` (`{"office"}`) and `/resolve` (`{"outcome"}`), each with `{"by", "note"}`.
/// - `POST /v1/risk/inspections/sample` with `{"region", "n", "seed", "floor", "by"}`: a recorded risk-weighted draw.
/// - `GET /v1/supervision/efficacy?period=&level=&domain=&region=`: the case-mix-adjusted efficacy report (效能评估).
/// - `POST /v1/policies/search` with `{"text", "k", "mode"}`: the policy passages that answer a question.
/// - `POST /v1/policies/recommend` with `{"enterpriseId"}`, `{"uscc"}` or `{"profile"}` and `k`: eligible policies, ranked, with reasons.
/// - `GET /v1/policies/{id}/eligible?region=&limit=&offset=`: eligible enterprises that have not applied, by fit.
struct SupervisionRoutes {
    let supervision: SupervisionService
    let policies: PolicyService
    let limits: ServerConfiguration
    /// The alert watcher behind the SSE stream (shared with the webhook dispatcher).
    let hub: AlertStreamHub

    func register(on routes: RouteRegistrar) {
        let service = supervision, policies = self.policies
        let maxBytes = limits.maxRequestBytes
        let invalid = ErrorCode.invalidSupervisionRequest
        routes.post("/v1/credit/score", access: .supervision) { request, context -> Response in
            let (body, _) = try await Wire.body(EnterpriseScoreRequest.self, request, limit: maxBytes, example: "{\"uscc\": \"…\"}", code: invalid)
            return JSONResponse.make(try Wire.json(try await BlockingPool.run { try service.creditScore(body) }), context: context)
        }
        routes.post("/v1/risk/score", access: .supervision) { request, context -> Response in
            let (body, _) = try await Wire.body(EnterpriseScoreRequest.self, request, limit: maxBytes, example: "{\"uscc\": \"…\"}", code: invalid)
            return JSONResponse.make(try Wire.json(try await BlockingPool.run { try service.riskScore(body) }), context: context)
        }
        routes.get("/v1/risk/alerts", access: .supervision) { request, context -> Response in
            let query = try Wire.query(AlertListRequest.self, request, allowed: ["region", "level", "status", "since", "limit", "offset", "domain"], code: invalid)
            return JSONResponse.make(try Wire.json(try await BlockingPool.run { try service.alerts(query) }), context: context)
        }
        let hub = self.hub
        routes.get("/v1/risk/alerts/stream", access: .alertStream) { request, context -> Response in
            let query = try Wire.query(AlertStreamRequest.self, request, allowed: ["region", "level", "domain"], code: invalid)
            let filter = try RiskAlertQuery.filter(region: query.region, level: query.level, status: nil, since: nil, domain: query.domain)
            // A stream never ends by itself: only a client that says it reads one gets it (EventSource does).
            guard request.headers[.accept]?.lowercased().contains("text/event-stream") == true else {
                throw EngineError(code: .notAcceptable, message: "this route is a Server-Sent Events stream that stays open: send 'Accept: text/event-stream' (EventSource does; curl -N -H 'Accept: text/event-stream'); GET /v1/risk/alerts lists the alerts once")
            }
            guard let (id, events) = await hub.subscribe(.init(region: filter.region, level: filter.level, domain: filter.domain)) else {
                throw RequestRefusal(code: .overloaded, message: "\(AlertStreamHub.maxStreams) alert streams are open; close one or retry later", retryAfterSeconds: 30)
            }
            let full = context.principal?.role != .dashboard
            return Response(status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"],
                            body: ResponseBody { writer in
                                do {
                                    try await writer.write(ByteBuffer(string: "retry: 3000\n: connected; events: alert (new), update (status moved)\n\n"))
                                    // A stopping server closes the stream (its events end), so shutdown never waits on it.
                                    try await withGracefulShutdownHandler {
                                        for await event in events { try await writer.write(ByteBuffer(string: AlertStreamFrame.text(event, full: full))) }
                                    } onGracefulShutdown: {
                                        Task { await hub.unsubscribe(id) }
                                    }
                                } catch {
                                    // The client went away or the server is stopping: the stream ends either way.
                                }
                                await hub.unsubscribe(id)
                                try await writer.finish(nil)
                            })
        }
        routes.get("/v1/risk/alerts/feedback", access: .supervision) { request, context -> Response in
            let query = try Wire.query(AlertFeedbackRequest.self, request, allowed: ["region", "domain"], code: invalid)
            return JSONResponse.make(try Wire.json(try await BlockingPool.run { try service.feedback(region: query.region, domain: query.domain) }), context: context)
        }
        routes.post("/v1/risk/alerts/:id/ack", access: .supervision) { request, context -> Response in
            guard let id = context.parameters.get("id") else { throw HTTPError(.notFound) }
            let (body, _) = try await Wire.body(AlertTransitionRequest.self, request, limit: maxBytes, example: "{\"by\": \"who\", \"note\": \"…\"}", code: invalid)
            let actor = Self.actor(context)
            return JSONResponse.make(try Wire.json(try await BlockingPool.run {
                try service.transition(code: id, action: .acknowledge, request: body, actor: actor)
            }), context: context)
        }
        routes.post("/v1/risk/alerts/:id/assign", access: .supervision) { request, context -> Response in
            guard let id = context.parameters.get("id") else { throw HTTPError(.notFound) }
            let (body, _) = try await Wire.body(AlertAssignRequest.self, request, limit: maxBytes, example: "{\"office\": \"OFFICE-CODE\", \"note\": \"…\"}", code: invalid)
            let actor = Self.actor(context)
            let action = try SupervisionService.assignment(office: body.office)
            return JSONResponse.make(try Wire.json(try await BlockingPool.run {
                try service.transition(code: id, action: action, request: body.step, actor: actor)
            }), context: context)
        }
        routes.post("/v1/risk/alerts/:id/resolve", access: .supervision) { request, context -> Response in
            guard let id = context.parameters.get("id") else { throw HTTPError(.notFound) }
            let (body, _) = try await Wire.body(AlertResolveRequest.self, request, limit: maxBytes,
                                                example: "{\"outcome\": \"confirmed\", \"note\": \"…\"}", code: invalid)
            let actor = Self.actor(context)
            return JSONResponse.make(try Wire.json(try await BlockingPool.run {
                try service.transition(code: id, action: .resolve(outcome: body.outcome), request: body.step, actor: actor)
            }), context: context)
        }
        routes.get("/v1/supervision/efficacy", access: .efficacy, expensive: true) { request, context -> Response in
            let query = try Wire.query(EfficacyReportRequest.self, request, allowed: ["period", "level", "domain", "region"], code: invalid)
            return JSONResponse.make(try Wire.json(try await BlockingPool.run { try service.efficacy(query) }), context: context)
        }
        routes.post("/v1/policies/search", access: .policyQA) { request, context -> Response in
            let (body, _) = try await Wire.body(PolicySearchRequest.self, request, limit: maxBytes,
                                                example: "{\"text\": \"小微企业房租减免怎么申请\", \"k\": 5}")
            return JSONResponse.make(try Wire.json(try await BlockingPool.run { try policies.search(body) }), context: context)
        }
        routes.post("/v1/policies/recommend", access: .policyTargeting, expensive: true) { request, context -> Response in
            let (body, _) = try await Wire.body(PolicyRecommendRequest.self, request, limit: maxBytes, example: "{\"uscc\": \"…\", \"k\": 10}")
            return JSONResponse.make(try Wire.json(try await BlockingPool.run { try policies.recommend(body) }), context: context)
        }
        routes.get("/v1/policies/:id/eligible", access: .policyTargeting, expensive: true) { request, context -> Response in
            guard let id = context.parameters.get("id") else { throw HTTPError(.notFound) }
            let query = try Wire.query(EligibleRequest.self, request, allowed: ["region", "limit", "offset"])
            return JSONResponse.make(try Wire.json(try await BlockingPool.run { try policies.eligible(code: id, request: query) }), context: context)
        }
        routes.post("/v1/risk/inspections/sample", access: .supervision, expensive: true) { request, context -> Response in
            let (body, _) = try await Wire.body(InspectionSampleRequest.self, request, limit: maxBytes,
                                                example: "{\"region\": \"450102\", \"n\": 10, \"seed\": 7}", code: invalid)
            let actor = Self.actor(context)
            return JSONResponse.make(try Wire.json(try await BlockingPool.run { try service.sample(body, actor: actor) }), context: context)
        }
    }

    /// Who is acting, from the caller's key: `key <id> (<name>)`.
    static func actor(_ context: GovBrainRequestContext) -> String {
        guard let p = context.principal else { return "anonymous" }
        return "key \(p.keyID) (\(p.name))"
    }
}
