import Hummingbird
import KGCore
import KGEngine
import NIOCore
import NIOPosix

/// `GET /v1/stats`: node counts per label, relationship counts per type, property keys. Counted
/// once per graph version, and at most every 5 seconds while writes go on (off the event loop),
/// so dashboards polling it cost next to nothing.
struct StatsRoutes {
    let graph: KnowledgeGraph
    let cache = VersionedCache<JSON>()

    func register(on routes: RouteRegistrar) {
        let graph = self.graph, cache = self.cache
        routes.get("/v1/stats", access: .anyKey) { _, context -> Response in
            let json = try await BlockingPool.run {
                try cache.value(version: graph.graphVersion, maxStaleness: 5) { try graph.statistics().json }
            }
            return JSONResponse.make(json, context: context)
        }
    }
}
