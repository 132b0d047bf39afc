import Foundation
import GovHotline
import KGCore
import KGEngine

/// The hotline's efficacy cases: one per work order received in the period and routed to an office.
///
/// Outcomes (1 = good):
/// - `y_on_time`: closed within the time limit of a normal order of its intent (working time,
///   `hotline_time_limits.csv` and `cn_workdays.csv`); an order still open counts once its limit has
///   passed, and does not apply before.
/// - `y_satisfied`: the caller was satisfied or basically satisfied at the follow-up (好/中); does
///   not apply without a follow-up.
/// - `y_not_returned`: never returned, reassigned or reopened (from the order's event log).
///
/// Case mix (known at receipt): the time budget in working hours, the office's open orders then
/// (log), rest days in the week ahead, received after hours, received on a weekend.
enum EfficacyHotlineCases {
    /// Every order's case (all periods).
    static func read(graph: KnowledgeGraph) throws -> [EfficacyGraphCase] {
        let reference = (try ResourceLocator.datasetsPath() as NSString).appendingPathComponent("reference")
        let calendar = try WorkingCalendar.load(file: (reference as NSString).appendingPathComponent("cn_workdays.csv"))
        let limits = try TimeLimits.load(file: (reference as NSString).appendingPathComponent("hotline_time_limits.csv"))
        var intentDepartment: [String: String] = [:]
        try graph.query("MATCH (i:Intent)-[:HANDLED_BY]->(d:DepartmentType) RETURN i.code, d.code") { row, _ in
            if case .string(let i) = row[0], case .string(let d) = row[1] { intentDepartment[i] = d }
        }
        let records = try WorkOrderRecords(graph: graph, cases: CaseDirectory(graph: graph))
        let orders = Dictionary(records.orders.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let all = CloseTimeCase.cases(records, intentDepartment: intentDepartment, calendar: calendar, limits: limits)
        let asOf = (all.map { max($0.received, $0.closed ?? 0) }.max() ?? 0) + 1
        let offset = Int64(WorkingCalendar.offsetSeconds)
        return all.compactMap { c -> EfficacyGraphCase? in
            guard let office = c.office else { return nil }
            let day = Int((c.received + offset).floorDiv(86_400))
            let order = orders[c.code]
            let late = CloseTimeModel.late(c, asOf: asOf, calendar: calendar)
            let satisfied: Int? = order?.satisfaction.flatMap(Self.satisfied)
            let returned = (order?.returns ?? 0) + (order?.reassignments ?? 0) + (order?.reopenings ?? 0) > 0
            return EfficacyGraphCase(
                office: office, domain: .hotline, day: day,
                x: ["x_budget_hours": Double(c.budget) / 3_600, "x_log_load": log1p(Double(c.load)),
                    "x_rest_days_ahead": Double(c.restDaysAhead), "x_after_hours": c.afterHours ? 1 : 0, "x_weekend": c.weekday >= 5 ? 1 : 0],
                y: ["y_on_time": late.map { $0 ? 0 : 1 }, "y_satisfied": satisfied, "y_not_returned": returned ? 0 : 1])
        }
    }

    /// 1 for satisfied or basically satisfied (the generator's 好/中, the API's values), 0 for
    /// dissatisfied, nil for anything else.
    static func satisfied(_ verdict: String) -> Int? {
        switch verdict {
        case "好", "中", Satisfaction.satisfied.rawValue, Satisfaction.basicallySatisfied.rawValue: return 1
        case "差", Satisfaction.dissatisfied.rawValue: return 0
        default: return nil
        }
    }

    /// What each outcome means, for the report.
    static let outcomes: [(name: String, description: String)] = [
        ("y_on_time", "按时办结 closed within the time limit"),
        ("y_satisfied", "回访满意或基本满意 satisfied at the follow-up"),
        ("y_not_returned", "未退单、改派或重启 never returned, reassigned or reopened"),
    ]
}
