import Foundation
import KGCore
import KGEngine
import KGML

/// Risk warning in the ecology, emergency-management and housing domains, through the same alert
/// loop as market supervision (`RiskAlerts`, `RiskAlertBook`): every site of the domain that exists
/// as of the latest records is scored with the domain's promoted risk model (`<domain>-risk`), the
/// score, level and reasons are written to the site's node, and the sites scored red, orange or
/// yellow, or rising sharply against the previous half-year (a site that existed then), get the period's alert: code
/// `RA-<period>-<site code>`, `domain`, `site`, the operating or building enterprise's `uscc`, the
/// site's region `adcode`, `ALERT_FOR` the site. Alerts are then listed, streamed, pushed to
/// webhooks, acknowledged, assigned, resolved and counted in the feedback like any other.
public enum DomainRiskAlerts {
    /// The site-side facts an alert carries beyond the features.
    struct SiteFacts {
        var adcode = ""
        var uscc = ""
    }

    /// Scores the domain's sites as of the latest records and raises or updates the period's
    /// alerts (reasons in Chinese, `reasonsEn` in English) in one transaction.
    /// - Parameter modelVersion: stored on the alerts it creates or updates (feedback per version).
    /// - Throws: `ModelError` when the model cannot score the features; `EngineError` for the graph.
    public static func scoreAndRaise(graph: KnowledgeGraph, schema: SupervisionDomainSchema, model: RiskModel, modelVersion: String?) throws -> RiskAlerts.Outcome {
        let records = try DomainSiteRecords(graph: graph, schema: schema)
        let now = records.now
        let period = RiskAlerts.period(startingOn: now)
        let rows = DomainFeatures.population(records, origin: now)
        guard !rows.isEmpty else { return RiskAlerts.Outcome(period: period, scored: 0, levels: [], created: 0, updated: 0, kept: 0) }
        let table = try DomainFeatures.table(records, rows: rows, origin: now)
        let previousOrigin = SupervisionCalendar.shift(now, months: -6)
        let before = try DomainFeatures.table(records, rows: rows, origin: previousOrigin)
        let population = ColumnPopulation(table, counted: ["category", "keyUnit", "permitExpired"])
        let facts = try siteFacts(graph: graph, schema: schema)
        let existing = try RiskAlerts.existing(in: graph)
        let stamp = Value.dateTime(CypherDateTime(epochSeconds: Int64(Date().timeIntervalSince1970)))
        func rounded(_ x: Double) -> Value { .double((x * 100).rounded() / 100) }
        var counts: [String: Int] = [:]
        var created = 0, updated = 0, kept = 0
        let nodeOf = Dictionary(uniqueKeysWithValues: records.index.map { ($1, $0) })
        try graph.write { tx in
            for (r, i) in rows.enumerated() {
                let site = records.sites[i]
                guard let nodeID = nodeOf[i] else { continue }
                let s = try model.score(row: r) { table.column($0)?[r] }
                // A site that did not exist half a year ago (a project started since) has no earlier
                // score to rise from: its own stands in, so only its level can raise an alert.
                let existed = (site.started ?? .min) < previousOrigin
                let previous = existed ? try model.score(row: r) { before.column($0)?[r] }.score : s.score
                let (level, trigger) = RiskAlerts.warning(level: s.level, score: s.score, previousScore: previous)
                counts[level, default: 0] += 1
                let texts = s.reasons.map { DomainReasonText.make(factor: $0, value: table.column($0)?[r] ?? "", schema: schema, population: population) }
                let reasons = Value.list(texts.map { .string($0.zh) })
                var props = try tx.properties(ofNode: nodeID)
                props["riskScore"] = rounded(s.score)
                props["riskLevel"] = .string(level)
                // No reasons (a low score) is no property, as for enterprises (`RiskAlerts`).
                props["riskReasons"] = texts.isEmpty ? nil : reasons
                props["scoredAt"] = stamp
                try tx.setProperties(ofNode: nodeID, props)
                guard let trigger else { continue }
                let code = "RA-\(period)-\(site.code)"
                let fact = facts[site.code] ?? SiteFacts()
                var alert: [String: Value] = ["code": .string(code), "domain": .string(schema.id), "site": .string(site.code), "uscc": .string(fact.uscc),
                                              "level": .string(level), "score": rounded(s.score), "previousScore": rounded(previous),
                                              "trigger": .string(trigger), "period": .string(period), "reasons": reasons,
                                              "reasonsEn": .list(texts.map { .string($0.en) }), "adcode": .string(fact.adcode)]
                if let modelVersion { alert["modelVersion"] = .string(modelVersion) }
                switch try RiskAlerts.raise(alert, code: code, subject: nodeID, existing: existing, stamp: stamp, in: tx) {
                case .created: created += 1
                case .updated: updated += 1
                case .kept: kept += 1
                }
            }
        }
        return RiskAlerts.Outcome(period: period, scored: rows.count, levels: RiskAlerts.levelOrder.reversed().map { ($0, counts[$0] ?? 0) },
                                  created: created, updated: updated, kept: kept)
    }

    /// Each site's region adcode (`LOCATED_IN`) and enterprise USCC (`OPERATED_BY` or `CONTRACTED_BY`), by site code.
    static func siteFacts(graph: KnowledgeGraph, schema: SupervisionDomainSchema) throws -> [String: SiteFacts] {
        var out: [String: SiteFacts] = [:]
        let query = """
        MATCH (s:\(schema.siteLabel)) OPTIONAL MATCH (s)-[:LOCATED_IN]->(r:Region) OPTIONAL MATCH (s)-[:OPERATED_BY|CONTRACTED_BY]->(e:Enterprise)
        RETURN s.code, min(r.adcode), min(e.uscc)
        """
        try graph.query(query) { row, _ in
            guard case .string(let code) = row[0] else { return }
            var f = SiteFacts()
            if case .string(let a) = row[1] { f.adcode = a }
            if case .string(let u) = row[2] { f.uscc = u }
            out[code] = f
        }
        return out
    }
}
