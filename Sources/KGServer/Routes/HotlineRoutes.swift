import Foundation
import Hummingbird
import KGCore
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
        let hotline = self.hotline
        routes.post("/v1/hotline/route", access: .hotlineDesk) { request, context -> Response in
            let json = try await RequestBody.object(request, limit: limits.maxRequestBytes, example: "{\"text\": \"…\", \"address\": \"…\"}")
            let (text, address) = try HotlineRequest.parse(json)
            // Routing is bounded CPU work (well under a millisecond, texts at most 4000 characters)
            // that touches no database once the router is loaded: it runs on the event loop.
            let router = try await hotline.loadedRouter()
            let routing = try router.route(text: text, address: address)
            return JSONResponse.make(routing.json(id: json["id"]), context: context)
        }
        routes.post("/v1/hotline/knowledge/search", access: .hotlineDesk) { request, context -> Response in
            let json = try await RequestBody.object(request, limit: limits.maxRequestBytes, example: "{\"text\": \"…\", \"k\": 5}")
            guard case .string(let text)? = json["text"], !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw EngineError(code: .badValue, message: "\"text\" must be a non-empty string")
            }
            var k = 5
            if let kv = json["k"] {
                guard let v = kv.integerValue, (1...100).contains(v) else { throw EngineError(code: .badValue, message: "\"k\" must be an integer from 1 to 100") }
                k = Int(v)
            }
            var intent: String?
            if let iv = json["intent"], iv != .null {
                guard case .string(let s) = iv else { throw EngineError(code: .badValue, message: "\"intent\" must be an intent id") }
                intent = s.isEmpty ? nil : s
            }
            let (count, only) = (k, intent)
            let hits = try await BlockingPool.run { () -> [HotlineKnowledgeBase.Hit] in
                let router = try hotline.router()
                if let only, !router.model.intents.contains(only) {
                    throw EngineError(code: .badValue, message: "unknown intent \"\(only)\"; use an id of the taxonomy such as water_outage")
                }
                return router.knowledge.search(text, k: count, intent: only)
            }
            return JSONResponse.make(.object([("results", .array(hits.map(\.json))), ("k", .int(Int64(k)))]), context: context)
        }
        routes.get("/v1/hotline/stats", access: .hotlineStats) { request, context -> Response in
            let parameters = Self.parameters(request, allowed: ["from", "to", "region", "intent"])
            let doc = try await BlockingPool.run { try hotline.statistics(parameters: try parameters.get()) }
            return JSONResponse.make(doc, context: context)
        }
        routes.get("/v1/hotline/hotspots", access: .hotlineStats, expensive: true) { request, context -> Response in
            let parameters = Self.parameters(request, allowed: ["window", "at"])
            let doc = try await BlockingPool.run { try hotline.hotspots(parameters: try parameters.get()) }
            return JSONResponse.make(doc, context: context)
        }
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
