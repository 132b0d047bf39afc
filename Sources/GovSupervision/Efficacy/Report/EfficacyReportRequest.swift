import KGCore

/// The parameters of an efficacy report (`govbrain efficacy report`, `GET /v1/supervision/efficacy`):
/// text as the caller gave it; the service checks it.
public struct EfficacyReportRequest: Codable, Sendable, Equatable {
    /// `YYYY-Qn` or `YYYY-MM` (required).
    public var period: String?
    /// `office` (default), `department` or `region`.
    public var level: String?
    /// `market`, `ecology`, `emergency`, `housing`, `hotline` or `all` (default).
    public var domain: String?
    /// Only the rows of this region (an adcode; its sub-regions included). Ranks stay those among all units.
    public var region: String?

    public init(period: String? = nil, level: String? = nil, domain: String? = nil, region: String? = nil) {
        self.period = period; self.level = level; self.domain = domain; self.region = region
    }
}
