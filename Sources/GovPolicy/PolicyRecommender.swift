import Foundation
import KGCore
import GovSupervision
import KGEngine
import KGEmbedding

/// Policy recommendation for an enterprise: eligibility first (every structured rule of the
/// policy checked, each met or failed with a reason in Chinese and English; policies it already
/// applied for or received are left out), then the eligible policies ranked by a `PolicyBlend` of
/// the `PolicyFeature`s (content match, industry targeting, item-based collaborative evidence,
/// peers in the same industry and city or industry, popularity, deadline urgency, freshness) with
/// weights learned on a temporal validation split (`PolicyRecommenderModel`).
public struct PolicyRecommender: Sendable {
    /// Who a recommendation is for.
    public struct Profile: Sendable {
        public var nodeID: Int64?
        public var uscc: String?
        public var industry: String
        public var adcode: String
        public var scale: String
        public var ageYears: Double?
        public var capital: Double?
        public var text: String
        public init(nodeID: Int64? = nil, uscc: String? = nil, industry: String, adcode: String, scale: String, ageYears: Double?, capital: Double?, text: String) {
            self.nodeID = nodeID; self.uscc = uscc; self.industry = industry; self.adcode = adcode; self.scale = scale
            self.ageYears = ageYears; self.capital = capital; self.text = text
        }
    }

    /// One rule of a policy checked against a profile.
    public struct Rule: Sendable, Codable, Equatable {
        public let rule: String
        public let met: Bool
        public let zh: String
        public let en: String

        public init(rule: String, met: Bool, zh: String, en: String) { self.rule = rule; self.met = met; self.zh = zh; self.en = en }
    }

    public struct Item: Sendable {
        public let policy: PolicyCatalog.Policy
        /// Index of the policy in the catalog.
        public let index: Int
        public let score: Double
        public let rules: [Rule]
        public let peers: Int
        /// The full feature vector (indexed by `PolicyFeature.allCases`).
        public let features: [Double]
        public var content: Double { features[0] }
        public var eligible: Bool { rules.allSatisfy(\.met) }
    }

    public let catalog: PolicyCatalog
    /// The day recommendations are made as of.
    public let asOf: Int
    public let history: PolicyHistory
    public let blend: PolicyBlend
    let search: BM25Index
    let maxRecent: Double

    public init(catalog: PolicyCatalog, records: EnterpriseRecords, asOf: Int, blend: PolicyBlend) {
        self.init(catalog: catalog, history: PolicyHistory(catalog: catalog, records: records, asOf: asOf), blend: blend)
    }

    public init(catalog: PolicyCatalog, history: PolicyHistory, blend: PolicyBlend) {
        self.catalog = catalog
        asOf = history.asOf
        self.history = history
        self.blend = blend
        search = BM25Index(texts: catalog.policies.map { $0.title + "。" + $0.summary + "。" + $0.tags.joined(separator: "、") })
        maxRecent = Double(history.recent.max() ?? 0)
    }

    public static func iso(_ day: Int) -> String { CypherDate(daysSinceEpoch: day).description }

    /// The validity rule of a policy as of `asOf`.
    func validityRule(_ p: PolicyCatalog.Policy) -> Rule {
        if let from = p.opens, asOf < from {
            return Rule(rule: "validity", met: false, zh: "尚未开始申报（\(Self.iso(from))起）", en: "not open before \(Self.iso(from))")
        } else if let until = p.validUntil, asOf > until {
            return Rule(rule: "validity", met: false, zh: "已过有效期（\(Self.iso(until))止）", en: "expired on \(Self.iso(until))")
        }
        return Rule(rule: "validity", met: true, zh: "在有效期内" + (p.validUntil.map { "（至\(Self.iso($0))）" } ?? ""),
                    en: "open" + (p.validUntil.map { " until \(Self.iso($0))" } ?? ""))
    }

    /// The region rule of a policy for someone in `adcode` (nil when the policy names no region).
    func regionRule(_ p: PolicyCatalog.Policy, _ adcode: String) -> Rule? {
        guard !p.regions.isEmpty else { return nil }
        let ok = !Set(catalog.ancestry(adcode)).isDisjoint(with: p.regions)
        let names = p.regions.sorted().map { catalog.regionName[$0] ?? $0 }.joined(separator: "、")
        return Rule(rule: "region", met: ok, zh: ok ? "属地符合（\(names)）" : "属地不符（限\(names)）", en: ok ? "located in \(names)" : "not located in \(names)")
    }

    /// Every rule of `policy` checked against `profile`.
    public func rules(_ p: PolicyCatalog.Policy, _ profile: Profile) -> [Rule] {
        var out: [Rule] = [validityRule(p)]
        if p.forCitizens {
            out.append(Rule(rule: "audience", met: false, zh: "面向个人，企业不能申报", en: "for citizens, not enterprises"))
        }
        if !p.industries.isEmpty {
            let ok = p.industries.contains(profile.industry) || p.industries.contains(String(profile.industry.prefix(1)))
            let list = p.industries.sorted().joined(separator: "、")
            out.append(Rule(rule: "industry", met: ok, zh: ok ? "行业符合（\(profile.industry)）" : "行业不符（限\(list)，企业为\(profile.industry)）",
                            en: ok ? "industry \(profile.industry) is covered" : "industry \(profile.industry) is not among \(list)"))
        }
        if let region = regionRule(p, profile.adcode) { out.append(region) }
        if !p.scales.isEmpty {
            let ok = p.scales.contains(profile.scale)
            let list = p.scales.sorted().joined(separator: "/")
            out.append(Rule(rule: "scale", met: ok, zh: ok ? "企业规模符合（\(profile.scale)）" : "企业规模不符（限\(list)）", en: ok ? "scale \(profile.scale) is covered" : "scale \(profile.scale) is not \(list)"))
        }
        if let minAge = p.minAgeYears {
            let ok = (profile.ageYears ?? 0) >= Double(minAge)
            out.append(Rule(rule: "minAgeYears", met: ok, zh: ok ? "成立满\(minAge)年" : "成立未满\(minAge)年", en: ok ? "registered at least \(minAge) years" : "registered less than \(minAge) years"))
        }
        if let maxAge = p.maxAgeYears {
            let ok = (profile.ageYears ?? .infinity) <= Double(maxAge)
            out.append(Rule(rule: "maxAgeYears", met: ok, zh: ok ? "成立不超过\(maxAge)年" : "成立已超过\(maxAge)年", en: ok ? "registered at most \(maxAge) years" : "registered more than \(maxAge) years"))
        }
        if let minCapital = p.minCapital {
            let ok = (profile.capital ?? 0) >= minCapital
            let text = String(format: "%g", minCapital)
            out.append(Rule(rule: "minCapital", met: ok, zh: ok ? "注册资本不低于\(text)万元" : "注册资本低于\(text)万元", en: ok ? "capital at least \(text) (10k yuan)" : "capital below \(text) (10k yuan)"))
        }
        return out
    }

    /// The content scores of every policy for a profile text (BM25 divided by the best).
    func contentScores(_ text: String) -> [Double] {
        var out = [Double](repeating: 0, count: catalog.policies.count)
        let hits = search.search(text, k: catalog.policies.count)
        let top = max(hits.first?.score ?? 1, 1e-9)
        for hit in hits { out[hit.document] = hit.score / top }
        return out
    }

    /// The feature vector of policy `i` for `profile` (indexed by `PolicyFeature.allCases`).
    func features(_ i: Int, _ profile: Profile, content: Double, proximity: Double, taken: Set<Int>) -> [Double] {
        let p = catalog.policies[i]
        var targeted = 0.0
        if p.industries.contains(profile.industry) { targeted = 1 } else if p.industries.contains(String(profile.industry.prefix(1))) { targeted = 0.5 }
        let peers = history.peerCounts[i][PolicyHistory.peerKey(profile.industry, profile.adcode)] ?? 0
        let industryPeers = history.industryCounts[i][profile.industry] ?? 0
        let (urgency, freshness) = timing(p)
        return [content, targeted, min(2, history.collaborative(i, history: taken)),
                log1p(Double(peers)) / log1p(10), log1p(Double(industryPeers)) / log1p(20), proximity,
                maxRecent > 0 ? log1p(Double(history.recent[i])) / log1p(maxRecent) : 0, urgency, freshness]
    }

    /// Deadline urgency (1 on the last day, 0 from 90 days before) and freshness (1 on the day it
    /// opens, 0 after 180 days) of a policy as of `asOf`.
    func timing(_ p: PolicyCatalog.Policy) -> (urgency: Double, freshness: Double) {
        let urgency = p.validUntil.map { min(1, max(0, Double(90 - ($0 - asOf)) / 90)) } ?? 0
        let freshness = p.opens.map { min(1, max(0, 1 - Double(asOf - $0) / 180)) } ?? 0
        return (urgency, freshness)
    }

    /// Whether `profile` meets every rule of `p` (what `rules` checks, without the messages).
    public func isEligible(_ p: PolicyCatalog.Policy, _ profile: Profile) -> Bool {
        if let from = p.opens, asOf < from { return false }
        if let until = p.validUntil, asOf > until { return false }
        if !p.industries.isEmpty, !p.industries.contains(profile.industry), !p.industries.contains(String(profile.industry.prefix(1))) { return false }
        if !p.regions.isEmpty, !catalog.ancestry(profile.adcode).contains(where: p.regions.contains) { return false }
        if !p.scales.isEmpty, !p.scales.contains(profile.scale) { return false }
        if let minAge = p.minAgeYears, (profile.ageYears ?? 0) < Double(minAge) { return false }
        if let maxAge = p.maxAgeYears, (profile.ageYears ?? .infinity) > Double(maxAge) { return false }
        if let minCapital = p.minCapital, (profile.capital ?? 0) < minCapital { return false }
        return true
    }

    /// Every policy `profile` may apply for now: open, every rule met, not already applied for or received.
    public func candidates(_ profile: Profile) -> [Int] {
        let taken = profile.nodeID.flatMap { history.taken[$0] } ?? []
        return catalog.policies.indices.filter { i in
            catalog.policies[i].acceptsApplications && !catalog.policies[i].forCitizens && !taken.contains(i) && isEligible(catalog.policies[i], profile)
        }
    }

    /// The candidates of `profile` ranked by `blend`, best first: (policy index, score, features).
    public func ranked(_ profile: Profile) -> [(index: Int, score: Double, features: [Double])] {
        let content = contentScores(profile.text)
        let taken = profile.nodeID.flatMap { history.taken[$0] } ?? []
        let near = history.proximity.policies(enterprise: profile.nodeID.flatMap { history.enterpriseIndex[$0] },
                                              industry: profile.industry, adcode: profile.adcode)
        return candidates(profile).map { i in
            let x = features(i, profile, content: content[i], proximity: near[i], taken: taken)
            return (i, blend.score(x), x)
        }.sorted { $0.score != $1.score ? $0.score > $1.score : catalog.policies[$0.index].code < catalog.policies[$1.index].code }
    }

    /// The `k` best eligible policies for `profile`, by `blend`, with the rules each met.
    public func recommend(_ profile: Profile, k: Int) -> [Item] {
        let key = PolicyHistory.peerKey(profile.industry, profile.adcode)
        return ranked(profile).prefix(max(0, k)).map { r in
            Item(policy: catalog.policies[r.index], index: r.index, score: r.score, rules: rules(catalog.policies[r.index], profile),
                 peers: history.peerCounts[r.index][key] ?? 0, features: r.features)
        }
    }

    /// Why `policy` is (not) recommended: all its rules, for `explain` on a near miss.
    public func explain(_ code: String, _ profile: Profile) -> [Rule]? {
        catalog.policies.first { $0.code == code }.map { rules($0, profile) }
    }
}
