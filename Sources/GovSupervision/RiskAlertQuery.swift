import KGCore
import KGEngine

/// Validates the filters of an alert listing (shared by the CLI and `GET /v1/risk/alerts`).
public enum RiskAlertQuery {
    public static func filter(region: String?, level: String?, status: String?, since: String?, domain: String? = nil) throws -> RiskAlertBook.Filter {
        if let domain { _ = try self.domain(domain) }
        if let region, region.count != 6 || !region.allSatisfy(\.isNumber) {
            throw EngineError(code: .invalidSupervisionRequest, message: "region must be a 6-digit adcode, got \"\(region)\"")
        }
        if let level, !RiskAlertBook.levels.contains(level) {
            throw EngineError(code: .invalidSupervisionRequest, message: "level must be red, orange or yellow, got \"\(level)\"")
        }
        if let status, !RiskAlertBook.statuses.contains(status) {
            throw EngineError(code: .invalidSupervisionRequest, message: "status must be new, acknowledged, assigned or resolved, got \"\(status)\"")
        }
        var sinceTime: CypherDateTime?
        if let since {
            if let t = CypherDateTime(iso: since) { sinceTime = t } else if let d = CypherDate(iso: since) {
                sinceTime = CypherDateTime(epochSeconds: Int64(d.daysSinceEpoch) * 86400)
            } else {
                throw EngineError(code: .invalidSupervisionRequest, message: "since must be an ISO date or date-time (2025-01-01 or 2025-01-01T08:00:00Z), got \"\(since)\"")
            }
        }
        return RiskAlertBook.Filter(region: region, level: level, status: status, since: sinceTime, domain: domain)
    }

    /// A supervision domain named by a request: `market`, `ecology`, `emergency` or `housing`.
    /// - Throws: `EngineError` `.invalidSupervisionRequest` (400) naming the four for anything else.
    public static func domain(_ text: String) throws -> String {
        guard RiskAlertBook.domains.contains(text) else {
            let shown = text.count > 32 ? String(text.prefix(32)) + "…" : text
            throw EngineError(code: .invalidSupervisionRequest,
                              message: "unknown supervision domain \"\(shown)\"; use one of \(RiskAlertBook.domains.joined(separator: ", ")) (market = 市场监管, ecology = 生态环境, emergency = 应急管理, housing = 住房建设)")
        }
        return text
    }
}
