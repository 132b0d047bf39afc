import KGCore
import KGEngine

/// The enterprise-support policies of the graph with their structured eligibility rules
/// (industries, regions with the region hierarchy, scales, years since registration, registered
/// capital, validity dates), and who applied for or received each, with dates.
public struct PolicyCatalog: Sendable {
    public struct Policy: Sendable {
        public let nodeID: Int64
        public let code: String
        public let title: String
        public let summary: String
        public let tags: [String]
        public let industries: Set<String>
        public let regions: Set<String>
        public let scales: Set<String>
        public let minAgeYears: Int?
        public let maxAgeYears: Int?
        public let minCapital: Double?
        public let validFrom: Int?
        public let validUntil: Int?
        /// The day it was published.
        public let published: Int?
        /// A policy for citizens (subsidies, allowances), not for enterprises.
        public let forCitizens: Bool
        /// Enterprise node ids and days of their applications and grants.
        public var applications: [(enterprise: Int64, day: Int)] = []
        public var grants: [(enterprise: Int64, day: Int)] = []

        /// Whether anyone can apply (plan documents and notices have no rules to meet).
        /// The first day one can apply (the later of publication and validity start).
        public var opens: Int? { [published, validFrom].compactMap { $0 }.max() }

        public var acceptsApplications: Bool { !(industries.isEmpty && regions.isEmpty && scales.isEmpty && minAgeYears == nil && minCapital == nil && validUntil == nil) }
    }

    public private(set) var policies: [Policy]
    /// Parent adcode of each region.
    public let parentOf: [String: String]
    public let regionName: [String: String]
    /// Each known region with its ancestors (computed once: eligibility checks it for every enterprise).
    private let chains: [String: [String]]

    public init(graph store: KnowledgeGraph) throws {
        func string(_ v: Value?) -> String? { if case .string(let s)? = v { return s } else { return nil } }
        func day(_ v: Value?) -> Int? { if case .date(let d)? = v { return d.daysSinceEpoch } else { return nil } }
        func number(_ v: Value?) -> Double? { switch v { case .int(let i)?: return Double(i); case .double(let d)?: return d; default: return nil } }
        var raw: [(Int64, [String: Value])] = []
        try store.forEachNode(label: "Policy") { id, p in raw.append((id, p)) }
        var industryCode: [Int64: String] = [:], regionCode: [Int64: String] = [:], tagName: [Int64: String] = [:], names: [String: String] = [:]
        try store.forEachNode(label: "Industry") { id, p in industryCode[id] = string(p["code"]) }
        try store.forEachNode(label: "Region") { id, p in
            regionCode[id] = string(p["adcode"])
            if let a = string(p["adcode"]), let n = string(p["name"]) { names[a] = n }
        }
        try store.forEachNode(label: "Tag") { id, p in tagName[id] = string(p["name"]) }
        var industries: [Int64: Set<String>] = [:], regions: [Int64: Set<String>] = [:], tags: [Int64: [String]] = [:]
        try store.forEachRelationship(type: "APPLIES_TO_INDUSTRY") { p, i in if let c = industryCode[i] { industries[p, default: []].insert(c) } }
        try store.forEachRelationship(type: "APPLIES_TO_REGION") { p, r in if let c = regionCode[r] { regions[p, default: []].insert(c) } }
        try store.forEachRelationship(type: "HAS_TAG") { p, t in if let n = tagName[t] { tags[p, default: []].append(n) } }
        var parent: [String: String] = [:]
        try store.forEachRelationship(type: "PART_OF") { c, p in if let a = regionCode[c], let b = regionCode[p] { parent[a] = b } }
        var list: [Policy] = []
        var index: [Int64: Int] = [:]
        for (id, p) in raw {
            var scales: Set<String> = []
            if case .list(let l)? = p["targetScales"] { for v in l { if case .string(let s) = v { scales.insert(s) } } }
            index[id] = list.count
            list.append(Policy(nodeID: id, code: string(p["code"]) ?? "\(id)", title: string(p["title"]) ?? "", summary: string(p["summary"]) ?? "",
                               tags: tags[id] ?? [], industries: industries[id] ?? [], regions: regions[id] ?? [], scales: scales,
                               minAgeYears: number(p["minAgeYears"]).map { Int($0) }, maxAgeYears: number(p["maxAgeYears"]).map { Int($0) },
                               minCapital: number(p["minCapital"]), validFrom: day(p["validFrom"]), validUntil: day(p["validUntil"]), published: day(p["publishedOn"]),
                               forCitizens: p["forCitizens"] == .bool(true)))
        }
        // Applications and grants carry their date on the relationship; read them through a transaction.
        try store.read { tx in
            for (type, grant) in [("APPLIED_FOR", false), ("RECEIVED", true)] {
                for r in try tx.allRelationships(types: [type]) {
                    guard let k = index[r.end], case .date(let d)? = try tx.properties(ofRelationship: r.id)["on"] else { continue }
                    if grant { list[k].grants.append((r.start, d.daysSinceEpoch)) } else { list[k].applications.append((r.start, d.daysSinceEpoch)) }
                }
            }
        }
        policies = list
        parentOf = parent
        regionName = names
        var chains: [String: [String]] = [:]
        for adcode in Set(names.keys).union(parent.keys) { chains[adcode] = Self.walk(adcode, parent) }
        self.chains = chains
    }

    /// The region and its ancestors.
    public func ancestry(_ adcode: String) -> [String] { chains[adcode] ?? Self.walk(adcode, parentOf) }

    private static func walk(_ adcode: String, _ parentOf: [String: String]) -> [String] {
        var out: [String] = [], a: String? = adcode
        while let cur = a, !out.contains(cur) { out.append(cur); a = parentOf[cur] }
        return out
    }
}
