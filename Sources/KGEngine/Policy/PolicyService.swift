import Foundation
import KGCore
import KGEmbedding
import KGML

/// Policy Q&A over a graph: the passage index, built on first use and rebuilt whenever the graph
/// changes (the dense side uses the text encoder of the database's text index when it has one; its
/// fusion weight is tuned on the validation half of the library's question set at build).
public final class PolicyService: @unchecked Sendable {
    /// The graph this service belongs to (which owns it).
    public unowned let graph: KnowledgeGraph
    private let lock = NSLock()
    private var cached: (graphVersion: Int64, search: PolicySearch)?
    private var cachedRecommendations: (graphVersion: Int64, value: PolicyRecommendations)?
    private var models: String?
    /// The most recent push lists (graph version, policy, region → ranked), so paging through one is cheap.
    private var pushLists: [(key: String, policy: PolicyCatalog.Policy, ranked: [(enterprise: Int, fit: Double)])] = []
    static let pushListsKept = 8
    private var model: (version: String, blend: PolicyBlend)?

    init(graph: KnowledgeGraph) { self.graph = graph }

    /// The `Models/` folder the recommender is read from (nil: the project's); forgets what was loaded.
    public var modelsPath: String? {
        get { lock.withLock { models } }
        set { lock.withLock { models = newValue; model = nil; cachedRecommendations = nil } }
    }

    /// Builds the recommender now (a server does this before it reports ready): `loaded vN` or why not.
    public func warmUp() -> String {
        do {
            let version = try recommendations().version
            _ = try search()
            return "loaded \(version)"
        } catch { return "unavailable: \(error)" }
    }

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
            if model == nil {
                do { model = try PolicyRecommenderModel.load(models: try models ?? ResourceLocator.modelsPath()) } catch let e as ModelError {
                    throw EngineError(code: .modelUnavailable, message: e.message)
                }
            }
            let r = PolicyRecommendations(context: try PolicyRecommendationContext(graph: graph), blend: model!.blend, version: model!.version)
            cachedRecommendations = (version, r)
            return r
        }
    }

    /// `POST /v1/policies/recommend` with `{"enterpriseId"}`, `{"uscc"}` or `{"profile": {…}}`, `"k"`
    /// (default 10) and optionally `"explain": "POLICY CODE"` (every rule of that policy, met or failed).
    public func recommend(request: JSON) throws -> JSON {
        let r = try recommendations()
        var k = 10
        if let v = request["k"] {
            guard let n = v.integerValue, (1...100).contains(n) else { throw EngineError(code: .badValue, message: "\"k\" must be an integer from 1 to 100") }
            k = Int(n)
        }
        var explainCode: String?
        if let v = request["explain"] {
            guard case .string(let code) = v, r.recommender.catalog.policies.contains(where: { $0.code == code }) else {
                throw EngineError(code: .notFound, message: "\"explain\" must name a policy code, e.g. POL20240291")
            }
            explainCode = code
        }
        let recommended: [PolicyRecommender.Item], text: String, explained: [PolicyRecommender.Rule]?
        var who: JSON = .null
        if let c = request["citizen"] ?? request["profile"].flatMap({ CitizenProfile.isCitizen($0) ? $0 : nil }) {
            let citizen = try CitizenProfile(json: c, knownRegion: { r.recommender.catalog.regionName[$0] != nil })
            recommended = r.recommender.recommend(citizen: citizen, k: k)
            text = citizen.text
            explained = explainCode.flatMap { r.recommender.explain($0, citizen: citizen) }
            who = .object([("citizen", .bool(true)), ("adcode", .string(citizen.adcode))])
        } else {
            let profile: PolicyRecommender.Profile
            if let e = try r.records.find(request, invalid: .badValue) {
                profile = r.profile(e)
            } else if let v = request["profile"] {
                profile = try r.profile(json: v)
            } else {
                throw EngineError(code: .badValue, message: "give {\"enterpriseId\": id}, {\"uscc\": \"…\"}, {\"profile\": {\"industry\", \"adcode\", \"scale\", \"ageYears\", \"capital\", \"scope\"}} or {\"citizen\": {\"ageGroup\", \"household\", \"employment\", \"adcode\", \"interests\"}}")
            }
            if let id = profile.nodeID, let e = r.records.index[id] {
                who = .object([("nodeId", .int(id)), ("uscc", .string(r.records[e].uscc)), ("name", .string(r.records[e].name))])
            }
            recommended = r.recommender.recommend(profile, k: k)
            text = profile.text
            explained = explainCode.flatMap { r.recommender.explain($0, profile) }
        }
        let search = try self.search()
        // One passage search for the profile, then each policy's best passage from it.
        var passages: [String: PolicySearch.Hit] = [:]
        if !text.isEmpty, let hits = try? search.search(text, k: 200, mode: .bm25) {
            for h in hits where passages[h.passage.policyCode] == nil { passages[h.passage.policyCode] = h }
        }
        let items: [JSON] = recommended.map { item in
            let p = item.policy
            var reasons: [JSON] = item.rules.map(\.json)
            if item.peers > 0 {
                reasons.append(.object([("rule", .string("peers")), ("met", .bool(true)),
                                        ("zh", .string("同城市同行业已有\(item.peers)家企业申报或获得")),
                                        ("en", .string("\(item.peers) enterprises of the same industry in the same city applied for or received it"))]))
            }
            if item.features[PolicyBlend.position[.collaborative]!] > 0 {
                reasons.append(.object([("rule", .string("similarUptake")), ("met", .bool(true)),
                                        ("zh", .string("申报过您已申报政策的企业也常申报此项")),
                                        ("en", .string("enterprises that took up the policies you applied for often take up this one"))]))
            }
            if let passage = passages[p.code] {
                reasons.append(.object([("rule", .string("content")), ("met", .bool(true)), ("zh", .string("相关条文：" + passage.passage.text)),
                                        ("en", .string("matching passage (article \(passage.passage.article))"))]))
            }
            return .object([("policyId", .string(p.code)), ("nodeId", .int(p.nodeID)), ("title", .string(p.title)), ("score", .double(PolicyBlend.probability(item.score))),
                            ("deadline", p.validUntil.map { .string(PolicyRecommender.iso($0)) } ?? .null), ("reasons", .array(reasons))])
        }
        var members: [(String, JSON)] = [("items", .array(items)), ("enterprise", who), ("asOf", .string(PolicyRecommender.iso(r.recommender.asOf))),
                                        ("model", .string(PolicyRecommenderModel.registryName + " " + r.version))]
        if let code = explainCode, let rules = explained {
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
        let key = "\(graph.store.graphVersion)|\(code)|\(region ?? "")"
        let (policy, ranked) = try lock.withLock { pushLists.first { $0.key == key }.map { ($0.policy, $0.ranked) } } ?? {
            let computed = try r.eligible(code: code, region: region)
            lock.withLock {
                pushLists.removeAll { $0.key == key }
                pushLists.append((key, computed.policy, computed.ranked))
                if pushLists.count > Self.pushListsKept { pushLists.removeFirst() }
            }
            return computed
        }()
        let page = ranked.dropFirst(offset).prefix(limit).map { e, fit in
            JSON.object([("nodeId", .int(r.records[e].nodeID)), ("uscc", .string(r.records[e].uscc)), ("name", .string(r.records[e].name)),
                         ("adcode", .string(r.records[e].adcode)), ("fit", .double(PolicyBlend.probability(fit)))])
        }
        return .object([("policyId", .string(policy.code)), ("title", .string(policy.title)), ("total", .int(Int64(ranked.count))),
                        ("limit", .int(Int64(limit))), ("offset", .int(Int64(offset))), ("enterprises", .array(Array(page)))])
    }
}
