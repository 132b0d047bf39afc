import KGCore
import KGEngine

extension PolicyRecommender {
    /// Every rule of citizen policy `p` checked against a citizen: validity, region (with the
    /// region hierarchy) and each target group its tags name.
    public func rules(_ p: PolicyCatalog.Policy, citizen c: CitizenProfile) -> [Rule] {
        var out: [Rule] = [validityRule(p)]
        if !p.forCitizens {
            out.append(Rule(rule: "audience", met: false, zh: "面向企业，个人不能申报", en: "for enterprises, not citizens"))
        }
        if let region = regionRule(p, c.adcode) { out.append(region) }
        for tag in p.tags.sorted() {
            guard let group = CitizenProfile.targetGroups[tag] else { continue }
            let ok = group.applies(c)
            out.append(Rule(rule: group.rule, met: ok, zh: ok ? "符合对象：\(group.zh)" : "限\(group.zh)", en: ok ? "you are \(group.en)" : "only for \(group.en)"))
        }
        return out
    }

    /// The `k` best citizen policies a citizen meets every rule of, ranked by the same blend: content
    /// match of the interests and situations against the policy text, "targeted" when a policy tag
    /// is among the chosen interests, deadline urgency and freshness (no uptake evidence for people).
    public func recommend(citizen c: CitizenProfile, k: Int) -> [Item] {
        let content = contentScores(c.text)
        let interests = Set(c.interests)
        var items: [Item] = []
        for (i, p) in catalog.policies.enumerated() where p.forCitizens && p.acceptsApplications {
            let checked = rules(p, citizen: c)
            guard checked.allSatisfy(\.met) else { continue }
            let (urgency, freshness) = timing(p)
            let targeted = p.tags.contains(where: interests.contains) ? 1.0 : 0
            let x = [content[i], targeted, 0, 0, 0, 0, 0, urgency, freshness]
            items.append(Item(policy: p, index: i, score: blend.score(x), rules: checked, peers: 0, features: x))
        }
        return Array(items.sorted { $0.score != $1.score ? $0.score > $1.score : $0.policy.code < $1.policy.code }.prefix(max(0, k)))
    }

    /// All rules of policy `code` for a citizen (why it is or is not recommended).
    public func explain(_ code: String, citizen c: CitizenProfile) -> [Rule]? {
        catalog.policies.first { $0.code == code }.map { rules($0, citizen: c) }
    }
}
