import Foundation
import KGCore
import KGEngine

/// The efficacy cases of the ecology, emergency-management and housing domains: one per domain
/// inspection (`EnvironmentalInspection`, `SafetyInspection`, `ConstructionInspection`)
/// `CONDUCTED_BY` an office, dated in the period.
///
/// Outcomes (1 = good), named with the domain (`y_ecology_confirmed` …):
/// - `confirmed`: the inspection found a confirmed problem (an exceedance, a hidden danger, a
///   quality or safety problem: a `FOUND_ISSUE`, or a result other than 未发现问题);
/// - `targeted`: it was aimed at a high-risk site, one with a problem on record in the two years before;
/// - `rectified`: the problem it found was rectified by its deadline (time to rectification);
///   does not apply when it found none, or when the deadline falls after the last record.
///
/// Case mix (known on the day): a double-random draw rather than a targeted check, the site is a
/// key unit (重点排污单位, 重大危险源, 危大工程), its size (log) and its age in years.
enum EfficacyDomainCases {
    /// Every inspection's case of the domain (all periods).
    static func read(graph: KnowledgeGraph, domain: EfficacyDomain) throws -> [EfficacyGraphCase] {
        guard let schema = SupervisionDomainSchema.named(domain.rawValue) else { return [] }
        let records = try DomainSiteRecords(graph: graph, schema: schema)
        let d = schema.id
        var cases: [EfficacyGraphCase] = []
        for site in records.sites {
            for inspection in site.inspections {
                guard let office = inspection.office else { continue }
                let day = inspection.day
                var x: [String: Double?] = ["x_random_draw": inspection.random ? 1 : 0, "x_\(d)_key_unit": site.keyUnit ? 1 : 0]
                x["x_\(d)_log_size"] = site.size.map { log1p(max(0, $0)) }
                x["x_\(d)_age_years"] = site.started.map { max(0, Double(day - $0) / 365.25) }
                let targeted = site.problems.contains { $0.day < day && $0.day >= day - 730 }
                var rectified: Int?
                // Judged only once the deadline has passed by the end of the records, so an open
                // problem and one rectified early are not told apart before everyone's time is up.
                if inspection.foundProblem, let p = site.problems.first(where: { $0.day == day && $0.byInspection }), let deadline = p.deadline,
                   deadline < records.now - 1 {
                    rectified = p.rectified.map { $0 <= deadline ? 1 : 0 } ?? 0
                }
                cases.append(EfficacyGraphCase(office: office, domain: domain, day: day, x: x,
                                               y: ["y_\(d)_confirmed": inspection.foundProblem ? 1 : 0, "y_\(d)_targeted": targeted ? 1 : 0,
                                                   "y_\(d)_rectified": rectified]))
            }
        }
        return cases
    }

    /// What each outcome of the domain means, for the report.
    static func outcomes(_ domain: EfficacyDomain) -> [(name: String, description: String)] {
        guard let schema = SupervisionDomainSchema.named(domain.rawValue) else { return [] }
        let d = schema.id
        return [("y_\(d)_confirmed", "\(schema.nameZh)检查发现问题 the inspection found a confirmed problem"),
                ("y_\(d)_targeted", "\(schema.nameZh)检查对象为高风险对象 aimed at a site with a problem on record in the two years before"),
                ("y_\(d)_rectified", "\(schema.nameZh)问题按期整改 the problem found was rectified by its deadline")]
    }
}
