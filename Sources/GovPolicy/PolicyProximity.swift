import KGAlgorithms
import KGCore
import GovSupervision
import KGEngine

/// The graph that policy proximity walks, as of one day: enterprises linked to the policies they
/// took up before it, to their industry (linked to its section) and to their county (linked up the
/// region hierarchy), and policies linked to the industries and regions their rules name. Personalized
/// PageRank restarting at an enterprise (or, for a profile, at its industry and county) scores how
/// close each policy is; restarting at a policy, how close each enterprise is (the push list).
public struct PolicyProximity: Sendable {
    let graph: GraphProjection
    let enterpriseCount: Int
    let policyCount: Int
    /// Dense index of each industry code and region adcode.
    let industryNode: [String: Int]
    let regionNode: [String: Int]

    init(catalog: PolicyCatalog, records: EnterpriseRecords, taken: [Int64: Set<Int>]) {
        let e = records.count, p = catalog.policies.count
        var industryNode: [String: Int] = [:], regionNode: [String: Int] = [:]
        var next = e + p
        func industry(_ code: String) -> Int {
            if let i = industryNode[code] { return i }
            industryNode[code] = next; next += 1
            return next - 1
        }
        func region(_ adcode: String) -> Int {
            if let i = regionNode[adcode] { return i }
            regionNode[adcode] = next; next += 1
            return next - 1
        }
        var edges: [(source: Int32, target: Int32, weight: Double, relationship: Int64)] = []
        func link(_ a: Int, _ b: Int) { edges.append((Int32(a), Int32(b), 1, 0)) }
        for (k, ent) in records.enterprises.enumerated() {
            if !ent.industry.isEmpty { link(k, industry(ent.industry)) }
            if !ent.adcode.isEmpty { link(k, region(ent.adcode)) }
            for policy in taken[ent.nodeID] ?? [] { link(k, e + policy) }
        }
        for (k, policy) in catalog.policies.enumerated() {
            for code in policy.industries { link(e + k, industry(code)) }
            for adcode in policy.regions { link(e + k, region(adcode)) }
        }
        for code in Array(industryNode.keys) where code.count > 1 { link(industry(code), industry(String(code.prefix(1)))) }
        var linked = Set<String>(), pending = Array(regionNode.keys)
        while let child = pending.popLast() {
            guard linked.insert(child).inserted, let parent = catalog.parentOf[child] else { continue }
            if regionNode[parent] == nil { pending.append(parent) }
            link(region(child), region(parent))
        }
        graph = GraphProjection(nodeIDs: (0..<next).map(Int64.init), edges: edges, orientation: .undirected, weighted: false)
        enterpriseCount = e
        policyCount = p
        self.industryNode = industryNode
        self.regionNode = regionNode
    }

    private func pageRank(from sources: [Int], iterations: Int = 15) -> [Double] {
        guard !sources.isEmpty else { return [] }
        var c = PageRank.Configuration()
        c.sourceNodes = sources
        c.maxIterations = iterations
        c.tolerance = 1e-6
        return (try? PageRank.run(graph, configuration: c).scores) ?? []
    }

    /// Proximity of every policy to an enterprise (dense index) or, without one, to an industry and
    /// county; each divided by the largest (all zero when nothing connects).
    public func policies(enterprise: Int?, industry: String, adcode: String) -> [Double] {
        let sources = enterprise.map { [$0] } ?? [industryNode[industry], regionNode[adcode]].compactMap { $0 }
        let scores = pageRank(from: sources)
        guard !scores.isEmpty else { return [Double](repeating: 0, count: policyCount) }
        let slice = Array(scores[enterpriseCount..<enterpriseCount + policyCount])
        let top = slice.max() ?? 0
        return top > 0 ? slice.map { $0 / top } : slice
    }

    /// Proximity of every enterprise to policy `p`, divided by the largest (10 iterations: the
    /// ranking of a push list settles well before the scores do).
    public func enterprises(policy p: Int) -> [Double] {
        let scores = pageRank(from: [enterpriseCount + p], iterations: 10)
        guard !scores.isEmpty else { return [Double](repeating: 0, count: enterpriseCount) }
        let slice = Array(scores[0..<enterpriseCount])
        let top = slice.max() ?? 0
        return top > 0 ? slice.map { $0 / top } : slice
    }
}
