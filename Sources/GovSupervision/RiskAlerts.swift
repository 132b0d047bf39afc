import Foundation
import KGCore
import KGEngine
import KGML

/// Scores enterprises with the risk model as of a day, explains each score and keeps the alert
/// lifecycle in the graph: one `RiskAlert` per enterprise and period (code `RA-<period>-<uscc>`,
/// `ALERT_FOR` the enterprise), raised for red/orange/yellow scores and for sudden rises against
/// the previous half-year (trigger "change", at least orange), status new → acknowledged →
/// resolved with who and when. Re-scoring updates a new alert of the same period and never
/// touches one a supervisor has already acknowledged or resolved.
public enum RiskAlerts {
    /// One factor behind a score.
    public struct Reason: Sendable {
        public let factor: String
        public let description: String
        public let value: String
        /// For related-party risk: the shortest path to a known-bad enterprise (store node ids).
        public let path: [Int64]?
        /// The supervisor's sentence in Chinese, e.g. "近12个月欠薪投诉 3 次（高于 95% 的企业）".
        public let text: String
        /// The same sentence in English.
        public let textEn: String
    }

    public struct Assessment: Sendable {
        public let enterprise: Int
        public let score: Double
        public let level: String
        public let previousScore: Double
        /// "score", "change" or nil (green, no alert).
        public let trigger: String?
        public let reasons: [Reason]
    }

    public struct Outcome: Sendable {
        public let period: String
        public let scored: Int
        public let levels: [(level: String, count: Int)]
        public let created: Int
        public let updated: Int
        /// Alerts of the period already acknowledged or resolved, left as they were.
        public let kept: Int
    }

    static let levelOrder = ["green", "yellow", "orange", "red"]

    /// The half-year a score made on `day` warns about, e.g. "2025H1".
    public static func period(startingOn day: Int) -> String {
        let d = CypherDate(daysSinceEpoch: day)
        return "\(d.year)H\(d.month <= 6 ? 1 : 2)"
    }

    /// Scores `rows` (enterprise indices) as of `now`, with the previous half-year's score and reasons.
    /// - Parameters:
    ///   - related: the related-party risk as of `now` and as of the previous half-year, when the
    ///     caller has them already (they are computed otherwise).
    ///   - population: the population the reasons compare each value with (the enterprises scored
    ///     as of `now`); nil: `rows` themselves, right when they are the whole scored population.
    public static func assess(records: EnterpriseRecords, model: RiskModel, rows: [Int], now: Int,
                              related: (current: (seeds: Set<Int>, risk: [Double]), previous: (seeds: Set<Int>, risk: [Double]))? = nil,
                              population: ColumnPopulation? = nil) throws -> [Assessment] {
        let previous = SupervisionCalendar.shift(now, months: -SupervisionFeatures.Purpose.risk.months)
        let current = try related?.current ?? SupervisionFeatures.relatedRisk(records, origin: now)
        let previousRisk = try related?.previous ?? SupervisionFeatures.relatedRisk(records, origin: previous)
        let table = try SupervisionFeatures.table(records, rows: rows, origin: now, purpose: .risk, relatedRisk: current.risk)
        let before = try SupervisionFeatures.table(records, rows: rows, origin: previous, purpose: .risk, relatedRisk: previousRisk.risk)
        let population = population ?? ColumnPopulation(supervision: table)
        return try rows.enumerated().map { r, e in
            let s = try model.score(row: r) { table.column($0)?[r] }
            let p = try model.score(row: r) { before.column($0)?[r] }
            let (level, trigger) = warning(level: s.level, score: s.score, previousScore: p.score)
            let reasons = s.reasons.map { factor in
                let value = table.column(factor)?[r] ?? ""
                let path = factor == "relatedRisk" ? SupervisionFeatures.pathToKnownBad(records, enterprise: e, seeds: current.seeds) : nil
                let t = ReasonText.make(factor: factor, value: value, population: population, links: path.map { $0.count - 1 })
                return Reason(factor: factor, description: SupervisionFeatures.describe[factor] ?? factor, value: value, path: path, text: t.zh, textEn: t.en)
            }
            return Assessment(enterprise: e, score: s.score, level: level, previousScore: p.score, trigger: trigger, reasons: reasons)
        }
    }

    /// The alert a score warrants: none for green ("score" otherwise), and a sudden rise against
    /// the previous half-year (at least 10 points and at least double) is a "change", at least orange.
    static func warning(level: String, score: Double, previousScore: Double) -> (level: String, trigger: String?) {
        var level = level, trigger: String? = level == "green" ? nil : "score"
        if score - previousScore >= 10 && score >= 2 * previousScore {
            trigger = "change"
            if (levelOrder.firstIndex(of: level) ?? 0) < 2 { level = "orange" }
        }
        return (level, trigger)
    }

    /// The alerts already in `graph`: node id and status by code.
    static func existing(in graph: KnowledgeGraph) throws -> [String: (id: Int64, status: String)] {
        var existing: [String: (id: Int64, status: String)] = [:]
        try graph.forEachNode(label: "RiskAlert") { id, p in
            if case .string(let code)? = p["code"] {
                var status = "new"
                if case .string(let s)? = p["status"] { status = s }
                existing[code] = (id, status)
            }
        }
        return existing
    }

    /// What raising one alert did.
    enum Raised { case created, updated, kept }

    /// Raises the alert `props` (with its `code`) for node `subject`: a new alert (status new,
    /// `createdAt` now, `ALERT_FOR` the subject), or the period's alert of the same code updated
    /// while it is still new; one a supervisor has moved is kept as it is.
    static func raise(_ props: [String: Value], code: String, subject: Int64, existing: [String: (id: Int64, status: String)],
                      stamp: Value, in tx: GraphTransaction) throws -> Raised {
        if let old = existing[code] {
            guard old.status == "new" else { return .kept }
            var merged = try tx.properties(ofNode: old.id)
            for (k, v) in props { merged[k] = v }
            try tx.setProperties(ofNode: old.id, merged)
            return .updated
        }
        var created = props
        created["status"] = .string("new")
        created["createdAt"] = stamp
        let id = try tx.createNode(labels: ["RiskAlert"], properties: created)
        _ = try tx.createRelationship(type: "ALERT_FOR", start: id, end: subject, properties: [:])
        return .created
    }

    /// A reason as one line of Chinese text (what the graph stores in `riskReasons` and an alert's
    /// `reasons`): the sentence, then for related-party risk the path, enterprises by name and
    /// code and people never named, e.g. "…；关联路径：甲公司 [9145…] — 关联人员 — 乙公司 [9145…]".
    public static func text(_ reason: Reason, records: EnterpriseRecords) -> String {
        reason.text + pathSuffix(reason, records: records, separator: "；关联路径：", person: "关联人员")
    }

    /// The same line in English (an alert's `reasonsEn`): "…; path: A Co. [9145…] — a related person — …".
    public static func textEn(_ reason: Reason, records: EnterpriseRecords) -> String {
        reason.textEn + pathSuffix(reason, records: records, separator: "; path: ", person: "a related person")
    }

    private static func pathSuffix(_ reason: Reason, records: EnterpriseRecords, separator: String, person: String) -> String {
        guard let path = reason.path else { return "" }
        let steps = path.map { id in records.index[id].map { "\(records[$0].name) [\(records[$0].uscc)]" } ?? person }
        return separator + steps.joined(separator: " — ")
    }

    /// Scores every enterprise that is not deregistered as of `now` (the population its reasons
    /// compare with), writes `riskScore`, `riskLevel`, `riskReasons` (Chinese) and `scoredAt` to its
    /// node and raises or updates the alerts of the period (`reasons` in Chinese, `reasonsEn`), all
    /// in one transaction.
    /// `modelVersion` (e.g. "v3") is stored on the alerts it creates or updates, so outcomes can be
    /// evaluated per model version.
    public static func scoreAndRaise(graph: KnowledgeGraph, records: EnterpriseRecords, model: RiskModel, now: Int, modelVersion: String? = nil) throws -> Outcome {
        let rows = SupervisionFeatures.scored(records, purpose: .risk)
        let assessments = try assess(records: records, model: model, rows: rows, now: now)
        let period = period(startingOn: now)
        let stamp = Value.dateTime(CypherDateTime(epochSeconds: Int64(Date().timeIntervalSince1970)))
        let existing = try existing(in: graph)
        var counts: [String: Int] = [:]
        var created = 0, updated = 0, kept = 0
        try graph.write { tx in
            for a in assessments {
                let ent = records[a.enterprise]
                counts[a.level, default: 0] += 1
                let reasons = Value.list(a.reasons.map { .string(text($0, records: records)) })
                let reasonsEn = Value.list(a.reasons.map { .string(textEn($0, records: records)) })
                var props = try tx.properties(ofNode: ent.nodeID)
                props["riskScore"] = .double((a.score * 100).rounded() / 100)
                props["riskLevel"] = .string(a.level)
                // No reasons (a low score) is no property: an empty list would not survive a CSV
                // export and import (an empty cell is an absent property there).
                props["riskReasons"] = a.reasons.isEmpty ? nil : reasons
                props["scoredAt"] = stamp
                try tx.setProperties(ofNode: ent.nodeID, props)
                guard let trigger = a.trigger else { continue }
                let code = "RA-\(period)-\(ent.uscc)"
                var alert: [String: Value] = ["code": .string(code), "uscc": .string(ent.uscc), "level": .string(a.level), "score": .double((a.score * 100).rounded() / 100),
                                              "previousScore": .double((a.previousScore * 100).rounded() / 100), "trigger": .string(trigger),
                                              "period": .string(period), "reasons": reasons, "reasonsEn": reasonsEn, "adcode": .string(ent.adcode),
                                              "domain": .string("market")]
                if let modelVersion { alert["modelVersion"] = .string(modelVersion) }
                switch try raise(alert, code: code, subject: ent.nodeID, existing: existing, stamp: stamp, in: tx) {
                case .created: created += 1
                case .updated: updated += 1
                case .kept: kept += 1
                }
            }
        }
        return Outcome(period: period, scored: assessments.count, levels: levelOrder.reversed().map { ($0, counts[$0] ?? 0) },
                       created: created, updated: updated, kept: kept)
    }
}
