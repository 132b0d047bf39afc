import Hummingbird
import KGCore
import KGEngine

/// `GET /healthz`: the process is alive and the store answers.
struct HealthRoutes {
    let graph: KnowledgeGraph

    func register(on router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ -> Response in
            JSONResponse.make(.object([("status", .string("ok")), ("version", .string(GovBrainVersion.current))]))
        }
    }
}
