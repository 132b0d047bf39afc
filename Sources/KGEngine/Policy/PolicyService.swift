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
    private var cachedRecommendations: (graphVersion: Int64, value: PolicyRecommendations)?

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
            guard let n = v.integerValue else { throw EngineError(code: .badValue, message: "\"k\" must be an integer from 1 to 100") }
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

    func recommendations() throws -> PolicyRecommendations {
        try lock.withLock {
            let version = graph.store.graphVersion
            if let c = cachedRecommendations, c.graphVersion == version { return c.value }
            let r = try PolicyRecommendations(graph: graph)
            cachedRecommendations = (version, r)
            return r
        }
    }

    /// `POST /v1/policies/recommend` with `{"enterpriseId"}`, `{"uscc"}` or `{"profile": {…}}`, `"k"`
    /// (default 10) and optionally `"explain": "POLICY CODE"` (every rule of that policy, met or failed).
    public func recommend(request: JSON) throws -> JSON {
        let r = try recommendations()
        let profile: PolicyRecommender.Profile
        var who: JSON = .null
        if let e = try r.records.find(request, invalid: .badValue) {
            profile = r.profile(e)
        } else if let v = request["profile"] {
            profile = try r.profile(json: v)
        } else {
            throw EngineError(code: .badValue, message: "give {\"enterpriseId\": id}, {\"uscc\": \"…\"} or {\"profile\": {\"industry\", \"adcode\", \"scale\", \"ageYears\", \"capital\", \"scope\"}}")
        }
        if let id = profile.nodeID, let e = r.records.index[id] {
            who = .object([("nodeId", .int(id)), ("uscc", .string(r.records[e].uscc)), ("name", .string(r.records[e].name))])
        }
        var k = 10
        if let v = request["k"] {
            guard let n = v.integerValue, (1...100).contains(n) else { throw EngineError(code: .badValue, message: "\"k\" must be an integer from 1 to 100") }
            k = Int(n)
        }
        let search = try self.search()
        let items: [JSON] = r.recommender.recommend(profile, k: k).map { item in
            let p = item.policy
            var reasons: [JSON] = item.rules.map(\.json)
            if item.peers > 0 {
                reasons.append(.object([("rule", .string("peers")), ("met", .bool(true)),
                                        ("zh", .string("同城市同行业已有\(item.peers)家企业申报或获得")),
                                        ("en", .string("\(item.peers) enterprises of the same industry in the same city applied for or received it"))]))
            }
            if let passage = try? search.search(profile.text.isEmpty ? p.title : profile.text, k: 100, mode: .bm25).first(where: { $0.passage.policyCode == p.code }) {
                reasons.append(.object([("rule", .string("content")), ("met", .bool(true)), ("zh", .string("相关条文：" + passage.passage.text)),
                                        ("en", .string("matching passage (article \(passage.passage.article))"))]))
            }
            return .object([("policyId", .string(p.code)), ("nodeId", .int(p.nodeID)), ("title", .string(p.title)), ("score", .double(item.score)),
                            ("deadline", p.validUntil.map { .string(PolicyRecommender.iso($0)) } ?? .null), ("reasons", .array(reasons))])
        }
        var members: [(String, JSON)] = [("items", .array(items)), ("enterprise", who), ("asOf", .string(PolicyRecommender.iso(r.recommender.asOf)))]
        if let v = request["explain"] {
            guard case .string(let code) = v, let rules = r.recommender.explain(code, profile) else {
                throw EngineError(code: .notFound, message: "\"explain\" must name a policy code, e.g. POL20240291")
            }
            members.append(("explain", .object([("policyId", .string(code)), ("eligible", .bool(rules.allSatisfy(\.met))), ("rules", .array(rules.map(\.json)))])))
        }
        return .object(members)
    }

    /// `GET /v1/policies/{id}/eligible?region=&limit=&offset=`: eligible enterprises that have not applied, ranked by fit.
    public func eligible(code: String, parameters: [String: String]) throws -> JSON {
        let region = parameters["region"]
        if let region, region.count != 6 || !region.allSatisfy(\.isNumber) {
            throw EngineError(code: .badValue, message: "region must be a 6-digit adcode, got \"\(region)\"")
        }
        let limit = try RequestParameters.integer(parameters["limit"], name: "limit", fallback: 50, range: 1...1000)
        let offset = try RequestParameters.integer(parameters["offset"], name: "offset", fallback: 0, range: 0...Int(Int32.max))
        let r = try recommendations()
        let (policy, ranked) = try r.eligible(code: code, region: region)
        let page = ranked.dropFirst(offset).prefix(limit).map { e, fit in
            JSON.object([("nodeId", .int(r.records[e].nodeID)), ("uscc", .string(r.records[e].uscc)), ("name", .string(r.records[e].name)),
                         ("adcode", .string(r.records[e].adcode)), ("fit", .double(fit))])
        }
        return .object([("policyId", .string(policy.code)), ("title", .string(policy.title)), ("total", .int(Int64(ranked.count))),
                        ("limit", .int(Int64(limit))), ("offset", .int(Int64(offset))), ("enterprises", .array(Array(page)))])
    }
}
