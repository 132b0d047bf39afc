import Foundation
import KGCore
import KGEngine

/// The aggregate figures of the decision-support dashboard, computed from the graph and cached
/// per graph version (at most a minute stale while writes go on): regions (with their centroids) and, per county and city, enterprises,
/// credit grades, mean risk score, open alerts and policy reach; credit grades by industry
/// section; alerts by level and status; the four supervision domains side by side (subjects, risk
/// levels, credit grades, alerts); policy counts and coverage. Only counts and means leave
/// here, never a record, so the `dashboard` role may read it.
public final class DashboardSummary: @unchecked Sendable {
    let graph: KnowledgeGraph
    private let cache = VersionedCache<JSON>()

    public init(graph: KnowledgeGraph) { self.graph = graph }

    /// How old the figures may be while the graph keeps changing (seconds).
    public static let maxStaleness = 60.0

    /// The summary document: computed at most once per graph version, and while the graph keeps
    /// changing at most once a minute (the dashboard shows `asOf`).
    public func document() throws -> JSON {
        try cache.value(version: graph.graphVersion, maxStaleness: Self.maxStaleness, compute)
    }

    /// Per-region tallies, summed from counties up to cities and the province.
    private struct Tally {
        var enterprises = 0, reached = 0, riskScored = 0
        var riskSum = 0.0
        var grades: [String: Int] = [:]
        var alerts: [String: Int] = [:]
    }

    private func rows(_ query: String) throws -> [[Value]] {
        var out: [[Value]] = []
        try graph.query(query, options: .init(timeoutSeconds: 120, readOnly: true)) { row, _ in out.append(row) }
        return out
    }

    private func compute() throws -> JSON {
        var regions: [(adcode: String, name: String, level: String, parent: String?, lat: Double?, lon: Double?)] = []
        for r in try rows("MATCH (r:Region) OPTIONAL MATCH (r)-[:PART_OF]->(p:Region) RETURN r.adcode, r.name, r.level, p.adcode, r.latitude, r.longitude ORDER BY r.adcode") {
            guard case .string(let adcode) = r[0] else { continue }
            regions.append((adcode, r[1].stringValue ?? adcode, r[2].stringValue ?? "", r[3].stringValue, r[4].numericValue, r[5].numericValue))
        }
        let parent = Dictionary(regions.map { ($0.adcode, $0.parent) }, uniquingKeysWith: { a, _ in a })
        var tallies: [String: Tally] = [:]
        /// Adds to a county and every region above it.
        func add(_ adcode: String?, _ body: (inout Tally) -> Void) {
            var code = adcode
            var guardSteps = 0
            while let c = code, guardSteps < 8 {
                body(&tallies[c, default: Tally()])
                code = parent[c] ?? nil
                guardSteps += 1
            }
        }
        for r in try rows("""
            MATCH (e:Enterprise)-[:LOCATED_IN]->(c:Region)
            RETURN c.adcode, e.creditGrade, count(*), sum(e.riskScore), count(e.riskScore),
                   sum(CASE WHEN EXISTS { (e)-[:APPLIED_FOR|RECEIVED]->(:Policy) } THEN 1 ELSE 0 END)
            """) {
            let n = Int(r[2].intValue ?? 0)
            add(r[0].stringValue) { t in
                t.enterprises += n
                if let g = r[1].stringValue { t.grades[g, default: 0] += n }
                t.riskSum += r[3].numericValue ?? 0
                t.riskScored += Int(r[4].intValue ?? 0)
                t.reached += Int(r[5].intValue ?? 0)
            }
        }
        var alertsByLevel: [String: Int] = [:], alertsByStatus: [String: Int] = [:]
        for r in try rows("MATCH (a:RiskAlert) RETURN a.adcode, a.level, a.status, count(*)") {
            let n = Int(r[3].intValue ?? 0)
            let level = r[1].stringValue ?? "unknown", status = r[2].stringValue ?? "unknown"
            alertsByLevel[level, default: 0] += n
            alertsByStatus[status, default: 0] += n
            if status != "resolved" { add(r[0].stringValue) { $0.alerts[level, default: 0] += n } }
        }
        var industries: [(code: String, name: String, grades: [String: Int])] = []
        for r in try rows("""
            MATCH (e:Enterprise)-[:IN_INDUSTRY]->(i:Industry) OPTIONAL MATCH (i)-[:BROADER]->(s:Industry)
            RETURN coalesce(s.code, i.code) AS section, coalesce(s.name, i.name) AS name, e.creditGrade, count(*) ORDER BY section
            """) {
            let code = r[0].stringValue ?? "?"
            if industries.last?.code != code { industries.append((code, r[1].stringValue ?? code, [:])) }
            if let g = r[2].stringValue { industries[industries.count - 1].grades[g, default: 0] += Int(r[3].intValue ?? 0) }
        }
        let today = CypherDate(daysSinceEpoch: Int(Date().timeIntervalSince1970 / 86400)).description
        let policies = try rows("MATCH (p:Policy) RETURN count(p), sum(CASE WHEN p.validUntil IS NULL OR toString(p.validUntil) >= '\(today)' THEN 1 ELSE 0 END)").first ?? []
        var links: [String: (links: Int, enterprises: Int)] = [:]
        for r in try rows("MATCH (e:Enterprise)-[r:APPLIED_FOR|RECEIVED]->(:Policy) RETURN type(r), count(*), count(DISTINCT e)") {
            links[r[0].stringValue ?? ""] = (Int(r[1].intValue ?? 0), Int(r[2].intValue ?? 0))
        }
        func counts(_ d: [String: Int]) -> JSON { .object(d.keys.sorted().map { ($0, .int(Int64(d[$0]!))) }) }
        let regionJSON: [JSON] = regions.map { r in
            let t = tallies[r.adcode] ?? Tally()
            return .object([
                ("adcode", .string(r.adcode)), ("name", .string(r.name)), ("level", .string(r.level)),
                ("parent", r.parent.map(JSON.string) ?? .null), ("latitude", r.lat.map(JSON.double) ?? .null), ("longitude", r.lon.map(JSON.double) ?? .null),
                ("enterprises", .int(Int64(t.enterprises))), ("creditGrades", counts(t.grades)),
                ("meanRiskScore", t.riskScored > 0 ? .double((t.riskSum / Double(t.riskScored) * 100).rounded() / 100) : .null),
                ("openAlerts", counts(t.alerts)), ("policyReach", .int(Int64(t.reached))),
            ])
        }
        let total = tallies.values.map(\.enterprises).max() ?? 0
        let reached = tallies.values.map(\.reached).max() ?? 0
        return .object([
            ("asOf", .string(today)), ("computedAt", .string(CypherDateTime(epochSeconds: Int64(Date().timeIntervalSince1970)).description)),
            ("regions", .array(regionJSON)),
            ("creditByIndustry", .array(industries.map { .object([("section", .string($0.code)), ("name", .string($0.name)), ("grades", counts($0.grades))]) })),
            ("alerts", .object([("byLevel", counts(alertsByLevel)), ("byStatus", counts(alertsByStatus))])),
            ("domains", try domainFigures()),
            ("policies", .object([
                ("total", .int(policies.first?.intValue ?? 0)), ("open", .int(policies.dropFirst().first?.intValue ?? 0)),
                ("applications", .int(Int64(links["APPLIED_FOR"]?.links ?? 0))), ("grants", .int(Int64(links["RECEIVED"]?.links ?? 0))),
                ("enterprises", .int(Int64(total))), ("enterprisesReached", .int(Int64(reached))),
                ("coverage", .double(total > 0 ? (Double(reached) / Double(total) * 10_000).rounded() / 10_000 : 0)),
            ])),
        ])
    }
}
