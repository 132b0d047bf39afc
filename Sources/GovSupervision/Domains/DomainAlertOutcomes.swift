import KGCore
import KGEngine

/// What handling found for a domain's alerts of the current period, as training labels of the
/// domain's risk model (`govbrain model train risk --graph --domain D --with-outcomes`), as the
/// enterprise model reads its own (`EnterpriseRiskModel.AlertOutcomes`): `confirmed` is a problem
/// at the site (1), `false_alarm` none (0); `no_action` and unstated outcomes say nothing about the
/// risk and are left out. Rows are the sites' features as of now, when the alerts were raised.
public struct DomainAlertOutcomes: Sendable {
    public let period: String
    /// Site index (in `DomainSiteRecords`) and label, one per usable alert.
    public let rows: [(site: Int, label: Int)]
    /// Resolved alerts of the domain from other periods, or of sites no longer in the graph, not used.
    public let skipped: Int

    public var confirmed: Int { rows.filter { $0.label == 1 }.count }
    public var falseAlarms: Int { rows.filter { $0.label == 0 }.count }

    /// The usable outcomes in `graph` for the domain of `records` and the period of `records.now`.
    public static func read(graph: KnowledgeGraph, records: DomainSiteRecords) throws -> DomainAlertOutcomes {
        let period = RiskAlerts.period(startingOn: records.now)
        let byCode = Dictionary(records.sites.indices.map { (records.sites[$0].code, $0) }, uniquingKeysWith: { a, _ in a })
        var rows: [(Int, Int)] = [], skipped = 0
        try graph.forEachNode(label: "RiskAlert") { _, p in
            let a = RiskAlertBook.alert(p, names: [:])
            guard a.domain == records.schema.id, a.status == "resolved", let outcome = a.outcome, outcome == "confirmed" || outcome == "false_alarm" else { return }
            guard a.period == period, let site = a.site.flatMap({ byCode[$0] }) else { skipped += 1; return }
            rows.append((site, outcome == "confirmed" ? 1 : 0))
        }
        return DomainAlertOutcomes(period: period, rows: rows.sorted { $0.0 < $1.0 }, skipped: skipped)
    }
}
