import Foundation
import KGCore
import KGEngine
import GovSupervision

/// One temporal cut of the policy uptake history: the recommender sees only what happened before
/// `cut`; the truth of each enterprise is the policies it applied for in [`cut`, `end`) and
/// received. Enterprises are profiled as of `cut` (their age counted to that day).
public struct PolicyRecommendationSplit: Sendable {
    public let cut: Int
    public let end: Int
    public let recommender: PolicyRecommender
    /// Enterprise index → policy indices applied for in the window and granted.
    public let truth: [Int: Set<Int>]
    /// Enterprise index → policy indices applied for in the window (granted or not).
    public let applied: [Int: Set<Int>]
    /// Policies open for applications at the cut (the catalogue coverage is counted against them).
    public let openPolicies: Int
    public let context: PolicyRecommendationContext

    public init(context: PolicyRecommendationContext, cut: Int, end: Int, blend: PolicyBlend) {
        self.context = context
        self.cut = cut
        self.end = end
        let catalog = context.catalog
        recommender = PolicyRecommender(catalog: catalog, records: context.records, asOf: cut, blend: blend)
        var truth: [Int: Set<Int>] = [:], applied: [Int: Set<Int>] = [:]
        for (i, p) in catalog.policies.enumerated() {
            var firstApplication: [Int64: Int] = [:]
            for a in p.applications { firstApplication[a.enterprise] = min(firstApplication[a.enterprise] ?? .max, a.day) }
            for (node, day) in firstApplication where day >= cut && day < end {
                if let e = context.records.index[node] { applied[e, default: []].insert(i) }
            }
            for g in p.grants {
                let day = firstApplication[g.enterprise] ?? g.day
                if day >= cut && day < end, let e = context.records.index[g.enterprise] { truth[e, default: []].insert(i) }
            }
        }
        self.truth = truth
        self.applied = applied
        openPolicies = catalog.policies.filter { p in
            p.acceptsApplications && (p.opens ?? .min) <= cut && (p.validUntil ?? .max) >= cut
        }.count
    }

    /// The profile of enterprise `e` as of the cut.
    public func profile(_ e: Int) -> PolicyRecommender.Profile {
        PolicyRecommendations.profile(context.records, e, asOf: cut, industryName: context.industryName, scope: context.scope)
    }

    /// Labelled candidate rows for learning a blend: every eligible candidate of each enterprise
    /// that applied for anything in the window, labelled by whether it applied and was granted.
    public func trainingRows() -> (rows: [[Double]], labels: [Bool]) {
        var rows: [[Double]] = [], labels: [Bool] = []
        for e in applied.keys.sorted() {
            let truth = self.truth[e] ?? []
            for r in recommender.ranked(profile(e)) {
                rows.append(r.features)
                labels.append(truth.contains(r.index))
            }
        }
        return (rows, labels)
    }
}
