import Hummingbird
import KGCore
import KGEngine

/// `GET /v1/stats`: node counts per label, relationship counts per type, property keys.
struct StatsRoutes {
    let graph: KnowledgeGraph

    func register(on router: Router<BasicRequestContext>) {
        router.get("/v1/stats") { _, _ -> Response in
            JSONResponse.make(try graph.statistics().json)
        }
    }
}
