import Foundation
import Hummingbird
import KGCore
import KGEngine
import NIOCore
import NIOPosix

/// `POST /v1/similar` with `{"text": "…"}` or `{"nodeId": 123}`, optional `"k"` (default 10,
/// at most 1000) and `"label"`: the nearest nodes by the text encoder (text) or by the FastRP graph
/// embedding (node, same label as the node). Answers `{"results": [{"node": …, "score": …}],
/// "k", "elapsedMs"}` with nodes in the query contract's wire format.
struct SimilarRoutes {
    let graph: KnowledgeGraph
    let limits: ServerConfiguration

    func register(on routes: RouteRegistrar) {
        routes.post("/v1/similar", access: .analysis, expensive: true) { request, context -> Response in
            let json = try await RequestBody.object(request, limit: limits.maxRequestBytes,
                                                    example: "{\"text\": \"…\", \"k\": 5} or {\"nodeId\": 42}")
            var k: Int64 = 10
            if let kv = json["k"] {
                guard let v = kv.integerValue, (1...1000).contains(v) else {
                    throw EngineError(code: .badValue, message: "\"k\" must be an integer from 1 to 1000")
                }
                k = v
            }
            var label: Value = .null
            if let l = json["label"], l != .null {
                guard case .string(let s) = l, !s.isEmpty else { throw EngineError(code: .badValue, message: "\"label\" must be a label name") }
                label = .string(s)
            }
            let query: String
            var parameters: [String: Value] = ["k": .int(k)]
            switch (json["text"], json["nodeId"]) {
            case (.string(let text)?, nil):
                guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw EngineError(code: .badValue, message: "\"text\" is empty")
                }
                query = "CALL kg.similar.text($text, $k, $label) YIELD node, score RETURN node, score"
                parameters["text"] = .string(text)
                parameters["label"] = label
            case (nil, .int(let id)?):
                query = label == .null
                    ? "CALL kg.similar.node($id, $k) YIELD node, score RETURN node, score"
                    : "CALL kg.similar.node($id, $k) YIELD node, score WHERE $label IN labels(node) RETURN node, score"
                parameters["id"] = .int(id)
                parameters["label"] = label
            default:
                throw EngineError(code: .badValue, message: "send exactly one of \"text\" (a string) or \"nodeId\" (an integer)")
            }
            let graph = self.graph
            let params = parameters
            let timeout = limits.queryTimeoutSeconds
            let masked = context.principal?.isAdmin != true
            let started = DispatchTime.now().uptimeNanoseconds
            let results = try await BlockingPool.run { () -> [JSON] in
                var out: [JSON] = []
                try graph.query(query, parameters: params, options: QueryOptions(timeoutSeconds: timeout, readOnly: true,
                                                                 memoryBudgetBytes: limits.queryMemoryBudgetBytes), masked: masked) { row, g in
                    out.append(.object([("node", WireFormat.encode(row[0], graph: g)), ("score", Self.number(row[1]))]))
                }
                return out
            }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
            return JSONResponse.make(.object([("results", .array(results)), ("k", .int(k)), ("elapsedMs", .double(elapsed))]), context: context)
        }
    }

    static func number(_ v: Value) -> JSON {
        switch v {
        case .double(let d): return .double(d)
        case .int(let i): return .int(i)
        default: return .null
        }
    }
}
