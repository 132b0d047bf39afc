import Foundation
import KGCore
import KGEngine

/// The sites of one supervision domain with what is on record about them, read from the graph
/// once: category, key unit, size, start, the enterprise's own adverse market records, an emission
/// permit's expiry, and every problem (day, severity, source, deadline, rectification) and
/// inspection (day, double-random or targeted, office). The efficacy cases and the domain models
/// are built from it.
public struct DomainSiteRecords: Sendable {
    /// One problem found at a site.
    public struct Problem: Sendable {
        public let day: Int
        public let serious: Bool
        /// Found by an inspection (检查发现) rather than revealed otherwise.
        public let byInspection: Bool
        public let deadline: Int?
        public let rectified: Int?
    }

    /// One inspection of a site.
    public struct Inspection: Sendable {
        public let day: Int
        public let random: Bool
        public let office: String?
        public let foundProblem: Bool
    }

    /// One site.
    public struct Site: Sendable {
        public let code: String
        public let category: String
        public let keyUnit: Bool
        public let size: Double?
        public let started: Int?
        /// The emission permit's last valid day (ecology), nil when none is on record.
        public let permitUntil: Int?
        /// The enterprise's latest market-supervision adverse records (violations, negative credit), by day.
        public let enterpriseAdverse: [Int]
        public var problems: [Problem]
        public var inspections: [Inspection]
    }

    public let schema: SupervisionDomainSchema
    /// Sites by code order.
    public let sites: [Site]
    /// The day after the last problem or inspection of the domain (at most tomorrow).
    public let now: Int
    /// Index of a site's node id.
    public let index: [Int64: Int]

    /// Reads the domain's sites, problems and inspections.
    /// - Throws: `EngineError` when the graph cannot be read.
    public init(graph: KnowledgeGraph, schema: SupervisionDomainSchema) throws {
        self.schema = schema
        func day(_ v: Value) -> Int? { if case .date(let d) = v { return d.daysSinceEpoch } else { return nil } }
        func text(_ v: Value) -> String { if case .string(let s) = v { return s } else { return "" } }
        func number(_ v: Value) -> Double? {
            switch v { case .int(let i): return Double(i); case .double(let d): return d; default: return nil }
        }
        var sites: [Site] = [], index: [Int64: Int] = [:]
        // One row per site: the permit's validity first, then each linked enterprise's violation
        // dates and negative credit dates collected apart (matching both at once would multiply
        // them: sites × violations × records rows per enterprise).
        let siteQuery = """
        MATCH (s:\(schema.siteLabel)) OPTIONAL MATCH (s)-[:HOLDS_PERMIT]->(p:EmissionPermit)
        WITH s, max(p.validUntil) AS permit
        OPTIONAL MATCH (s)-->(e:Enterprise) OPTIONAL MATCH (v:Violation)-[:COMMITTED_BY]->(e)
        WITH s, permit, e, collect(DISTINCT v.date) AS violations
        OPTIONAL MATCH (c:CreditRecord {positive: false})-[:CREDIT_RECORD_FOR]->(e)
        WITH s, permit, violations, collect(DISTINCT c.date) AS records
        RETURN id(s), s.code, s.category, s.keyUnit, s.\(schema.sizeProperty), s.startedOn, permit, collect(violations + records)
        ORDER BY s.code
        """
        try graph.query(siteQuery) { row, _ in
            guard case .int(let id) = row[0] else { return }
            var adverse: Set<Int> = []
            if case .list(let lists) = row[7] {
                for case .list(let items) in lists { adverse.formUnion(items.compactMap(day)) }
            }
            index[id] = sites.count
            sites.append(Site(code: text(row[1]), category: text(row[2]), keyUnit: row[3] == .bool(true), size: number(row[4]), started: day(row[5]),
                              permitUntil: day(row[6]), enterpriseAdverse: adverse.sorted(), problems: [], inspections: []))
        }
        var last = 0
        let problemQuery = """
        MATCH (f:\(schema.problemLabel))-[:ISSUE_AT]->(s:\(schema.siteLabel))
        RETURN id(s), f.date, f.severity, f.source, f.rectificationDeadline, f.rectifiedOn
        """
        try graph.query(problemQuery) { row, _ in
            guard case .int(let id) = row[0], let i = index[id], let d = day(row[1]) else { return }
            let rectified = day(row[5])
            last = max(last, d)
            sites[i].problems.append(Problem(day: d, serious: text(row[2]) == schema.seriousSeverity, byInspection: text(row[3]) == "检查发现",
                                             deadline: day(row[4]), rectified: rectified))
        }
        let inspectionQuery = """
        MATCH (n:\(schema.inspectionLabel))-[:INSPECTED]->(s:\(schema.siteLabel)) OPTIONAL MATCH (n)-[:CONDUCTED_BY]->(o:Office)
        OPTIONAL MATCH (n)-[:FOUND_ISSUE]->(f)
        RETURN id(s), n.date, n.kind, o.code, count(f), n.result
        """
        try graph.query(inspectionQuery) { row, _ in
            guard case .int(let id) = row[0], let i = index[id], let d = day(row[1]) else { return }
            last = max(last, d)
            var found = false
            if case .int(let n) = row[4] { found = n > 0 }
            let result = text(row[5])
            sites[i].inspections.append(Inspection(day: d, random: text(row[2]).contains("双随机"), office: text(row[3]).isEmpty ? nil : text(row[3]),
                                                   foundProblem: found || (!result.isEmpty && !result.hasPrefix("未发现"))))
        }
        for i in sites.indices {
            sites[i].problems.sort { $0.day < $1.day }
            sites[i].inspections.sort { $0.day < $1.day }
        }
        self.sites = sites
        self.index = index
        // A rectification date does not move "now" (one mistyped far-future date would end every
        // period), and no record is later than today.
        self.now = min(last, Int((Date().timeIntervalSince1970 / 86_400).rounded(.down))) + 1
    }

    public var count: Int { sites.count }
}
