import Foundation
import KGCore
import GovSupervision
import KGEngine
import KGEmbedding

/// The recommendation side of `PolicyService`: profiles of the graph's enterprises, the
/// recommender over the catalog, and the push lists (eligible enterprises that have not applied,
/// ranked by fit), rebuilt whenever the graph changes.
struct PolicyRecommendations: Sendable {
    let recommender: PolicyRecommender
    let records: EnterpriseRecords
    let scope: [Int64: String]
    let industryName: [String: String]
    /// BM25 over the distinct profile texts of the enterprises (for ranking a push list by content;
    /// many enterprises share one industry and business scope).
    let enterpriseText: BM25Index
    /// Index of each enterprise's profile text in `enterpriseText`.
    let textOf: [Int32]
    /// The enterprises as columns, for push lists.
    let push: PushListIndex
    let nodeIDs: [Int64]
    /// Each enterprise's position in USCC order (ties in a push list go by USCC).
    let usccRank: [Int32]

    /// The recommender model's version.
    let version: String

    init(context: PolicyRecommendationContext, blend: PolicyBlend, version: String) {
        self.version = version
        records = context.records
        scope = context.scope
        industryName = context.industryName
        recommender = PolicyRecommender(catalog: context.catalog, records: records, asOf: records.now, blend: blend)
        var distinct: [String: Int32] = [:], texts: [String] = [], textOf: [Int32] = []
        textOf.reserveCapacity(records.count)
        for e in records.enterprises {
            let text = PolicyRecommendationContext.profileText(industry: e.industry, scope: context.scope[e.nodeID] ?? "", names: context.industryName)
            if let k = distinct[text] { textOf.append(k) } else { distinct[text] = Int32(texts.count); textOf.append(Int32(texts.count)); texts.append(text) }
        }
        enterpriseText = BM25Index(texts: texts)
        self.textOf = textOf
        push = PushListIndex(records: records, catalog: context.catalog, history: recommender.history, textOf: textOf)
        nodeIDs = records.enterprises.map(\.nodeID)
        let codes = context.records.enterprises.map(\.uscc)
        var rank = [Int32](repeating: 0, count: codes.count)
        for (position, e) in codes.indices.sorted(by: { codes[$0] < codes[$1] }).enumerated() { rank[e] = Int32(position) }
        usccRank = rank
    }

    /// The profile of enterprise `e` as of the recommender's day.
    func profile(_ e: Int) -> PolicyRecommender.Profile { Self.profile(records, e, asOf: recommender.asOf, industryName: industryName, scope: scope) }

    /// The profile of enterprise `e` as of `day` (its age counted to that day).
    static func profile(_ records: EnterpriseRecords, _ e: Int, asOf day: Int, industryName: [String: String], scope: [Int64: String]) -> PolicyRecommender.Profile {
        let ent = records[e]
        return .init(nodeID: ent.nodeID, uscc: ent.uscc, industry: ent.industry, adcode: ent.adcode, scale: ent.scale,
                     ageYears: ent.registeredDay.map { Double(day - $0) / 365.25 }, capital: ent.capital,
                     text: PolicyRecommendationContext.profileText(industry: ent.industry, scope: scope[ent.nodeID] ?? "", names: industryName))
    }

    /// A profile given as JSON: `{"industry", "adcode", "scale", "ageYears", "capital", "scope"}`.
    func profile(input: ProfileInput) throws -> PolicyRecommender.Profile {
        func string(_ k: String, _ v: String?) throws -> String {
            guard let v, !v.isEmpty else { throw EngineError(code: .badValue, message: "\"profile.\(k)\" must be a non-empty string") }
            return v
        }
        let industry = try string("industry", input.industry), adcode = try string("adcode", input.adcode), scale = try string("scale", input.scale)
        guard recommender.catalog.regionName[adcode] != nil else {
            throw EngineError(code: .badValue, message: "\"profile.adcode\" \(adcode) is not a Guangxi region code")
        }
        guard ["micro", "small", "medium", "large"].contains(scale) else { throw EngineError(code: .badValue, message: "\"profile.scale\" must be micro, small, medium or large") }
        return .init(industry: industry, adcode: adcode, scale: scale, ageYears: input.ageYears, capital: input.capital,
                     text: PolicyRecommendationContext.profileText(industry: industry, scope: input.scope ?? "", names: industryName))
    }

    /// Enterprises eligible for policy `code` that have not applied, ranked by the recommender's
    /// blend (content match of their industry and scope with the policy, industry targeting,
    /// similarity to what they took up, peers who took it up), optionally within a region.
    func eligible(code: String, region: String?) throws -> (policy: PolicyCatalog.Policy, ranked: [(enterprise: Int, fit: Double)]) {
        guard let i = recommender.catalog.policies.firstIndex(where: { $0.code == code }) else {
            throw EngineError(code: .notFound, message: "no policy \(code); search them with POST /v1/policies/search")
        }
        let p = recommender.catalog.policies[i]
        guard !p.forCitizens else {
            throw EngineError(code: .badValue, message: "\(code) is a policy for citizens; push lists rank enterprises (recommend it with {\"citizen\": {…}})")
        }
        let now = recommender.asOf
        // Nobody is eligible for a policy that is not open: answer before any ranking work.
        if let opens = p.opens, now < opens { return (p, []) }
        if let until = p.validUntil, now > until { return (p, []) }
        let applied = Set((p.applications + p.grants).map(\.enterprise))
        var content = [Double](repeating: 0, count: enterpriseText.count)
        let hits = enterpriseText.search(p.title + "。" + p.tags.joined(separator: "、"), k: enterpriseText.count)
        let top = max(hits.first?.score ?? 1, 1e-9)
        for h in hits { content[h.document] = h.score / top }
        let near = recommender.history.proximity.enterprises(policy: i)
        let records = self.records
        var ranked = push.score(policy: i, recommender: recommender, excluded: applied, nodeIDs: nodeIDs, content: content, proximity: near) { e in
            region.map { RiskAlertBook.contains(region: $0, adcode: records[e].adcode) } ?? true
        }
        let order = usccRank
        ranked.sort { $0.1 != $1.1 ? $0.1 > $1.1 : order[$0.0] < order[$1.0] }
        return (p, ranked)
    }
}
