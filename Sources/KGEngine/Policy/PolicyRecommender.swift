import Foundation
import KGCore
import KGEmbedding

/// Policy recommendation for an enterprise: eligibility first (every structured rule of the
/// policy checked, each met or failed with a reason in Chinese and English), then the eligible
/// policies ranked by a blend of content match (BM25 of the enterprise's industry and business
/// scope against the policy's title, summary and tags), peer evidence (enterprises of the same
/// industry section in the same city that applied for or received it), popularity, and deadline
/// urgency. The blend weights are fixed (0.4 / 0.3 / 0.2 / 0.1) until the temporal evaluation
/// that learns them exists.
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
    public struct Rule: Sendable {
        public let rule: String
        public let met: Bool
        public let zh: String
        public let en: String
        public var json: JSON { .object([("rule", .string(rule)), ("met", .bool(met)), ("zh", .string(zh)), ("en", .string(en))]) }
    }

    public struct Item: Sendable {
        public let policy: PolicyCatalog.Policy
        public let score: Double
        public let rules: [Rule]
        public let peers: Int
        public let content: Double
        public var eligible: Bool { rules.allSatisfy(\.met) }
    }

    public let catalog: PolicyCatalog
    /// The day recommendations are made as of.
    public let asOf: Int
    let search: BM25Index
    /// Per policy: peer key (industry section + city) → applicants and grantees before `asOf`.
    let peerCounts: [[String: Int]]
    let popularity: [Int]

    public init(catalog: PolicyCatalog, records: EnterpriseRecords, asOf: Int) {
        self.catalog = catalog
        self.asOf = asOf
        search = BM25Index(texts: catalog.policies.map { $0.title + "。" + $0.summary + "。" + $0.tags.joined(separator: "、") })
        var peers: [[String: Int]] = [], popularity: [Int] = []
        for p in catalog.policies {
            var counts: [String: Int] = [:], seen = Set<Int64>()
            for a in p.applications + p.grants where a.day < asOf && seen.insert(a.enterprise).inserted {
                if let e = records.index[a.enterprise] { counts[Self.peerKey(records[e].industry, records[e].adcode), default: 0] += 1 }
            }
            peers.append(counts)
            popularity.append(seen.count)
        }
        peerCounts = peers
        self.popularity = popularity
    }

    static func peerKey(_ industry: String, _ adcode: String) -> String { String(industry.prefix(1)) + String(adcode.prefix(4)) }

    static func iso(_ day: Int) -> String { CypherDate(daysSinceEpoch: day).description }

    /// Every rule of `policy` checked against `profile`.
    public func rules(_ p: PolicyCatalog.Policy, _ profile: Profile) -> [Rule] {
        var out: [Rule] = []
        if let from = p.validFrom, asOf < from {
            out.append(Rule(rule: "validity", met: false, zh: "尚未开始申报（\(Self.iso(from))起）", en: "not open before \(Self.iso(from))"))
        } else if let until = p.validUntil, asOf > until {
            out.append(Rule(rule: "validity", met: false, zh: "已过有效期（\(Self.iso(until))止）", en: "expired on \(Self.iso(until))"))
        } else {
            out.append(Rule(rule: "validity", met: true, zh: "在有效期内" + (p.validUntil.map { "（至\(Self.iso($0))）" } ?? ""),
                            en: "open" + (p.validUntil.map { " until \(Self.iso($0))" } ?? "")))
        }
        if !p.industries.isEmpty {
            let ok = p.industries.contains(profile.industry) || p.industries.contains(String(profile.industry.prefix(1)))
            let list = p.industries.sorted().joined(separator: "、")
            out.append(Rule(rule: "industry", met: ok, zh: ok ? "行业符合（\(profile.industry)）" : "行业不符（限\(list)，企业为\(profile.industry)）",
                            en: ok ? "industry \(profile.industry) is covered" : "industry \(profile.industry) is not among \(list)"))
        }
        if !p.regions.isEmpty {
            let ok = !Set(catalog.ancestry(profile.adcode)).isDisjoint(with: p.regions)
            let names = p.regions.sorted().map { catalog.regionName[$0] ?? $0 }.joined(separator: "、")
            out.append(Rule(rule: "region", met: ok, zh: ok ? "属地符合（\(names)）" : "属地不符（限\(names)）", en: ok ? "located in \(names)" : "not located in \(names)"))
        }
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

    /// The `k` best eligible policies for `profile` (all policies checked, with their rules).
    public func recommend(_ profile: Profile, k: Int) -> [Item] {
        let content = search.search(profile.text, k: catalog.policies.count)
        let top = max(content.first?.score ?? 1, 1e-9)
        var contentScore = [Double](repeating: 0, count: catalog.policies.count)
        for hit in content { contentScore[hit.document] = hit.score / top }
        let key = Self.peerKey(profile.industry, profile.adcode)
        let maxPopularity = Double(popularity.max() ?? 1)
        var items: [Item] = []
        for (i, p) in catalog.policies.enumerated() where p.acceptsApplications {
            let checked = rules(p, profile)
            guard checked.allSatisfy(\.met) else { continue }
            let peers = peerCounts[i][key] ?? 0
            var urgency = 0.0
            if let until = p.validUntil { urgency = max(0, Double(90 - (until - asOf)) / 90) }
            let score = 0.4 * contentScore[i] + 0.3 * log1p(Double(peers)) / log1p(10) + 0.2 * log1p(Double(popularity[i])) / log1p(max(1, maxPopularity)) + 0.1 * min(1, urgency)
            items.append(Item(policy: p, score: score, rules: checked, peers: peers, content: contentScore[i]))
        }
        return Array(items.sorted { $0.score != $1.score ? $0.score > $1.score : $0.policy.code < $1.policy.code }.prefix(max(0, k)))
    }

    /// Why `policy` is (not) recommended: all its rules, for `explain` on a near miss.
    public func explain(_ code: String, _ profile: Profile) -> [Rule]? {
        catalog.policies.first { $0.code == code }.map { rules($0, profile) }
    }
}
