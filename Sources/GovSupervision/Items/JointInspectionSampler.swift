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
/// single-department one: an `InspectionDraw` (region, seed, size, population, method,
/// departments, who, when, `drawStatus: drawn`) with a `SELECTED` relationship per enterprise
/// (rank, probability, inspectors, items). A refused attempt (an unknown domain or region, no
/// eligible enterprise, n too large…) is recorded too, as an `InspectionDraw` with
/// `drawStatus: refused`, the reason in `refusal` and no `SELECTED`, before the error is thrown:
/// every attempt is audited and can be replayed from its parameters.
///
/// Only enterprises that can be visited are drawn: a status of `存续` or `在业` (in business,
/// the generator's and the registry's terms), or none recorded. Deregistered (`注销`), revoked
/// (`吊销`), closed, suspended or moved-out enterprises are left out of the pool.
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
        /// Who ordered it and when (ISO 8601, UTC), as recorded.
        public let orderedBy: String
        public let createdAt: String
    }

    /// The most visits one draw plans.
    public static let maxVisits = 1000

    /// Enterprise statuses that can be visited; an enterprise without a status counts as in business.
    public static let visitableStatuses: Set<String> = ["存续", "在业"]

    /// The department type of a supervision domain (`ecology` → `ecoenv`); a department type stays itself.
    public static func departmentType(_ domainOrType: String) -> String {
        let t = domainOrType.trimmingCharacters(in: .whitespaces).lowercased()
        return t == "ecology" ? "ecoenv" : t
    }

    public static let method = "joint double-random draw: uniform sampling without replacement (seeded partial Fisher–Yates) of the region's enterprises in business (存续, 在业) under every participating department; one inspector of each department's responsible office at random; the joint-supervision items that office claimed"

    /// Which enterprises a department type supervises: nil = every enterprise; else the site label and its link to the enterprise.
    static let remit: [String: (site: String, link: String)?] = [
        "market": nil, "ecoenv": ("PollutionSource", "OPERATED_BY"), "emergency": ("WorkSafetySite", "OPERATED_BY"),
        "housing": ("ConstructionProject", "CONTRACTED_BY"),
    ]

    /// Draws, records and returns a joint inspection draw; a refused attempt is recorded before
    /// its error is thrown.
    /// - Parameters:
    ///   - departments: at least two distinct department types with items on the joint-supervision
    ///     list, or their domains (`ecology` for `ecoenv`).
    ///   - by: who orders the draw (recorded).
    /// - Throws: `invalidSupervisionRequest` for n outside 1…`maxVisits`, fewer than two or repeated or unknown
    ///   department types, or a pool smaller than n; `notFound` for an unknown region or a
    ///   department with no staffed office covering the region or an enterprise drawn.
    public static func draw(graph: KnowledgeGraph, region: String, departments: [String], n: Int, seed: UInt64, by: String) throws -> Draw {
        let departments = departments.map(departmentType)
        do {
            return try attempt(graph: graph, region: region, departments: departments, n: n, seed: seed, by: by)
        } catch let error as any GovBrainError where error.code == .invalidSupervisionRequest || error.code == .notFound {
            recordRefusal(graph: graph, region: region, departments: departments, n: n, seed: seed, by: by, reason: error.message)
            throw error
        }
    }

    /// Records a refused attempt (`drawStatus: refused`). The parameters as given are kept short
    /// and the region only when it is an adcode. When the graph cannot be written (read-only) the
    /// attempt stays in the caller's audit log only (the server's for the HTTP route).
    private static func recordRefusal(graph: KnowledgeGraph, region: String, departments: [String], n: Int, seed: UInt64, by: String, reason: String) {
        let now = Date()
        var properties: [String: Value] = [
            "code": .string(String(format: "JDRAW-REFUSED-%.0f-%@", now.timeIntervalSince1970 * 1000, String(UUID().uuidString.prefix(8)))),
            "createdAt": .dateTime(CypherDateTime(epochSeconds: Int64(now.timeIntervalSince1970))),
            "seed": .int(Int64(bitPattern: seed)), "size": .int(Int64(n)), "method": .string(method),
            "departments": .list(departments.prefix(8).map { .string(String($0.prefix(32))) }), "orderedBy": .string(by),
            "drawStatus": .string("refused"), "refusal": .string(String(reason.prefix(400))),
        ]
        if region.count == 6, region.allSatisfy({ $0.isASCII && $0.isNumber }) { properties["adcode"] = .string(region) }
        _ = try? graph.write { tx in _ = try tx.createNode(labels: ["InspectionDraw"], properties: properties) }
    }

    /// The draw itself (see `draw`), recorded when it succeeds.
    private static func attempt(graph: KnowledgeGraph, region: String, departments: [String], n: Int, seed: UInt64, by: String) throws -> Draw {
        guard n >= 1 else { throw EngineError(code: .invalidSupervisionRequest, message: "n must be at least 1, got \(n) (--n; \"count\" over HTTP)") }
        guard n <= maxVisits else {
            throw EngineError(code: .invalidSupervisionRequest, message: "n must be at most \(maxVisits), got \(n) (--n; \"count\" over HTTP): a joint draw is a visit plan, draw in batches")
        }
        let catalog = try SupervisionItemCatalog(graph: graph)
        let jointTypes = Set(catalog.items.filter(\.jointSupervision).map(\.departmentType)).intersection(remit.keys)
        for d in departments where !jointTypes.contains(d) {
            throw EngineError(code: .invalidSupervisionRequest,
                              message: "unknown department type '\(d)' for a joint draw; use two or more of \(jointTypes.sorted().joined(separator: ", ")) (--joint a,b on the command line; a \"domains\" list over HTTP)")
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
            if case .string(let status)? = p["status"], !visitableStatuses.contains(status) { return }
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
                "drawStatus": .string("drawn"), "population": .int(Int64(pool.count)),
            ])
            for (v, node) in zip(visits, visited) {
                _ = try tx.createRelationship(type: "SELECTED", start: draw, end: node, properties: [
                    "rank": .int(Int64(v.rank)), "probability": .double(Double(n) / Double(pool.count)),
                    "inspectors": .list(v.teams.flatMap(\.inspectorNodes).map { .string("node/\($0)") }),
                    "items": .list(v.teams.flatMap(\.items).map(Value.string)),
                ])
            }
        }
        return Draw(id: code, region: region, seed: seed, departments: departments, population: pool.count, n: n, method: method, selected: visits,
                    orderedBy: by, createdAt: CypherDateTime(epochSeconds: Int64(now.timeIntervalSince1970)).description)
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
