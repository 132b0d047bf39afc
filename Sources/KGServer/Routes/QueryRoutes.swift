import Foundation
import Hummingbird
import KGCore
import KGEngine
import NIOCore
import NIOPosix

/// `POST /v1/query` with `{"query": "...", "parameters": {...}, "timeoutSeconds": 5, "maxRows": 1000}`:
/// runs one Cypher query (one transaction; read-only and masked for every role but admin, with
/// the role's row cap) and returns the document of the query contract
/// (`columns`, `rows` as tagged values, `stats`, `plan` for EXPLAIN/PROFILE). Errors are 400 with
/// the error body, including line and column for query errors.
struct QueryRoutes {
    let graph: KnowledgeGraph
    let limits: ServerConfiguration

    func register(on routes: RouteRegistrar) {
        routes.post("/v1/query", access: .cypher, expensive: true) { request, context -> Response in
            let json = try await RequestBody.object(request, limit: limits.maxRequestBytes,
                                                    example: "{\"query\": \"…\", \"parameters\": {…}}")
            guard case .object(let members) = json else { throw EngineError(code: .badValue, message: "the request body must be an object") }
            func member(_ k: String) -> JSON? { members.first { $0.0 == k }?.1 }
            guard case .string(let query)? = member("query"), !query.isEmpty else {
                throw EngineError(code: .badValue, message: "\"query\" is missing; send {\"query\": \"MATCH (n) RETURN count(n)\"}")
            }
            var parameters: [String: Value] = [:]
            if let p = member("parameters"), p != .null { parameters = try WireFormat.decodeParameters(p) }
            var timeout = limits.queryTimeoutSeconds
            if let t = member("timeoutSeconds") {
                guard let v = t.doubleValue, v > 0 else { throw EngineError(code: .badValue, message: "\"timeoutSeconds\" must be a positive number") }
                timeout = min(v, limits.queryTimeoutSeconds)
            }
            let cap = limits.rowCap(for: context.principal?.role)
            var maxRows = cap
            if let m = member("maxRows") {
                guard let v = m.integerValue, v > 0 else { throw EngineError(code: .badValue, message: "\"maxRows\" must be a positive integer") }
                maxRows = min(Int(v), cap)
            }
            // Only admin keys write or see personal data in clear. Read-only is decided by the
            // analysis of the bound query (a write clause or a writing procedure), never by its text.
            let admin = context.principal?.isAdmin == true
            let options = QueryOptions(timeoutSeconds: timeout, maxRows: maxRows, readOnly: !admin,
                                       memoryBudgetBytes: limits.queryMemoryBudgetBytes)
            let graph = self.graph
            let params = parameters
            // CSV on request (`"format": "csv"` or `Accept: text/csv`): the header, then one line per row.
            var csv = request.headers[.accept]?.contains("text/csv") == true
            if let f = member("format") {
                guard case .string(let name) = f, ["json", "csv"].contains(name) else {
                    throw EngineError(code: .badValue, message: "\"format\" must be \"json\" or \"csv\"")
                }
                csv = name == "csv"
            }
            if csv {
                let text = try await BlockingPool.run { () -> String in
                    let (result, rows) = try graph.queryText(query, parameters: params, options: options, masked: !admin)
                    return ([result.columns] + rows).map { CSVWriter.line($0) + "\n" }.joined()
                }
                return JSONResponse.csv(admin ? text : TextRedactor.redact(text), rows: text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 } - 1, context: context)
            }
            let document = try await BlockingPool.run {
                try graph.queryDocument(query, parameters: params, options: options, masked: !admin)
            }
            return JSONResponse.make(document, context: context)
        }
    }
}
