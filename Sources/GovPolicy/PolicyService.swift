import Foundation
import KGCore
import KGEngine
import KGEmbedding
import KGML
import GovSupervision

/// Policy Q&A over a graph: the passage index, built on first use and rebuilt whenever the graph
/// changes (the dense side uses the text encoder of the database's text index when it has one; its
/// fusion weight is tuned on the validation half of the library's question set at build).
public final class PolicyService: @unchecked Sendable {
    /// The graph this service answers from.
    public let graph: KnowledgeGraph
    private let lock = NSLock()
    private var cached: (graphVersion: Int64, search: PolicySearch)?
    private var cachedRecommendations: (graphVersion: Int64, value: PolicyRecommendations)?
    private var models: String?
    /// The most recent push lists (graph version, policy, region → ranked), so paging through one is cheap.
    private var pushLists: [(key: String, policy: PolicyCatalog.Policy, ranked: [(enterprise: Int, fit: Double)])] = []
    static let pushListsKept = 8
    private var model: (version: String, blend: PolicyBlend)?

    /// A service on `graph`; its `kg.model.recommendPolicies` procedure is installed on the graph
    /// and answers through this service (the latest one made for the graph) while it lives.
    public init(graph: KnowledgeGraph) {
        self.graph = graph
        PolicyProcedures.register(into: graph.procedures, policies: self)
    }

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
            let version = graph.graphVersion
            if let c = cached, c.graphVersion == version { return c.search }
            let library = try PolicyPassages(graph: graph)
            var s = PolicySearch(library: library, encoder: try? graph.similarity.textEncoder())
            s.denseWeight = try PolicySearchEvaluation.tune(s)
            cached = (version, s)
            return s
        }
    }

    /// `POST /v1/policies/search`.
    public func search(_ request: PolicySearchRequest) throws -> PolicySearchResponse {
        let k = Int(clamping: request.k ?? 5)
        var mode = PolicySearch.Mode.hybrid
        if let m = request.mode {
            guard let parsed = PolicySearch.Mode(rawValue: m) else { throw EngineError(code: .badValue, message: "\"mode\" must be hybrid, bm25 or dense") }
            mode = parsed
        }
        let index = try search()
        let hits = try index.search(request.text, k: k, mode: mode)
        return PolicySearchResponse(results: hits, k: k, mode: mode == .hybrid && !index.hasDense ? "bm25" : mode.rawValue)
    }

    func recommendations() throws -> PolicyRecommendations {
        try lock.withLock {
            let version = graph.graphVersion
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

    /// `POST /v1/policies/recommend`.
    public func recommend(_ request: PolicyRecommendRequest) throws -> PolicyRecommendation {
        let r = try recommendations()
        var k = 10
        if let n = request.k {
            guard (1...100).contains(n) else { throw EngineError(code: .badValue, message: "\"k\" must be an integer from 1 to 100") }
            k = Int(n)
        }
        var explainCode: String?
        if let code = request.explain {
            guard r.recommender.catalog.policies.contains(where: { $0.code == code }) else {
                throw EngineError(code: .notFound, message: "\"explain\" must name a policy code, e.g. POL20240291")
            }
            explainCode = code
        }
        let recommended: [PolicyRecommender.Item], text: String, explained: [PolicyRecommender.Rule]?
        var who: PolicyRecommendation.Recipient?
        if let c = request.citizen ?? request.profile.flatMap({ $0.isCitizen ? $0 : nil }) {
            let citizen = try CitizenProfile(input: c, knownRegion: { r.recommender.catalog.regionName[$0] != nil })
            recommended = r.recommender.recommend(citizen: citizen, k: k)
            text = citizen.text
            explained = explainCode.flatMap { r.recommender.explain($0, citizen: citizen) }
            who = .init(citizen: true, adcode: citizen.adcode)
        } else {
            let profile: PolicyRecommender.Profile
            if let e = try r.records.find(nodeID: request.enterpriseId, uscc: request.uscc) {
                profile = r.profile(e)
            } else if let input = request.profile {
                profile = try r.profile(input: input)
            } else {
                throw EngineError(code: .badValue, message: "give {\"enterpriseId\": id}, {\"uscc\": \"…\"}, {\"profile\": {\"industry\", \"adcode\", \"scale\", \"ageYears\", \"capital\", \"scope\"}} or {\"citizen\": {\"ageGroup\", \"household\", \"employment\", \"adcode\", \"interests\"}}")
            }
            if let id = profile.nodeID, let e = r.records.index[id] {
                who = .init(nodeId: id, uscc: r.records[e].uscc, name: r.records[e].name)
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
        let items = recommended.map { item in
            let p = item.policy
            var reasons = item.rules
            if item.peers > 0 {
                reasons.append(.init(rule: "peers", met: true, zh: "同城市同行业已有\(item.peers)家企业申报或获得",
                                     en: "\(item.peers) enterprises of the same industry in the same city applied for or received it"))
            }
            if item.features[PolicyBlend.position[.collaborative]!] > 0 {
                reasons.append(.init(rule: "similarUptake", met: true, zh: "申报过您已申报政策的企业也常申报此项",
                                     en: "enterprises that took up the policies you applied for often take up this one"))
            }
            if let passage = passages[p.code] {
                reasons.append(.init(rule: "content", met: true, zh: "相关条文：" + passage.passage.text,
                                     en: "matching passage (article \(passage.passage.article))"))
            }
            return PolicyRecommendation.Item(policyId: p.code, nodeId: p.nodeID, title: p.title, score: PolicyBlend.probability(item.score),
                                             deadline: p.validUntil.map { PolicyRecommender.iso($0) }, reasons: reasons)
        }
        var explanation: PolicyRecommendation.Explanation?
        if let code = explainCode, let rules = explained {
            explanation = .init(policyId: code, eligible: rules.allSatisfy(\.met), rules: rules)
        }
        return PolicyRecommendation(items: items, enterprise: who, asOf: PolicyRecommender.iso(r.recommender.asOf),
                                    model: PolicyRecommenderModel.registryName + " " + r.version, explain: explanation)
    }

    /// `GET /v1/policies/{id}/eligible?region=&limit=&offset=`: eligible enterprises that have not applied, ranked by fit.
    public func eligible(code: String, request: EligibleRequest) throws -> EligibleEnterprises {
        let region = request.region
        if let region, region.count != 6 || !region.allSatisfy(\.isNumber) {
            throw EngineError(code: .badValue, message: "region must be a 6-digit adcode, got \"\(region)\"")
        }
        let limit = try RequestParameters.integer(request.limit, name: "limit", fallback: 50, range: 1...1000)
        let offset = try RequestParameters.integer(request.offset, name: "offset", fallback: 0, range: 0...Int(Int32.max))
        let r = try recommendations()
        let key = "\(graph.graphVersion)|\(code)|\(region ?? "")"
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
            EligibleEnterprises.Entry(nodeId: r.records[e].nodeID, uscc: r.records[e].uscc, name: r.records[e].name,
                                      adcode: r.records[e].adcode, fit: PolicyBlend.probability(fit))
        }
        return EligibleEnterprises(policyId: policy.code, title: policy.title, total: ranked.count, limit: limit, offset: offset, enterprises: Array(page))
    }
}
