/// The query of `GET /v1/supervision/claims?period=&region=&level=&format=` (text as the client
/// sent it; `SupervisionClaimsReport.make` checks it). The same answer as
/// `govbrain supervision claims --period --region --level`.
public struct SupervisionClaimsRequest: Codable, Sendable, Equatable {
    /// `YYYY-Qn` or `YYYY-MM`: the reporting period, checked and echoed (claims carry no date: the
    /// rate is the catalogue's state when asked).
    public var period: String?
    /// Only the offices of this region (a six-digit adcode, its sub-regions included).
    public var region: String?
    /// `office` (default), `department` or `region`.
    public var level: String?
    /// `json` (default) or `csv`.
    public var format: String?

    public init(period: String? = nil, region: String? = nil, level: String? = nil, format: String? = nil) {
        self.period = period; self.region = region; self.level = level; self.format = format
    }
}
