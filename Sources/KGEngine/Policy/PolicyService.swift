import Foundation
import KGCore
import KGEmbedding

/// Policy Q&A over a graph: the passage index, built on first use and rebuilt whenever the graph
/// changes (the dense side uses the text encoder of the database's text index when it has one; its
/// fusion weight is tuned on the validation half of the library's question set at build).
public final class PolicyService: @unchecked Sendable {
    /// The graph this service belongs to (which owns it).
    public unowned let graph: KnowledgeGraph
    private let lock = NSLock()
    private var cached: (graphVersion: Int64, search: PolicySearch)?

    init(graph: KnowledgeGraph) { self.graph = graph }

    /// The search index as the graph holds the policies now.
    public func search() throws -> PolicySearch {
        try lock.withLock {
            let version = graph.store.graphVersion
            if let c = cached, c.graphVersion == version { return c.search }
            let library = try PolicyPassages(store: graph.store)
            var s = PolicySearch(library: library, encoder: try? graph.similarity.textEncoder())
            s.denseWeight = try PolicySearchEvaluation.tune(s)
            cached = (version, s)
            return s
        }
    }

    /// `POST /v1/policies/search` with `{"text", "k": 5, "mode": "hybrid"}`.
    public func search(request: JSON) throws -> JSON {
        guard case .string(let text)? = request["text"] else {
            throw EngineError(code: .badValue, message: "\"text\" must be the question, e.g. {\"text\": \"小微企业房租减免怎么申请\", \"k\": 5}")
        }
        var k = 5
        if let v = request["k"] {
            guard case .int(let n) = v else { throw EngineError(code: .badValue, message: "\"k\" must be an integer from 1 to 100") }
            k = Int(clamping: n)
        }
        var mode = PolicySearch.Mode.hybrid
        if let m = request["mode"] {
            guard case .string(let s) = m, let parsed = PolicySearch.Mode(rawValue: s) else {
                throw EngineError(code: .badValue, message: "\"mode\" must be hybrid, bm25 or dense")
            }
            mode = parsed
        }
        let index = try search()
        let hits = try index.search(text, k: k, mode: mode)
        return .object([("results", .array(hits.map(\.json))), ("k", .int(Int64(k))),
                        ("mode", .string(mode == .hybrid && !index.hasDense ? "bm25" : mode.rawValue))])
    }
}
