import Foundation
import Hummingbird
import KGCore
import KGEngine
import NIOCore
import NIOPosix

/// `POST /v1/algorithms/{name}` with the configuration map as the body (empty body: defaults):
/// runs `kg.algo.{name}` and answers the query contract's document (columns, rows, stats).
struct AlgorithmRoutes {
    let graph: KnowledgeGraph
    let limits: ServerConfiguration

    func register(on routes: RouteRegistrar) {
        routes.post("/v1/algorithms/:name", access: .analysis, expensive: true) { request, context -> Response in
            let name = context.parameters.get("name") ?? ""
            let procedure = try AlgorithmCatalog.procedureName(name, registry: graph.procedures)
            let configuration = try await RequestBody.object(request, limit: limits.maxRequestBytes,
                                                             example: "the configuration, e.g. {\"dampingFactor\": 0.85}", emptyIsObject: true)
            let parameters = try WireFormat.decodeParameters(.object([("configuration", configuration)]))
            // Non-admin callers run algorithms read-only (no write-back) and see sensitive properties masked.
            let admin = context.principal?.isAdmin == true
            let options = QueryOptions(timeoutSeconds: limits.queryTimeoutSeconds, maxRows: limits.rowCap(for: context.principal?.role),
                                       readOnly: !admin, memoryBudgetBytes: limits.queryMemoryBudgetBytes)
            let graph = self.graph
            let document = try await BlockingPool.run {
                try graph.queryDocument("CALL \(procedure)($configuration)", parameters: parameters, options: options, masked: !admin)
            }
            return JSONResponse.make(document, context: context)
        }
    }
}
