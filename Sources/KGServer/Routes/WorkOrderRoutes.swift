import Hummingbird
import KGCore
import GovHotline
import HTTPTypes
import KGAccess
import KGEngine

/// The hotline's closed loop (接诉即办):
/// - `POST /v1/hotline/workorders` `{"text", "address"?, "channel"?, "callerPhone"?, "receivedAt"?, "urgency"?}` → 201, the order.
/// - `GET /v1/hotline/workorders/{id}` → the order; `GET /v1/hotline/workorders?status=&office=&region=&intent=&since=&limit=&offset=` → a page.
/// - `POST /v1/hotline/workorders/{id}/events` `{"type", "office"?, "intent"?, "by", "note"?, "satisfaction"?, "until"?, "at"?}`
///   → the updated order; a transition the state machine does not allow → 409 naming the allowed ones. An
///   `Idempotency-Key` header makes a repeated submission return the order without applying it twice.
///
/// - `GET /v1/hotline/overdue?region=&office=&within=PT24H&limit=&offset=` → open orders past their deadline or due
///   within the window, soonest first, each with the probability of closing late and why.
/// - `GET /v1/hotline/quality?since=&kind=misroute|unresolved&limit=&offset=` → quality-inspection flags with their evidence.
///
/// Hotline keys create and move orders, supervisors move and escalate them, dashboard and analyst keys read
/// (with the address hidden and personal numbers in the text masked).
struct WorkOrderRoutes {
    let orders: WorkOrderService
    let limits: ServerConfiguration

    static let create = RouteAccess.roles([.admin, .hotline])
    static let move = RouteAccess.roles([.admin, .hotline, .supervisor])
    static let read = RouteAccess.roles([.admin, .hotline, .supervisor, .analyst, .dashboard])
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!

    /// Whether the caller's role sees orders whole (the hotline, supervisors, admins); analysts and
    /// dashboards read them with the address hidden and personal numbers in the text masked.
    static func seesPersonalData(_ context: GovBrainRequestContext) -> Bool {
        guard let role = context.principal?.role else { return false }
        return role == .admin || role == .hotline || role == .supervisor
    }

    func register(on routes: RouteRegistrar) {
        let orders = self.orders, maxBytes = limits.maxRequestBytes, invalid = ErrorCode.invalidWorkOrderRequest
        routes.post("/v1/hotline/workorders", access: Self.create) { request, context -> Response in
            let (body, _) = try await Wire.body(WorkOrderCreateRequest.self, request, limit: maxBytes,
                                                example: "{\"text\": \"…\", \"address\": \"…\", \"channel\": \"phone\"}", code: invalid)
            let actor = SupervisionRoutes.actor(context)
            let order = try await BlockingPool.run { try orders.create(body, by: actor) }
            return JSONResponse.make(try Wire.json(order), context: context, status: .created)
        }
        routes.get("/v1/hotline/workorders", access: Self.read, expensive: true) { request, context -> Response in
            let query = try Wire.query(WorkOrderListRequest.self, request,
                                       allowed: ["status", "office", "region", "intent", "since", "limit", "offset"], code: invalid)
            var page = try await BlockingPool.run { try orders.list(query) }
            if !Self.seesPersonalData(context) { page.orders = page.orders.map { $0.masked() } }
            return JSONResponse.make(try Wire.json(page), context: context)
        }
        routes.get("/v1/hotline/overdue", access: Self.read, expensive: true) { request, context -> Response in
            let query = try Wire.query(OverdueRequest.self, request, allowed: ["region", "office", "within", "limit", "offset"], code: invalid)
            return JSONResponse.make(try Wire.json(try await BlockingPool.run { try orders.overdue(query) }), context: context)
        }
        routes.get("/v1/hotline/quality", access: Self.read, expensive: true) { request, context -> Response in
            let query = try Wire.query(QualityRequest.self, request, allowed: ["since", "kind", "limit", "offset"], code: invalid)
            return JSONResponse.make(try Wire.json(try await BlockingPool.run { try orders.quality(query) }), context: context)
        }
        routes.get("/v1/hotline/workorders/:id", access: Self.read) { _, context -> Response in
            guard let id = context.parameters.get("id") else { throw HTTPError(.notFound) }
            let order = try await BlockingPool.run { try orders.book.find(id) }
            return JSONResponse.make(try Wire.json(Self.seesPersonalData(context) ? order : order.masked()), context: context)
        }
        routes.post("/v1/hotline/workorders/:id/events", access: Self.move) { request, context -> Response in
            guard let id = context.parameters.get("id") else { throw HTTPError(.notFound) }
            let (body, _) = try await Wire.body(WorkOrderEventRequest.self, request, limit: maxBytes,
                                                example: "{\"type\": \"sign\", \"by\": \"…\"}", code: invalid)
            let actor = SupervisionRoutes.actor(context)
            let role = context.principal?.role
            let supervisor = role == .supervisor || role == .admin
            let key = request.headers[Self.idempotencyKey]
            let order = try await BlockingPool.run {
                try orders.event(id: id, body, actor: actor, supervisor: supervisor, idempotencyKey: key)
            }
            return JSONResponse.make(try Wire.json(order), context: context)
        }
    }
}
