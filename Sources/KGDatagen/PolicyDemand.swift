import Foundation
import KGCore

/// How enterprises come to apply for support policies in the generated data: a discrete-choice
/// model over time, so that recommendation has something real to learn and a temporal hold-out
/// has a truth.
///
/// Each active enterprise has an appetite for support (small firms more) and makes a Poisson
/// number of applications over the window. At each application day it chooses among the policies
/// that are open that day, that it is eligible for and that it has not applied for yet, with
/// probability proportional to `exp(utility)`:
/// - content fit: the share of the policy's tags that match the enterprise's needs as its industry
///   section, its business activity and its scale express them, plus a bonus for policies targeted
///   at its industry (observable in the enterprise's and the policy's texts);
/// - a favourite theme (a tag pair), shared by many enterprises of the same industry section and
///   city and otherwise individual: visible only through behaviour (collaborative evidence);
/// - the policy's publicity (a log-normal popularity).
/// A few applications are by ineligible enterprises (always refused); eligible ones are granted
/// with a probability that grows with content fit, 10–45 days later when that is before `end`.
struct PolicyDemand {
    struct Enterprise {
        let section: String
        let activity: String
        let scale: String
        let cluster: String
        let active: Bool
    }

    struct Event {
        let enterprise: Int
        let policy: Int
        let applied: Int
        let granted: Int?
        let eligible: Bool
        let fit: Double
    }

    /// Tags each industry section tends to need.
    static let sectionNeeds: [String: Set<String>] = [
        "A": ["乡村振兴", "农业产业化"], "B": ["绿色制造", "节能减排"],
        "C": ["制造业", "技术改造", "绿色制造", "节能减排", "专精特新", "上规入统"], "D": ["节能减排", "绿色制造"],
        "E": ["建筑业", "资质升级"], "F": ["外贸", "出口信保", "电子商务", "东盟", "边境贸易", "促消费", "消费券"],
        "G": ["物流", "降本增效"], "H": ["文旅", "消费券", "促消费"],
        "I": ["科技创新", "数字化转型", "上云", "高新技术企业", "研发投入"],
        "M": ["科技创新", "研发投入", "高新技术企业", "人才", "高层次人才"], "R": ["文旅", "促消费"],
    ]

    /// Tags a business activity (the second part of the generated business scope) points to.
    static let activityNeeds: [String: Set<String>] = [
        "技术服务": ["科技创新", "研发投入", "高新技术企业"], "货物进出口": ["外贸", "出口信保", "东盟", "边境贸易"],
        "日用品销售": ["促消费", "消费券", "电子商务"], "食品销售": ["促消费", "消费券", "电子商务"],
        "餐饮服务": ["消费券", "促消费", "文旅"], "建筑工程施工": ["建筑业", "资质升级"],
        "道路货物运输": ["物流", "降本增效"], "软件开发": ["数字化转型", "上云", "科技创新"],
        "农产品收购": ["农业产业化", "乡村振兴"],
    ]

    /// Tags an enterprise scale points to.
    static let scaleNeeds: [String: Set<String>] = [
        "micro": ["小微企业", "纾困", "创业", "贷款贴息", "中小企业"], "small": ["小微企业", "纾困", "贷款贴息", "中小企业", "稳岗", "就业"],
        "medium": ["专精特新", "上规入统", "稳岗", "就业", "人才", "中小企业"], "large": ["规模以上企业", "稳岗", "就业", "人才"],
    ]

    /// The needs of one enterprise.
    static func needs(_ e: Enterprise) -> Set<String> {
        (sectionNeeds[e.section] ?? []).union(activityNeeds[e.activity] ?? []).union(scaleNeeds[e.scale] ?? [])
    }

    /// The business activity in a generated business scope ("…；一般项目：技术服务").
    static func activity(ofScope scope: String) -> String {
        scope.split(separator: "：").last.map(String.init) ?? ""
    }

    /// Generates the application events of all enterprises between `start` and `end` (days).
    /// - Parameter eligible: whether enterprise `e` meets the hard rules of policy `p`.
    static func events(enterprises: [Enterprise], policies: [PolicyLibrary.Policy], start: Int, end: Int,
                       eligible: (Int, Int) -> Bool, rng: inout SeededRandom) -> [Event] {
        let opens = policies.map { p in max(p.publishedDay, CypherDate(iso: p.validFrom)?.daysSinceEpoch ?? p.publishedDay) }
        let closes = policies.map { p in CypherDate(iso: p.validUntil)?.daysSinceEpoch ?? Int.max }
        let themes = Array(Set(policies.map { $0.tags.sorted().joined(separator: "+") })).sorted()
        let themeOf = policies.map { $0.tags.sorted().joined(separator: "+") }
        let publicity = policies.map { _ in rng.normal() * 0.8 }
        var clusterThemes: [String: [String]] = [:]
        var events: [Event] = []
        for (e, ent) in enterprises.enumerated() where ent.active {
            let needs = Self.needs(ent)
            if clusterThemes[ent.cluster] == nil { clusterThemes[ent.cluster] = [rng.pick(themes), rng.pick(themes)] }
            let draw = rng.unit()
            let favourite: String? = draw < 0.55 ? rng.pick(clusterThemes[ent.cluster]!) : (draw < 0.8 ? rng.pick(themes) : nil)
            let appetite = 0.5 + 2.2 * pow(rng.unit(), 2) + (ent.scale == "small" ? 0.4 : 0)
            let days = (0..<rng.poisson(appetite)).map { _ in rng.int(start...end - 15) }.sorted()
            var applied = Set<Int>()
            for day in days {
                let open = policies.indices.filter { opens[$0] <= day && day <= closes[$0] && !applied.contains($0) }
                guard !open.isEmpty else { continue }
                if rng.chance(0.05) {
                    // An application that does not meet the rules: refused.
                    let p = rng.pick(open)
                    if !eligible(e, p) { applied.insert(p); events.append(Event(enterprise: e, policy: p, applied: day, granted: nil, eligible: false, fit: 0)) }
                    continue
                }
                var candidates: [Int] = [], weights: [Double] = [], fits: [Double] = []
                for p in open where eligible(e, p) {
                    let tags = policies[p].tags
                    let content = tags.isEmpty ? 0 : Double(tags.filter(needs.contains).count) / Double(tags.count)
                    let targeted = policies[p].industries.isEmpty ? 0.0 : 0.5
                    let liked = favourite == themeOf[p] ? 1.0 : 0.0
                    candidates.append(p)
                    fits.append(min(1, (content + targeted + liked) / 2))
                    weights.append(exp(2.0 * (content + targeted) + 2.2 * liked + publicity[p]))
                }
                guard !candidates.isEmpty else { continue }
                var cumulative: [Double] = [], total = 0.0
                for w in weights { total += w; cumulative.append(total) }
                let k = rng.weighted(cumulative)
                let p = candidates[k]
                applied.insert(p)
                let grantDay = day + rng.int(10...45)
                let granted = rng.chance(0.45 + 0.4 * fits[k]) && grantDay < end ? grantDay : nil
                events.append(Event(enterprise: e, policy: p, applied: day, granted: granted, eligible: true, fit: fits[k]))
            }
        }
        return events
    }
}
