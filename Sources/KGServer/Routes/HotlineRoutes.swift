import Foundation
import Hummingbird
import KGCore
import GovHotline
import KGEngine
import NIOCore
import NIOPosix

/// The 12345 hotline routes:
/// - `POST /v1/hotline/route` with `{"text": …, "address": optional}`: the routing object of `govbrain route`.
/// - `POST /v1/hotline/knowledge/search` with `{"text": …, "k": 5, "intent": optional}`: knowledge-base entries.
/// - `GET /v1/hotline/stats?from=&to=&region=&intent=`: volumes by intent, region and day, satisfaction, median time to close.
/// - `GET /v1/hotline/hotspots?window=24h[&at=…]`: spikes of similar work orders in one place and time.
struct HotlineRoutes {
    let hotline: HotlineService
    let limits: ServerConfiguration

    func register(on routes: RouteRegistrar) {
        let hotline = self.hotline, maxBytes = limits.maxRequestBytes
        routes.post("/v1/hotline/route", access: .hotlineDesk) { request, context -> Response in
            let (body, json) = try await Wire.body(HotlineRouteRequest.self, request, limit: maxBytes, example: "{\"text\": \"…\", \"address\": \"…\"}",
                                                   code: .invalidRoutingRequest)
            // Routing is bounded CPU work (well under a millisecond, texts at most 4000 characters)
            // that touches no database once the router is loaded: it runs on the event loop.
            let routing = try await hotline.route(body)
            return JSONResponse.make(try Self.echo(id: json["id"], try Wire.json(routing)), context: context)
        }
        routes.post("/v1/hotline/knowledge/search", access: .hotlineDesk) { request, context -> Response in
            let (body, _) = try await Wire.body(KnowledgeSearchRequest.self, request, limit: maxBytes, example: "{\"text\": \"…\", \"k\": 5}")
            return JSONResponse.make(try Wire.json(try await BlockingPool.run { try hotline.knowledgeSearch(body) }), context: context)
        }
        routes.get("/v1/hotline/stats", access: .hotlineStats) { request, context -> Response in
            let query = try Wire.query(HotlineStatisticsRequest.self, request, allowed: ["from", "to", "region", "intent"])
            return JSONResponse.make(try Wire.json(try await BlockingPool.run { try hotline.statistics(query) }), context: context)
        }
        routes.get("/v1/hotline/hotspots", access: .hotlineStats, expensive: true) { request, context -> Response in
            let query = try Wire.query(HotspotsRequest.self, request, allowed: ["window", "at"])
            return JSONResponse.make(try Wire.json(try await BlockingPool.run { try hotline.hotspots(query) }), context: context)
        }
    }

    /// The routing object with the caller's `id` first, when the request had one.
    static func echo(id: JSON?, _ routing: JSON) throws -> JSON {
        guard let id, case .object(let members) = routing else { return routing }
        return .object([("id", id)] + members)
    }

    /// The query parameters, refusing unknown ones (a typo would otherwise silently widen the result).
    static func parameters(_ request: Request, allowed: Set<String>) -> Result<[String: String], EngineError> {
        var out: [String: String] = [:]
        for (key, value) in request.uri.queryParameters {
            let k = String(key)
            guard allowed.contains(k) else {
                return .failure(EngineError(code: .badValue, message: "unknown query parameter \"\(k)\"; this route takes \(allowed.sorted().joined(separator: ", "))"))
            }
            guard !value.isEmpty else {
                return .failure(EngineError(code: .badValue, message: "query parameter \"\(k)\" is empty; give it a value or leave it out"))
            }
            out[k] = String(value)
        }
        return .success(out)
    }
}
