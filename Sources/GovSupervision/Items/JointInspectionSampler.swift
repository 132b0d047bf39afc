import Foundation
import KGCore
import KGEngine

/// Joint double-random inspection (部门联合双随机抽查): several department types of one region
/// visit each drawn enterprise once, together. The pool is the region's enterprises in business
/// that fall under every participating department (market supervision: every enterprise; ecology:
/// operators of a pollution source; emergency management: operators of a work-safety site;
/// housing: contractors of a construction project). `n` of them are drawn uniformly without
/// replacement by a partial Fisher–Yates shuffle of the pool in USCC order from a seeded
/// generator, so the same database, region, departments, n and seed give the same draw. Each
/// visit gets one inspector at random from each department's responsible office (the office of
/// the enterprise's county, or the nearest one above, with staff) and the items of the
/// joint-supervision list (联合监管事项库) that office has claimed. Every draw is recorded like a
/// single-department one: an `InspectionDraw` (region, seed, size, method, departments, who,
/// when) with a `SELECTED` relationship per enterprise (rank, probability, inspectors, items).
public enum JointInspectionSampler {
    /// One department's part of a visit.
    public struct Team: Sendable, Encodable {
        public let department: String
        public let office: String
        /// Masked inspector names (surname + **).
        public let inspectors: [String]
        /// Codes of the joint-supervision items checked.
        public let items: [String]
        let inspectorNodes: [Int64]
        enum CodingKeys: String, CodingKey { case department, office, inspectors, items }
    }

    /// One visit.
    public struct Visit: Sendable, Encodable {
        public let rank: Int
        public let uscc: String
        public let name: String
        public let adcode: String
        public let teams: [Team]
    }

    /// A recorded joint draw.
    public struct Draw: Sendable, Encodable {
        public let id: String
        public let region: String
        public let seed: UInt64
        public let departments: [String]
        public let population: Int
        public let n: Int
        public let method: String
        public let selected: [Visit]
    }

    public static let method = "joint double-random draw: uniform sampling without replacement (seeded partial Fisher–Yates) of the region's enterprises in business under every participating department; one inspector of each department's responsible office at random; the joint-supervision items that office claimed"

    /// Which enterprises a department type supervises: nil = every enterprise; else the site label and its link to the enterprise.
    static let remit: [String: (site: String, link: String)?] = [
        "market": nil, "ecoenv": ("PollutionSource", "OPERATED_BY"), "emergency": ("WorkSafetySite", "OPERATED_BY"),
        "housing": ("ConstructionProject", "CONTRACTED_BY"),
    ]

    /// Draws, records and returns a joint inspection draw.
    /// - Parameters:
    ///   - departments: at least two distinct department types with items on the joint-supervision list.
    ///   - by: who orders the draw (recorded).
    /// - Throws: `invalidSupervisionRequest` for n < 1, fewer than two or repeated or unknown
    ///   department types, or a pool smaller than n; `notFound` for an unknown region or a
    ///   department with no staffed office covering the region or an enterprise drawn.
    public static func draw(graph: KnowledgeGraph, region: String, departments: [String], n: Int, seed: UInt64, by: String) throws -> Draw {
        guard n >= 1 else { throw EngineError(code: .invalidSupervisionRequest, message: "n must be at least 1, got \(n)") }
        let catalog = try SupervisionItemCatalog(graph: graph)
        let jointTypes = Set(catalog.items.filter(\.jointSupervision).map(\.departmentType)).intersection(remit.keys)
        for d in departments where !jointTypes.contains(d) {
            throw EngineError(code: .invalidSupervisionRequest,
                              message: "unknown department type '\(d)' for a joint draw; use two or more of \(jointTypes.sorted().joined(separator: ", ")), comma-separated")
        }
        guard Set(departments).count == departments.count, departments.count >= 2 else {
            throw EngineError(code: .invalidSupervisionRequest, message: "a joint draw needs at least two different department types, got \(departments.joined(separator: ","))")
        }
        var regionNode: [String: Int64] = [:], regionOf: [Int64: String] = [:], parentOf: [String: String] = [:]
        try graph.forEachNode(label: "Region") { id, p in if case .string(let a)? = p["adcode"] { regionNode[a] = id; regionOf[id] = a } }
        guard regionNode[region] != nil else {
            throw EngineError(code: .notFound, message: "no region with adcode \(region); list them with `govbrain query \"MATCH (r:Region) RETURN r.adcode, r.name\"`")
        }
        try graph.forEachRelationship(type: "PART_OF") { c, p in if let a = regionOf[c], let b = regionOf[p] { parentOf[a] = b } }
        var officeByCode: [String: Int64] = [:]
        try graph.forEachNode(label: "Office") { id, p in if case .string(let c)? = p["code"] { officeByCode[c] = id } }
        var staff: [Int64: [Int64]] = [:]
        try graph.forEachRelationship(type: "WORKS_AT") { person, office in staff[office, default: []].append(person) }
        /// The staffed office of a department type responsible for an adcode (up the hierarchy).
        func office(_ type: String, _ adcode: String) -> (code: String, id: Int64)? {
            var a: String? = adcode
            while let cur = a {
                if let o = officeByCode["\(type)-\(cur)"], !(staff[o] ?? []).isEmpty { return ("\(type)-\(cur)", o) }
                a = parentOf[cur]
            }
            return nil
        }
        // A department must have a staffed office in the region or above it.
        for d in departments where office(d, region) == nil && !hasOfficeBelow(d, region, officeByCode.keys, staff: staff, officeByCode: officeByCode) {
            throw EngineError(code: .notFound, message: "department type '\(d)' has no office with inspectors (WORKS_AT) in or above region \(region); choose departments present there")
        }

        // The pool: enterprises in business in the region under every department's remit.
        struct Candidate { let id: Int64; let uscc: String; let name: String; var adcode: String }
        var candidates: [Int64: Candidate] = [:]
        try graph.forEachNode(label: "Enterprise") { id, p in
            guard case .string(let uscc)? = p["uscc"] else { return }
            if case .string(let status)? = p["status"], status == "注销" { return }
            var name = ""
            if case .string(let v)? = p["name"] { name = v }
            candidates[id] = Candidate(id: id, uscc: uscc, name: name, adcode: "")
        }
        try graph.forEachRelationship(type: "LOCATED_IN") { e, r in if candidates[e] != nil, let a = regionOf[r] { candidates[e]!.adcode = a } }
        var eligible = Set(candidates.keys)
        for d in departments {
            guard let r = remit[d], let (site, link) = r else { continue }
            var sites = Set<Int64>()
            try graph.forEachNode(label: site) { id, _ in sites.insert(id) }
            var under = Set<Int64>()
            try graph.forEachRelationship(type: link) { s, e in if sites.contains(s) { under.insert(e) } }
            eligible.formIntersection(under)
        }
        let pool = eligible.compactMap { candidates[$0] }.filter { RiskAlertBook.contains(region: region, adcode: $0.adcode) }
            .sorted { $0.uscc != $1.uscc ? $0.uscc < $1.uscc : $0.id < $1.id }
        guard pool.count >= n else {
            throw EngineError(code: .invalidSupervisionRequest,
                              message: "region \(region) has \(pool.count) enterprises in business under all of \(departments.joined(separator: ", ")); asked to draw \(n)")
        }

        var rng = SplitMix64(seed: seed)
        var order = Array(pool.indices)
        for k in 0..<n { order.swapAt(k, k + Int(rng.next() % UInt64(order.count - k))) }
        // A graph built without the ontology's keys may repeat an office code: the first is kept.
        let byOffice = Dictionary(catalog.offices.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        var visits: [Visit] = [], visited: [Int64] = []
        for (rank, i) in order.prefix(n).enumerated() {
            let c = pool[i]
            visited.append(c.id)
            var teams: [Team] = []
            for d in departments {
                guard let o = office(d, c.adcode) else {
                    throw EngineError(code: .notFound, message: "no \(d) office with inspectors (WORKS_AT) covers \(c.adcode)")
                }
                let items = catalog.items(ofType: d).filter { $0.jointSupervision && (byOffice[o.code]?.claimed.contains($0.code) ?? false) }.map(\.code)
                guard !items.isEmpty else {
                    throw EngineError(code: .invalidSupervisionRequest, message: "office \(o.code) has claimed no item of the joint-supervision list; it must claim one before a joint draw")
                }
                let people = staff[o.id]!.sorted()
                let person = people[Int(rng.next() % UInt64(people.count))]
                var surname = "?"
                if case .string(let full)? = try graph.node(id: person)?.properties["name"], let first = full.first { surname = String(first) }
                teams.append(Team(department: d, office: o.code, inspectors: [surname + "**"], items: items, inspectorNodes: [person]))
            }
            visits.append(Visit(rank: rank + 1, uscc: c.uscc, name: c.name, adcode: c.adcode, teams: teams))
        }
        let now = Date()
        let code = String(format: "JDRAW-%@-%@-%llu-%.0f", region, String(n), seed, now.timeIntervalSince1970 * 1000)
        try graph.write { tx in
            let draw = try tx.createNode(labels: ["InspectionDraw"], properties: [
                "code": .string(code), "createdAt": .dateTime(CypherDateTime(epochSeconds: Int64(now.timeIntervalSince1970))), "adcode": .string(region),
                "seed": .int(Int64(bitPattern: seed)), "size": .int(Int64(n)), "method": .string(method),
                "departments": .list(departments.map(Value.string)), "orderedBy": .string(by),
            ])
            for (v, node) in zip(visits, visited) {
                _ = try tx.createRelationship(type: "SELECTED", start: draw, end: node, properties: [
                    "rank": .int(Int64(v.rank)), "probability": .double(Double(n) / Double(pool.count)),
                    "inspectors": .list(v.teams.flatMap(\.inspectorNodes).map { .string("node/\($0)") }),
                    "items": .list(v.teams.flatMap(\.items).map(Value.string)),
                ])
            }
        }
        return Draw(id: code, region: region, seed: seed, departments: departments, population: pool.count, n: n, method: method, selected: visits)
    }

    /// Whether a staffed office of the type sits inside the region (a city or province region
    /// whose counties have offices while the region itself has none).
    private static func hasOfficeBelow(_ type: String, _ region: String, _ codes: Dictionary<String, Int64>.Keys, staff: [Int64: [Int64]],
                                       officeByCode: [String: Int64]) -> Bool {
        codes.contains { c in
            c.hasPrefix(type + "-") && RiskAlertBook.contains(region: region, adcode: String(c.dropFirst(type.count + 1)))
                && !(staff[officeByCode[c]!] ?? []).isEmpty
        }
    }
}
