import KGCore
import KGEngine

extension DashboardSummary {
    /// The subjects of each supervision domain: enterprises (market) or the domain's sites.
    static let domainSubjects: [(domain: String, label: String)] = [("market", "Enterprise"), ("ecology", "PollutionSource"),
                                                                     ("emergency", "WorkSafetySite"), ("housing", "ConstructionProject")]

    /// The four supervision domains side by side (`domains` of the summary): per domain the
    /// subjects supervised, their risk levels and credit grades as the domain's models last wrote
    /// them, the alerts by status and the share confirmed among those resolved with a stated
    /// outcome. Counts only, like the rest of the summary.
    func domainFigures() throws -> JSON {
        var alerts: [String: [String: Int]] = [:], confirmed: [String: Int] = [:], stated: [String: Int] = [:]
        try graph.query("MATCH (a:RiskAlert) RETURN coalesce(a.domain, 'market'), a.status, a.outcome, count(*)",
                        options: .init(timeoutSeconds: 120, readOnly: true)) { r, _ in
            let domain = r[0].stringValue ?? "market", n = Int(r[3].intValue ?? 0)
            alerts[domain, default: [:]][r[1].stringValue ?? "new", default: 0] += n
            if let outcome = r[2].stringValue, outcome == "confirmed" || outcome == "false_alarm" || outcome == "no_action" {
                stated[domain, default: 0] += n
                if outcome == "confirmed" { confirmed[domain, default: 0] += n }
            }
        }
        func counts(_ d: [String: Int]) -> JSON { .object(d.keys.sorted().map { ($0, .int(Int64(d[$0]!))) }) }
        var out: [JSON] = []
        for (domain, label) in Self.domainSubjects {
            var subjects = 0, levels: [String: Int] = [:], grades: [String: Int] = [:]
            try graph.query("MATCH (s:\(label)) RETURN s.riskLevel, s.creditGrade, count(*)", options: .init(timeoutSeconds: 120, readOnly: true)) { r, _ in
                let n = Int(r[2].intValue ?? 0)
                subjects += n
                if let l = r[0].stringValue { levels[l, default: 0] += n }
                if let g = r[1].stringValue { grades[g, default: 0] += n }
            }
            let share: JSON = (stated[domain] ?? 0) > 0
                ? .double((Double(confirmed[domain] ?? 0) / Double(stated[domain]!) * 10_000).rounded() / 10_000) : .null
            out.append(.object([("domain", .string(domain)), ("subjects", .int(Int64(subjects))), ("riskLevels", counts(levels)),
                                ("creditGrades", counts(grades)), ("alerts", counts(alerts[domain] ?? [:])), ("confirmedShare", share)]))
        }
        return .array(out)
    }
}
