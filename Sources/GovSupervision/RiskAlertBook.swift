import Foundation
import KGCore
import KGEngine

/// Reads and moves the alerts stored in the graph: list with filters (newest first, paged),
/// acknowledge, assign an inspection to an office, resolve with an outcome, each with who and
/// when. Transitions: new → acknowledged → assigned → resolved (steps may be skipped; an assigned
/// alert may be reassigned); anything else, a second resolution included, is a conflict and
/// changes nothing.
///
/// Alerts come from every supervision domain: market supervision (an enterprise, `ALERT_FOR` it)
/// and the ecology, emergency-management and housing domains (a site, `ALERT_FOR` the site, with
/// `uscc` the enterprise that operates or builds it); `domain` says which (absent: market, as
/// alerts were stored before domains had their own).
public enum RiskAlertBook {
    public struct Alert: Sendable, Encodable {
        public let code: String
        /// `market`, `ecology`, `emergency` or `housing`.
        public let domain: String
        /// The site's code (a pollution source, work-safety site or construction project); nil for market alerts.
        public let site: String?
        /// The site's name, when the site is in the graph.
        public let siteName: String?
        public let uscc: String
        public let enterpriseName: String
        public let adcode: String
        public let level: String
        public let status: String
        public let trigger: String
        public let period: String
        public let score: Double
        public let previousScore: Double
        /// The reasons in Chinese, as the graph stores them.
        public let reasons: [String]
        /// The same reasons in English (alerts raised before English was stored repeat `reasons`).
        public let reasonsEn: [String]
        public let createdAt: CypherDateTime?
        public let acknowledgedAt: CypherDateTime?
        public let acknowledgedBy: String?
        public let resolvedAt: CypherDateTime?
        public let resolvedBy: String?
        public let note: String?
        /// `confirmed`, `false_alarm` or `no_action` once resolved with an outcome.
        public let outcome: String?
        /// The office code the inspection is assigned to.
        public let assignedTo: String?
        public let assignedAt: CypherDateTime?
        public let assignedBy: String?
        /// The risk model version that raised the alert (nil for alerts raised before it was recorded).
        public let modelVersion: String?

        enum CodingKeys: String, CodingKey {
            case code = "id", domain, site, siteName, uscc, enterpriseName = "enterprise", adcode, level, status, trigger, period, score, previousScore, reasons, reasonsEn
            case createdAt, acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy, note, outcome, assignedTo, assignedAt, assignedBy, modelVersion
        }

        /// The alert as the API shows it: times as ISO text, absent ones as null.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(code, forKey: .code); try c.encode(domain, forKey: .domain); try c.encode(site, forKey: .site)
            try c.encode(siteName, forKey: .siteName); try c.encode(uscc, forKey: .uscc); try c.encode(enterpriseName, forKey: .enterpriseName)
            try c.encode(adcode, forKey: .adcode); try c.encode(level, forKey: .level); try c.encode(status, forKey: .status)
            try c.encode(trigger, forKey: .trigger); try c.encode(period, forKey: .period); try c.encode(score, forKey: .score)
            try c.encode(previousScore, forKey: .previousScore); try c.encode(reasons, forKey: .reasons)
            try c.encode(reasonsEn, forKey: .reasonsEn)
            try c.encode(createdAt?.description, forKey: .createdAt); try c.encode(acknowledgedAt?.description, forKey: .acknowledgedAt)
            try c.encode(acknowledgedBy, forKey: .acknowledgedBy); try c.encode(resolvedAt?.description, forKey: .resolvedAt)
            try c.encode(resolvedBy, forKey: .resolvedBy); try c.encode(note, forKey: .note)
            try c.encode(outcome, forKey: .outcome); try c.encode(assignedTo, forKey: .assignedTo)
            try c.encode(assignedAt?.description, forKey: .assignedAt); try c.encode(assignedBy, forKey: .assignedBy)
            try c.encode(modelVersion, forKey: .modelVersion)
        }
    }

    /// Filters of a listing; nil matches everything.
    public struct Filter: Sendable {
        public var region: String?
        public var level: String?
        public var status: String?
        public var since: CypherDateTime?
        /// `market`, `ecology`, `emergency` or `housing`.
        public var domain: String?
        public init(region: String? = nil, level: String? = nil, status: String? = nil, since: CypherDateTime? = nil, domain: String? = nil) {
            self.region = region; self.level = level; self.status = status; self.since = since; self.domain = domain
        }
    }

    public static let levels: Set<String> = ["red", "orange", "yellow"]
    /// The supervision domains alerts are raised in, market supervision first.
    public static let domains: [String] = ["market"] + SupervisionDomainSchema.all.map(\.id)
    public static let statuses: Set<String> = ["new", "acknowledged", "assigned", "resolved"]
    /// What handling an alert found: the risk was real, it was not, or nothing needed doing.
    public static let outcomes: [String] = ["confirmed", "false_alarm", "no_action"]

    /// One step of an alert's handling.
    public enum Action: Sendable, Equatable {
        case acknowledge
        /// Assign the inspection to an office (its code; the office must exist).
        case assign(office: String)
        /// Resolve, with what was found (one of `outcomes`, or nil when not stated).
        case resolve(outcome: String?)
    }

    /// Whether `adcode` lies in `region` (the region itself or, by GB/T 2260 prefixes, below it).
    public static func contains(region: String, adcode: String) -> Bool { AdcodeHierarchy.contains(region: region, adcode: adcode) }

    /// The alert of stored properties `p`; `names` holds enterprise names by USCC and site names by site code.
    static func alert(_ p: [String: Value], names: [String: String]) -> Alert {
        func s(_ k: String) -> String? { if case .string(let v)? = p[k] { return v } else { return nil } }
        func d(_ k: String) -> Double { switch p[k] { case .double(let v)?: return v; case .int(let v)?: return Double(v); default: return 0 } }
        func t(_ k: String) -> CypherDateTime? { if case .dateTime(let v)? = p[k] { return v } else { return nil } }
        func strings(_ k: String) -> [String]? {
            guard case .list(let l)? = p[k] else { return nil }
            return l.compactMap { if case .string(let v) = $0 { return v } else { return nil } }
        }
        let reasons = strings("reasons") ?? []
        let uscc = s("uscc") ?? "", site = s("site")
        return Alert(code: s("code") ?? "", domain: s("domain") ?? "market", site: site, siteName: site.flatMap { names[$0] }, uscc: uscc, enterpriseName: names[uscc] ?? "", adcode: s("adcode") ?? "", level: s("level") ?? "",
                     status: s("status") ?? "new", trigger: s("trigger") ?? "score", period: s("period") ?? "", score: d("score"),
                     previousScore: d("previousScore"), reasons: reasons, reasonsEn: strings("reasonsEn") ?? reasons, createdAt: t("createdAt"), acknowledgedAt: t("acknowledgedAt"),
                     acknowledgedBy: s("acknowledgedBy"), resolvedAt: t("resolvedAt"), resolvedBy: s("resolvedBy"), note: s("note"),
                     outcome: s("outcome"), assignedTo: s("assignedTo"), assignedAt: t("assignedAt"), assignedBy: s("assignedBy"),
                     modelVersion: s("modelVersion"))
    }

    /// Alerts matching `filter`, newest first (then highest score), `offset` skipped, at most `limit`; with the total matched.
    public static func list(graph store: KnowledgeGraph, filter: Filter, limit: Int = 50, offset: Int = 0) throws -> (total: Int, alerts: [Alert]) {
        var raw: [[String: Value]] = []
        try store.forEachNode(label: "RiskAlert") { _, p in raw.append(p) }
        // Filter and sort without names; look names up (by the USCC key) for the page only.
        var matched = raw.map { ($0, alert($0, names: [:])) }.filter { _, a in
            (filter.region.map { contains(region: $0, adcode: a.adcode) } ?? true) && (filter.level.map { $0 == a.level } ?? true)
                && (filter.status.map { $0 == a.status } ?? true) && (filter.since.map { s in a.createdAt.map { $0 >= s } ?? false } ?? true)
                && (filter.domain.map { $0 == a.domain } ?? true)
        }
        matched.sort { x, y in
            let (a, b) = (x.1, y.1)
            if a.createdAt != b.createdAt { return (a.createdAt.map { t in b.createdAt.map { t > $0 } ?? true }) ?? false }
            if a.score != b.score { return a.score > b.score }
            return a.code < b.code
        }
        let page = matched.dropFirst(offset).prefix(limit)
        let names = try subjectNames(page.map(\.1), graph: store)
        return (matched.count, page.map { alert($0.0, names: names) })
    }

    /// Moves an alert one step (`action`), recording `by` and now; `note` replaces the note when given.
    /// - Throws: `EngineError` `.notFound` (no such alert or office), `.invalidSupervisionRequest`
    ///   (an unknown outcome) or `.conflict` (not allowed from its status; nothing changes).
    public static func transition(graph: KnowledgeGraph, code: String, action: Action, by: String, note: String?) throws -> Alert {
        if case .resolve(let outcome?) = action, !outcomes.contains(outcome) {
            throw EngineError(code: .invalidSupervisionRequest, message: "unknown outcome \"\(outcome)\"; use one of \(outcomes.joined(separator: ", "))")
        }
        let stamp = CypherDateTime(epochSeconds: Int64(Date().timeIntervalSince1970))
        return try graph.write { tx in
            guard let id = try tx.indexSeek(label: "RiskAlert", key: "code", value: .string(code))?.first ?? scan(tx, code: code) else {
                throw EngineError(code: .notFound, message: "no alert \(code); list them with GET /v1/risk/alerts or `govbrain risk alerts`")
            }
            var p = try tx.properties(ofNode: id)
            var status = "new"
            if case .string(let s)? = p["status"] { status = s }
            switch action {
            case .acknowledge:
                guard status == "new" else { throw EngineError(code: .conflict, message: "alert \(code) is \(status); only a new alert can be acknowledged") }
                p["status"] = .string("acknowledged"); p["acknowledgedAt"] = .dateTime(stamp); p["acknowledgedBy"] = .string(by)
            case .assign(let office):
                guard status != "resolved" else { throw EngineError(code: .conflict, message: "alert \(code) is already resolved; it cannot be assigned") }
                guard let officeID = try tx.indexSeek(label: "Office", key: "code", value: .string(office))?.first ?? scan(tx, label: "Office", code: office) else {
                    throw EngineError(code: .notFound, message: "no office \(office); office codes are in the graph (MATCH (o:Office) RETURN o.code, o.name)")
                }
                for rel in try tx.relationships(of: id, outgoing: true, incoming: false, types: ["ASSIGNED_TO"]) { try tx.deleteRelationship(rel.id) }
                _ = try tx.createRelationship(type: "ASSIGNED_TO", start: id, end: officeID, properties: [:])
                p["status"] = .string("assigned"); p["assignedTo"] = .string(office); p["assignedAt"] = .dateTime(stamp); p["assignedBy"] = .string(by)
            case .resolve(let outcome):
                guard status != "resolved" else { throw EngineError(code: .conflict, message: "alert \(code) is already resolved") }
                p["status"] = .string("resolved"); p["resolvedAt"] = .dateTime(stamp); p["resolvedBy"] = .string(by)
                if let outcome { p["outcome"] = .string(outcome) }
            }
            if let note { p["note"] = .string(note) }
            try tx.setProperties(ofNode: id, p)
            var names: [String: String] = [:]
            if case .string(let u)? = p["uscc"], let e = try tx.indexSeek(label: "Enterprise", key: "uscc", value: .string(u))?.first,
               case .string(let n)? = try tx.property(ofNode: e, key: "name") { names[u] = n }
            let moved = alert(p, names: names)
            if let site = moved.site, let label = SupervisionDomainSchema.named(moved.domain)?.siteLabel,
               let s = try tx.indexSeek(label: label, key: "code", value: .string(site))?.first,
               case .string(let n)? = try tx.property(ofNode: s, key: "name") { names[site] = n }
            return alert(p, names: names)
        }
    }

    /// The names of the alerts' enterprises (by USCC) and sites (by code), those that exist.
    static func subjectNames(_ alerts: [Alert], graph: KnowledgeGraph) throws -> [String: String] {
        var names = try enterpriseNames(Set(alerts.map(\.uscc)), graph: graph)
        for a in alerts {
            guard let site = a.site, let label = SupervisionDomainSchema.named(a.domain)?.siteLabel else { continue }
            if let id = try graph.nodeID(label: label, key: "code", value: .string(site)),
               case .string(let name)? = try graph.node(id: id)?.properties["name"] { names[site] = name }
        }
        return names
    }

    /// The names of the enterprises with these USCCs (by the USCC key), those that exist.
    static func enterpriseNames(_ usccs: Set<String>, graph: KnowledgeGraph) throws -> [String: String] {
        var names: [String: String] = [:]
        for uscc in usccs {
            if let id = try graph.nodeID(label: "Enterprise", key: "uscc", value: .string(uscc)),
               case .string(let name)? = try graph.node(id: id)?.properties["name"] { names[uscc] = name }
        }
        return names
    }

    static func scan(_ tx: GraphTransaction, label: String = "RiskAlert", code: String) throws -> Int64? {
        for id in try tx.nodeIDs(label: label) where try tx.property(ofNode: id, key: "code") == .string(code) { return id }
        return nil
    }
}
