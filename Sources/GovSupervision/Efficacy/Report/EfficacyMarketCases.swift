import Foundation
import KGCore
import KGEngine

/// Market supervision's efficacy cases: one per `Inspection` dated in the period and
/// `CONDUCTED_BY` an office.
///
/// Outcomes (1 = good):
/// - `y_confirmed`: the inspection found a confirmed problem (a `FOUND_VIOLATION`, or a result
///   other than 未发现问题).
/// - `y_targeted`: it was aimed at a high-risk enterprise: one with an adverse record (violation,
///   penalty, abnormal listing, credit penalty, tax arrears, court case) in the two years before.
///
/// Case mix (known on the day): a double-random draw (双随机抽查) rather than a targeted check,
/// the enterprise's hotline complaints in the year before (log), its registered capital (log), its
/// age in years and whether it is a micro enterprise.
///
/// Alerts (`RiskAlert`) are not cases yet: they name no office, and the graph records no
/// acknowledgement or resolution times for past periods.
enum EfficacyMarketCases {
    static let adverse: Set<EnterpriseRecords.Event.Kind> = [.violation, .seriousViolation, .penalty, .abnormalListing, .creditPenalty, .taxArrears, .courtCase]

    /// Every inspection's case (all periods).
    static func read(graph: KnowledgeGraph) throws -> [EfficacyGraphCase] {
        struct Row { let office: String; let day: Int; let random: Bool; let confirmed: Bool; let enterprise: Int64? }
        var rows: [Row] = []
        let query = """
        MATCH (i:Inspection)-[:CONDUCTED_BY]->(o:Office) OPTIONAL MATCH (i)-[:INSPECTED]->(e:Enterprise)
        OPTIONAL MATCH (i)-[:FOUND_VIOLATION]->(v)
        RETURN o.code, i.date, i.kind, i.result, id(e), count(v)
        """
        try graph.query(query) { row, _ in
            guard case .string(let office) = row[0], case .date(let date) = row[1] else { return }
            var kind = "", result = ""
            if case .string(let k) = row[2] { kind = k }
            if case .string(let r) = row[3] { result = r }
            var enterprise: Int64?
            if case .int(let id) = row[4] { enterprise = id }
            var found = false
            if case .int(let n) = row[5] { found = n > 0 }
            rows.append(Row(office: office, day: date.daysSinceEpoch, random: kind.contains("双随机"),
                            confirmed: found || (!result.isEmpty && !result.hasPrefix("未发现")), enterprise: enterprise))
        }
        guard !rows.isEmpty else { return [] }
        let records = try EnterpriseRecords(graph: graph)
        return rows.map { r in
            var x: [String: Double?] = ["x_random_draw": r.random ? 1 : 0, "x_log_complaints_12m": nil, "x_log_capital": nil, "x_age_years": nil, "x_micro": nil]
            var targeted: Int?
            if let id = r.enterprise, let i = records.index[id] {
                let e = records[i]
                let before = e.events.filter { $0.day < r.day }
                let complaints = before.filter { ($0.kind == .complaint || $0.kind == .wageComplaint) && $0.day >= r.day - 365 }.count
                x["x_log_complaints_12m"] = log1p(Double(complaints))
                x["x_log_capital"] = e.capital > 0 ? log1p(e.capital) : nil
                x["x_age_years"] = e.registeredDay.map { Double(r.day - $0) / 365.25 }
                x["x_micro"] = e.scale == "micro" ? 1 : 0
                targeted = before.contains { adverse.contains($0.kind) && $0.day >= r.day - 730 } ? 1 : 0
            }
            return EfficacyGraphCase(office: r.office, domain: .market, day: r.day, x: x, y: ["y_confirmed": r.confirmed ? 1 : 0, "y_targeted": targeted])
        }
    }

    /// What each outcome means, for the report.
    static let outcomes: [(name: String, description: String)] = [
        ("y_confirmed", "检查发现问题 the inspection found a confirmed problem"),
        ("y_targeted", "检查对象为高风险企业 aimed at an enterprise with an adverse record in the two years before"),
    ]
}
