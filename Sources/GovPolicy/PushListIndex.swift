import Foundation
import KGCore
import GovSupervision
import KGEngine

/// Columns of every enterprise as small integers and numbers, built once per graph version, so a
/// push list checks the rules and computes the blend's features for a million enterprises with
/// array reads only. The rules and features are those of `PolicyRecommender.isEligible` and
/// `PolicyRecommender.features`; a test checks that both give the same list.
struct PushListIndex: Sendable {
    let active: [Bool]
    let industry: [Int32]
    let section: [Int32]
    let scale: [UInt8]
    let ageYears: [Double]
    let capital: [Double]
    /// Region ids of the enterprise's region and its ancestors, by distinct region (`regionOf`).
    let chains: [[Int32]]
    let regionOf: [Int32]
    let peerKey: [Int32]
    let taken: [[Int32]]
    let textOf: [Int32]
    let industryID: [String: Int32]
    let regionID: [String: Int32]
    let peerKeyID: [String: Int32]
    static let scales = ["micro", "small", "medium", "large"]

    init(records: EnterpriseRecords, catalog: PolicyCatalog, history: PolicyHistory, textOf: [Int32]) {
        var industryID: [String: Int32] = [:], regionID: [String: Int32] = [:], peerKeyID: [String: Int32] = [:]
        var chainOf: [String: Int32] = [:], chains: [[Int32]] = []
        func id(_ key: String, _ table: inout [String: Int32]) -> Int32 {
            if let k = table[key] { return k }
            let k = Int32(table.count)
            table[key] = k
            return k
        }
        let now = history.asOf
        var active: [Bool] = [], industry: [Int32] = [], section: [Int32] = [], scale: [UInt8] = [], age: [Double] = [], capital: [Double] = []
        var regionOf: [Int32] = [], peerKey: [Int32] = [], taken: [[Int32]] = []
        for ent in records.enterprises {
            active.append(ent.status != "注销")
            industry.append(id(ent.industry, &industryID))
            section.append(id(String(ent.industry.prefix(1)), &industryID))
            scale.append(UInt8(Self.scales.firstIndex(of: ent.scale) ?? Self.scales.count))
            age.append(ent.registeredDay.map { Double(now - $0) / 365.25 } ?? .nan)
            capital.append(ent.capital)
            if let c = chainOf[ent.adcode] {
                regionOf.append(c)
            } else {
                let c = Int32(chains.count)
                chainOf[ent.adcode] = c
                chains.append(catalog.ancestry(ent.adcode).map { id($0, &regionID) })
                regionOf.append(c)
            }
            peerKey.append(id(PolicyHistory.peerKey(ent.industry, ent.adcode), &peerKeyID))
            taken.append((history.taken[ent.nodeID] ?? []).map(Int32.init))
        }
        self.active = active; self.industry = industry; self.section = section; self.scale = scale; ageYears = age; self.capital = capital
        self.chains = chains; self.regionOf = regionOf; self.peerKey = peerKey; self.taken = taken; self.textOf = textOf
        self.industryID = industryID; self.regionID = regionID; self.peerKeyID = peerKeyID
    }

    /// Every active enterprise (dense index) that meets the rules of policy `i`, is not in `excluded`
    /// and passes `keep`, with its blend score; unordered.
    func score(policy i: Int, recommender r: PolicyRecommender, excluded: Set<Int64>, nodeIDs: [Int64],
               content: [Double], proximity: [Double], keep: (Int) -> Bool) -> [(Int, Double)] {
        let p = r.catalog.policies[i], history = r.history
        func mask(_ codes: Set<String>, _ table: [String: Int32]) -> [Bool] {
            var m = [Bool](repeating: false, count: table.count)
            for c in codes { if let k = table[c] { m[Int(k)] = true } }
            return m
        }
        let industries = mask(p.industries, industryID), regions = mask(p.regions, regionID)
        var scales = [Bool](repeating: p.scales.isEmpty, count: Self.scales.count + 1)
        for s in p.scales { if let k = Self.scales.firstIndex(of: s) { scales[k] = true } }
        let regionOK = chains.map { chain in p.regions.isEmpty || chain.contains { regions[Int($0)] } }
        var peers = [Double](repeating: 0, count: peerKeyID.count), industryPeers = [Double](repeating: 0, count: industryID.count)
        for (key, n) in history.peerCounts[i] { if let k = peerKeyID[key] { peers[Int(k)] = log1p(Double(n)) / log1p(10) } }
        for (key, n) in history.industryCounts[i] { if let k = industryID[key] { industryPeers[Int(k)] = log1p(Double(n)) / log1p(20) } }
        let n = history.policyCount
        let similarity = (0..<n).map { q in history.similarity[q * n + i] }
        // The features that are the same for everyone.
        let probe = r.features(i, PolicyRecommender.Profile(industry: "", adcode: "", scale: "", ageYears: nil, capital: nil, text: ""),
                               content: 0, proximity: 0, taken: [])
        var w = [Double](repeating: 0, count: PolicyFeature.allCases.count)
        for (f, weight) in zip(r.blend.features, r.blend.weights) { w[PolicyBlend.position[f]!] = weight }
        let constant = r.blend.intercept + w[6] * probe[6] + w[7] * probe[7] + w[8] * probe[8]
        let minAge = p.minAgeYears.map(Double.init), maxAge = p.maxAgeYears.map(Double.init), minCapital = p.minCapital
        let restricted = !p.industries.isEmpty
        var out: [(Int, Double)] = []
        for e in 0..<active.count where active[e] {
            let ind = Int(industry[e]), sec = Int(section[e])
            if restricted && !industries[ind] && !industries[sec] { continue }
            if !regionOK[Int(regionOf[e])] || !scales[Int(scale[e])] { continue }
            let age = ageYears[e]
            if let minAge, (age.isNaN ? 0 : age) < minAge { continue }
            if let maxAge, !age.isNaN, age > maxAge { continue }
            if let minCapital, capital[e] < minCapital { continue }
            if !keep(e) || excluded.contains(nodeIDs[e]) { continue }
            let targeted = industries[ind] ? 1.0 : (industries[sec] ? 0.5 : 0)
            var collaborative: Float = 0
            for q in taken[e] { collaborative += similarity[Int(q)] }
            let s = constant + w[0] * content[Int(textOf[e])] + w[1] * targeted + w[2] * min(2, Double(collaborative))
                + w[3] * peers[Int(peerKey[e])] + w[4] * industryPeers[ind] + w[5] * proximity[e]
            out.append((e, s))
        }
        return out
    }
}
