import Foundation
import Hummingbird
import KGCore
import KGCypher
import KGEngine
import NIOCore
import NIOPosix

/// `POST /v1/algorithms/{name}` with the configuration map as the body (empty body: defaults):
/// runs `kg.algo.{name}` and answers the query contract's document (columns, rows, stats).
struct AlgorithmRoutes {
    let graph: KnowledgeGraph
    let limits: GovBrainServer.Configuration

    func register(on router: Router<BasicRequestContext>) {
        router.post("/v1/algorithms/:name") { request, context -> Response in
            let name = context.parameters.get("name") ?? ""
            let procedure = try AlgorithmCatalog.procedureName(name, registry: graph.cypher.procedures)
            let body = try await request.body.collect(upTo: limits.maxRequestBytes)
            let text = String(buffer: body)
            var configuration: JSON = .object([])
            if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                do { configuration = try JSONParser.parse(text) } catch {
                    throw EngineError(code: .malformedJSON, message: "the request body is not JSON: \(error)")
                }
            }
            guard case .object = configuration else {
                throw EngineError(code: .badValue, message: "the body must be the configuration object, e.g. {\"dampingFactor\": 0.85}")
            }
            let parameters = try WireFormat.decodeParameters(.object([("configuration", configuration)]))
            let options = QueryOptions(timeoutSeconds: limits.queryTimeoutSeconds, maxRows: limits.maxRows)
            let graph = self.graph
            let document = try await NIOThreadPool.singleton.runIfActive {
                try graph.queryDocument("CALL \(procedure)($configuration)", parameters: parameters, options: options)
            }
            return JSONResponse.make(document)
        }
    }
}
