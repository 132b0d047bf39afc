import Foundation
import GovSupervision
import Hummingbird
import KGAccess
import KGCore
import KGEngine

/// Webhook subscriptions to risk alerts and their deliveries (admin keys):
/// - `POST /v1/webhooks` with `{"url", "region", "level", "domain", "events"}`: 201 with the subscription and its
///   signing secret (shown only now).
/// - `GET /v1/webhooks`: the subscriptions (no secrets).
/// - `DELETE /v1/webhooks/{id}`: removes one; its pending deliveries are cancelled.
/// - `GET /v1/webhooks/deliveries?status=&webhook=&limit=`: deliveries, newest first (`status=dead`: the dead letters).
/// - `POST /v1/webhooks/deliveries/{id}/retry`: sends a dead delivery again.
struct WebhookRoutes {
    let store: WebhookStore
    let limits: ServerConfiguration

    func register(on routes: RouteRegistrar) {
        let store = self.store, limits = self.limits
        routes.post("/v1/webhooks", access: .adminOnly) { request, context -> Response in
            let (body, _) = try await Wire.body(WebhookCreateRequest.self, request, limit: limits.maxRequestBytes,
                                                example: "{\"url\": \"https://alerts.example.gov.cn/govbrain\", \"level\": \"red\"}")
            _ = try RiskAlertQuery.filter(region: body.region, level: body.level, status: nil, since: nil, domain: body.domain)
            let events = body.events ?? ["alert", "update"]
            guard !events.isEmpty, events.allSatisfy(["alert", "update"].contains), Set(events).count == events.count else {
                throw EngineError(code: .badValue, message: "\"events\" lists alert and/or update, each once")
            }
            let allowLoopback = limits.webhookAllowLoopback
            let url = try await BlockingPool.run { try WebhookTarget.check(body.url, allowLoopback: allowLoopback) }
            let by = SupervisionRoutes.actor(context)
            let (hook, secret) = try store.create(url: url.absoluteString, region: body.region, level: body.level, domain: body.domain,
                                                 events: events, by: by)
            var json = try Wire.json(hook)
            if case .object(var members) = json { members.append(("secret", .string(secret))); json = .object(members) }
            return JSONResponse.make(json, context: context, status: .created)
        }
        routes.get("/v1/webhooks", access: .adminOnly) { _, context -> Response in
            JSONResponse.make(.object([("webhooks", try Wire.json(try store.list()))]), context: context)
        }
        routes.delete("/v1/webhooks/:id", access: .adminOnly) { _, context -> Response in
            guard let id = context.parameters.get("id") else { throw HTTPError(.notFound) }
            return JSONResponse.make(try Wire.json(try store.remove(id)), context: context)
        }
        routes.get("/v1/webhooks/deliveries", access: .adminOnly) { request, context -> Response in
            let query = try Wire.query(DeliveryListRequest.self, request, allowed: ["status", "webhook", "limit"])
            if let status = query.status, !WebhookDelivery.statuses.contains(status) {
                throw EngineError(code: .badValue, message: "status must be pending, delivered, dead or cancelled, got \"\(status)\"")
            }
            let limit = try RequestParameters.integer(query.limit, name: "limit", fallback: 100, range: 1...1000, code: .badValue)
            return JSONResponse.make(.object([("deliveries", try Wire.json(try store.deliveries(status: query.status, webhook: query.webhook, limit: limit)))]),
                                     context: context)
        }
        routes.post("/v1/webhooks/deliveries/:id/retry", access: .adminOnly) { _, context -> Response in
            guard let text = context.parameters.get("id"), let id = Int64(text) else {
                throw EngineError(code: .badValue, message: "a delivery id is a number; GET /v1/webhooks/deliveries lists them")
            }
            return JSONResponse.make(try Wire.json(try store.retry(id)), context: context)
        }
    }
}
