import Hummingbird
import KGCore
import KGEngine

/// `GET /v1/stats`: node counts per label, relationship counts per type, property keys.
struct StatsRoutes {
    let graph: KnowledgeGraph

    func register(on routes: RouteRegistrar) {
        routes.get("/v1/stats", access: .anyKey) { _, context -> Response in
            JSONResponse.make(try graph.statistics().json, context: context)
        }
    }
}
