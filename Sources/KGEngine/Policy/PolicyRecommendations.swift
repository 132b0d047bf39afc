import Foundation
import KGCore
import KGEmbedding

/// The recommendation side of `PolicyService`: profiles of the graph's enterprises, the
/// recommender over the catalog, and the push lists (eligible enterprises that have not applied,
/// ranked by fit), rebuilt whenever the graph changes.
struct PolicyRecommendations: Sendable {
    let recommender: PolicyRecommender
    let records: EnterpriseRecords
    let scope: [Int64: String]
    let industryName: [String: String]
    /// BM25 over the enterprises' profile texts (for ranking a push list by content).
    let enterpriseText: BM25Index

    init(graph: KnowledgeGraph) throws {
        let records = try EnterpriseRecords(store: graph.store)
        var scope: [Int64: String] = [:], industryName: [String: String] = [:]
        try graph.store.forEachNode(label: "Enterprise") { id, p in if case .string(let s)? = p["businessScope"] { scope[id] = s } }
        try graph.store.forEachNode(label: "Industry") { _, p in
            if case .string(let c)? = p["code"], case .string(let n)? = p["name"] { industryName[c] = n }
        }
        self.records = records
        self.scope = scope
        self.industryName = industryName
        recommender = PolicyRecommender(catalog: try PolicyCatalog(store: graph.store), records: records, asOf: records.now)
        let texts = records.enterprises.map { e in (industryName[e.industry] ?? "") + "。" + (scope[e.nodeID] ?? "") }
        enterpriseText = BM25Index(texts: texts)
    }

    /// The profile of enterprise `e` as of the recommender's day.
    func profile(_ e: Int) -> PolicyRecommender.Profile {
        let ent = records[e]
        return .init(nodeID: ent.nodeID, uscc: ent.uscc, industry: ent.industry, adcode: ent.adcode, scale: ent.scale,
                     ageYears: ent.registeredDay.map { Double(recommender.asOf - $0) / 365.25 }, capital: ent.capital,
                     text: (industryName[ent.industry] ?? "") + "。" + (scope[ent.nodeID] ?? ""))
    }

    /// A profile given as JSON: `{"industry", "adcode", "scale", "ageYears", "capital", "scope"}`.
    func profile(json: JSON) throws -> PolicyRecommender.Profile {
        guard case .object = json else { throw EngineError(code: .badValue, message: "\"profile\" must be an object {\"industry\", \"adcode\", \"scale\", \"ageYears\", \"capital\", \"scope\"}") }
        func string(_ k: String) throws -> String {
            guard case .string(let s)? = json[k], !s.isEmpty else { throw EngineError(code: .badValue, message: "\"profile.\(k)\" must be a non-empty string") }
            return s
        }
        let industry = try string("industry"), adcode = try string("adcode"), scale = try string("scale")
        guard recommender.catalog.regionName[adcode] != nil else {
            throw EngineError(code: .badValue, message: "\"profile.adcode\" \(adcode) is not a Guangxi region code")
        }
        guard ["micro", "small", "medium", "large"].contains(scale) else { throw EngineError(code: .badValue, message: "\"profile.scale\" must be micro, small, medium or large") }
        var scopeText = ""
        if case .string(let s)? = json["scope"] { scopeText = s }
        return .init(industry: industry, adcode: adcode, scale: scale, ageYears: json["ageYears"]?.doubleValue, capital: json["capital"]?.doubleValue,
                     text: (industryName[industry] ?? "") + "。" + scopeText)
    }

    /// Enterprises eligible for policy `code` that have not applied, ranked by fit (content match of
    /// their industry and scope with the policy, and peers who applied), optionally within a region.
    func eligible(code: String, region: String?) throws -> (policy: PolicyCatalog.Policy, ranked: [(enterprise: Int, fit: Double)]) {
        guard let i = recommender.catalog.policies.firstIndex(where: { $0.code == code }) else {
            throw EngineError(code: .notFound, message: "no policy \(code); search them with POST /v1/policies/search")
        }
        let p = recommender.catalog.policies[i]
        let applied = Set((p.applications + p.grants).map(\.enterprise))
        var content = [Double](repeating: 0, count: records.count)
        let hits = enterpriseText.search(p.title + "。" + p.summary + "。" + p.tags.joined(separator: "、"), k: records.count)
        let top = max(hits.first?.score ?? 1, 1e-9)
        for h in hits { content[h.document] = h.score / top }
        var ranked: [(Int, Double)] = []
        for e in records.enterprises.indices where records[e].status != "注销" && !applied.contains(records[e].nodeID) {
            if let region, !RiskAlertBook.contains(region: region, adcode: records[e].adcode) { continue }
            guard recommender.rules(p, profile(e)).allSatisfy(\.met) else { continue }
            let peers = recommender.peerCounts[i][PolicyRecommender.peerKey(records[e].industry, records[e].adcode)] ?? 0
            ranked.append((e, 0.6 * content[e] + 0.4 * log1p(Double(peers)) / log1p(10)))
        }
        ranked.sort { $0.1 != $1.1 ? $0.1 > $1.1 : records[$0.0].uscc < records[$1.0].uscc }
        return (p, ranked)
    }
}
