import Foundation
import KGCore
import KGEngine

/// Risk-weighted double-random inspection (双随机): draws `n` enterprises of a region without
/// replacement with probability rising with their risk, weight = floor + (1 − floor) · q where q
/// is the enterprise's risk percentile in the region (0 for the lowest score, 1 for the highest),
/// so the riskiest is 1/floor times as likely per draw as the safest, which can still be drawn;
/// by Efraimidis–Spirakis keys
/// u^(1/w) from a seeded generator; then pairs each with two inspectors of its responsible
/// office (the market-supervision office of its county, or the nearest one above) drawn at
/// random. The same database, region, n and seed give the same draw. Every draw is recorded in
/// the graph for audit: an `InspectionDraw` node (region, seed, size, method, who, when) with a
/// `SELECTED` relationship to each enterprise (rank, weight share, inspectors).
public enum InspectionSampler {
    public struct Pick: Sendable {
        public let rank: Int
        public let uscc: String
        public let name: String
        public let adcode: String
        public let riskScore: Double
        public let riskLevel: String
        /// The enterprise's share of the region's total weight.
        public let weightShare: Double
        public let office: String
        /// Masked inspector names (surname + **) and their store node ids.
        public let inspectors: [(nodeID: Int64, maskedName: String)]
    }

    public struct Draw: Sendable, Encodable {
        public let code: String
        public let region: String
        public let seed: UInt64
        public let floor: Double
        public let population: Int
        public let picks: [Pick]

        enum CodingKeys: String, CodingKey { case code = "id", region, seed, floor, population, n, method, selected }
        enum PickKeys: String, CodingKey { case rank, uscc, name, adcode, riskScore, riskLevel, weightShare, office, inspectors }

        /// The draw as the API shows it: the method in words and each pick with masked inspectors.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(code, forKey: .code); try c.encode(region, forKey: .region); try c.encode(seed, forKey: .seed)
            try c.encode(floor, forKey: .floor); try c.encode(population, forKey: .population); try c.encode(picks.count, forKey: .n)
            try c.encode(InspectionSampler.method, forKey: .method)
            var list = c.nestedUnkeyedContainer(forKey: .selected)
            for p in picks {
                var e = list.nestedContainer(keyedBy: PickKeys.self)
                try e.encode(p.rank, forKey: .rank); try e.encode(p.uscc, forKey: .uscc); try e.encode(p.name, forKey: .name)
                try e.encode(p.adcode, forKey: .adcode); try e.encode(p.riskScore, forKey: .riskScore); try e.encode(p.riskLevel, forKey: .riskLevel)
                try e.encode(p.weightShare, forKey: .weightShare); try e.encode(p.office, forKey: .office)
                try e.encode(p.inspectors.map(\.maskedName), forKey: .inspectors)
            }
        }
    }

    public static let method = "risk-weighted sampling without replacement (Efraimidis–Spirakis), weight = floor + (1 − floor) · risk percentile in the region; two inspectors of the responsible office at random"

    public static func draw(graph: KnowledgeGraph, region: String, n: Int, seed: UInt64, floor: Double = 0.1, by: String) throws -> Draw {
        guard n >= 1 else { throw EngineError(code: .invalidSupervisionRequest, message: "n must be at least 1, got \(n)") }
        guard floor > 0 && floor <= 1 else { throw EngineError(code: .invalidSupervisionRequest, message: "floor must be in (0, 1], got \(floor)") }
        let store = graph
        var regionNode: [String: Int64] = [:], regionOf: [Int64: String] = [:], parentOf: [String: String] = [:]
        try store.forEachNode(label: "Region") { id, p in if case .string(let a)? = p["adcode"] { regionNode[a] = id; regionOf[id] = a } }
        guard regionNode[region] != nil else {
            throw EngineError(code: .notFound, message: "no region with adcode \(region); list them with `govbrain query \"MATCH (r:Region) RETURN r.adcode, r.name\"`")
        }
        try store.forEachRelationship(type: "PART_OF") { c, p in if let a = regionOf[c], let b = regionOf[p] { parentOf[a] = b } }
        var officeCode: [Int64: String] = [:], officeByCode: [String: Int64] = [:]
        try store.forEachNode(label: "Office") { id, p in if case .string(let c)? = p["code"] { officeCode[id] = c; officeByCode[c] = id } }
        var staff: [Int64: [Int64]] = [:]
        try store.forEachRelationship(type: "WORKS_AT") { person, office in staff[office, default: []].append(person) }
        struct Candidate { let id: Int64; let uscc: String; let name: String; var adcode: String; let score: Double; let level: String }
        var candidates: [Int64: Candidate] = [:]
        var scored = 0
        try store.forEachNode(label: "Enterprise") { id, p in
            guard case .string(let uscc)? = p["uscc"] else { return }
            if case .string(let status)? = p["status"], status == "注销" { return }
            var score = 0.0, level = "unscored"
            if case .double(let s)? = p["riskScore"] { score = s; scored += 1; if case .string(let l)? = p["riskLevel"] { level = l } }
            var name = ""
            if case .string(let v)? = p["name"] { name = v }
            candidates[id] = Candidate(id: id, uscc: uscc, name: name, adcode: "", score: score, level: level)
        }
        guard scored > 0 else {
            throw EngineError(code: .modelUnavailable, message: "no enterprise has a risk score yet; run `govbrain model train risk --graph --db PATH` (or `govbrain risk score`) first")
        }
        try store.forEachRelationship(type: "LOCATED_IN") { e, r in if candidates[e] != nil, let a = regionOf[r] { candidates[e]!.adcode = a } }
        let pool = candidates.values.filter { RiskAlertBook.contains(region: region, adcode: $0.adcode) }.sorted { $0.uscc < $1.uscc }
        guard pool.count >= n else {
            throw EngineError(code: .invalidSupervisionRequest, message: "region \(region) has \(pool.count) enterprises in business; asked to draw \(n)")
        }
        var rng = SplitMix64(seed: seed)
        func unit() -> Double { (Double(rng.next() >> 11) + 0.5) * 0x1.0p-53 }
        // Percentile of each score in the pool (ties share their mean rank).
        let order = pool.indices.sorted { pool[$0].score < pool[$1].score }
        var percentile = [Double](repeating: 0, count: pool.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && pool[order[j + 1]].score == pool[order[i]].score { j += 1 }
            let q = pool.count > 1 ? Double(i + j) / 2 / Double(pool.count - 1) : 1
            for k in i...j { percentile[order[k]] = q }
            i = j + 1
        }
        let weights = percentile.map { floor + (1 - floor) * $0 }
        let total = weights.reduce(0, +)
        let keyed = pool.indices.map { i in (i, log(unit()) / weights[i]) }.sorted { $0.1 > $1.1 }.prefix(n)
        var picks: [Pick] = []
        for (rank, (i, _)) in keyed.enumerated() {
            let c = pool[i]
            var a: String? = c.adcode, office: Int64?
            while let cur = a, office == nil {
                if let o = officeByCode["market-\(cur)"], !(staff[o] ?? []).isEmpty { office = o }
                a = parentOf[cur]
            }
            guard let office else {
                throw EngineError(code: .notFound, message: "no market-supervision office with inspectors (WORKS_AT) covers \(c.adcode)")
            }
            var people = staff[office]!.sorted()
            for j in stride(from: people.count - 1, to: 0, by: -1) { people.swapAt(j, Int(rng.next() % UInt64(j + 1))) }
            var inspectors: [(Int64, String)] = []
            for person in people.prefix(2) {
                var surname = "?"
                if case .string(let full)? = try store.node(id: person)?.properties["name"], let first = full.first { surname = String(first) }
                inspectors.append((person, surname + "**"))
            }
            picks.append(Pick(rank: rank + 1, uscc: c.uscc, name: c.name, adcode: c.adcode, riskScore: c.score, riskLevel: c.level,
                              weightShare: weights[i] / total, office: officeCode[office] ?? "", inspectors: inspectors))
        }
        let now = Date()
        let code = String(format: "DRAW-%@-%@-%llu-%.0f", region, String(n), seed, now.timeIntervalSince1970 * 1000)
        try graph.write { tx in
            let draw = try tx.createNode(labels: ["InspectionDraw"], properties: [
                "code": .string(code), "createdAt": .dateTime(CypherDateTime(epochSeconds: Int64(now.timeIntervalSince1970))), "adcode": .string(region),
                "seed": .int(Int64(bitPattern: seed)), "size": .int(Int64(n)), "method": .string(method + " (floor \(floor), by \(by))"),
            ])
            for (p, i) in zip(picks, keyed.map(\.0)) {
                _ = try tx.createRelationship(type: "SELECTED", start: draw, end: pool[i].id, properties: [
                    "rank": .int(Int64(p.rank)), "probability": .double(p.weightShare),
                    "inspectors": .list(p.inspectors.map { .string("node/\($0.nodeID)") }),
                ])
            }
        }
        return Draw(code: code, region: region, seed: seed, floor: floor, population: pool.count, picks: picks)
    }
}
