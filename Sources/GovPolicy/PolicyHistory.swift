import Foundation
import KGCore
import GovSupervision
import KGEngine

/// What the graph knew about policy uptake before one day: who applied for or received which
/// policy, how popular each policy was recently, how often enterprises of each industry (and of
/// each industry section and city) took it up, and the item–item similarity of policies by the
/// enterprises they share (cosine over the enterprise × policy uptake matrix). Only records dated
/// before `asOf` are used, so the same code serves a temporal hold-out and "now".
public struct PolicyHistory: Sendable {
    public let asOf: Int
    /// Policy indices each enterprise (node id) applied for or received before `asOf`.
    public let taken: [Int64: Set<Int>]
    /// Distinct enterprises that took each policy up in the 365 days before `asOf`.
    public let recent: [Int]
    /// Per policy: peer key (industry section + city) → enterprises that took it up.
    public let peerCounts: [[String: Int]]
    /// Per policy: industry code → enterprises that took it up.
    public let industryCounts: [[String: Int]]
    /// Row-major `policies × policies` cosine similarity of uptake (diagonal zero).
    public let similarity: [Float]
    public let policyCount: Int
    /// The graph policy proximity walks, as of `asOf`.
    public let proximity: PolicyProximity
    /// Dense index of each enterprise node id (in the records the history was built from).
    public let enterpriseIndex: [Int64: Int]

    public init(catalog: PolicyCatalog, records: EnterpriseRecords, asOf: Int) {
        self.asOf = asOf
        let n = catalog.policies.count
        policyCount = n
        var taken: [Int64: Set<Int>] = [:], recent = [Int](repeating: 0, count: n)
        var peers = [[String: Int]](repeating: [:], count: n), industries = [[String: Int]](repeating: [:], count: n)
        for (i, p) in catalog.policies.enumerated() {
            var seen = Set<Int64>(), seenRecent = Set<Int64>()
            for a in p.applications + p.grants where a.day < asOf {
                if a.day >= asOf - 365, seenRecent.insert(a.enterprise).inserted { recent[i] += 1 }
                guard seen.insert(a.enterprise).inserted else { continue }
                taken[a.enterprise, default: []].insert(i)
                if let e = records.index[a.enterprise] {
                    peers[i][Self.peerKey(records[e].industry, records[e].adcode), default: 0] += 1
                    industries[i][records[e].industry, default: 0] += 1
                }
            }
        }
        // Co-uptake counts, then cosine: sim(p, q) = c(p, q) / sqrt(c(p) c(q)).
        var co = [Float](repeating: 0, count: n * n)
        for set in taken.values where set.count > 1 {
            let items = Array(set)
            for a in items { for b in items where a != b { co[a * n + b] += 1 } }
        }
        var totals = [Float](repeating: 0, count: n)
        for set in taken.values { for i in set { totals[i] += 1 } }
        var similarity = [Float](repeating: 0, count: n * n)
        for a in 0..<n where totals[a] > 0 {
            for b in 0..<n where totals[b] > 0 && co[a * n + b] > 0 { similarity[a * n + b] = co[a * n + b] / (totals[a] * totals[b]).squareRoot() }
        }
        self.taken = taken
        self.recent = recent
        peerCounts = peers
        industryCounts = industries
        self.similarity = similarity
        proximity = PolicyProximity(catalog: catalog, records: records, taken: taken)
        enterpriseIndex = records.index
    }

    /// The key of an enterprise's peer group: industry section and city.
    public static func peerKey(_ industry: String, _ adcode: String) -> String { String(industry.prefix(1)) + String(adcode.prefix(4)) }

    /// Item-based collaborative score of policy `p` for an enterprise that took up `history`:
    /// the sum of the policy's similarities to what it took up.
    public func collaborative(_ p: Int, history: Set<Int>) -> Double {
        var s: Float = 0
        for q in history { s += similarity[q * policyCount + p] }
        return Double(s)
    }
}
