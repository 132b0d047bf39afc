/// The query of `GET /v1/supervision/draws?region=&status=&limit=` (text as the client sent it;
/// `JointDrawLog.list` checks it).
public struct JointDrawListRequest: Codable, Sendable, Equatable {
    /// Only the draws of this region (a six-digit adcode, its sub-regions included).
    public var region: String?
    /// `drawn` or `refused`.
    public var status: String?
    /// At most this many, newest first (1–1000, default 100).
    public var limit: String?

    public init(region: String? = nil, status: String? = nil, limit: String? = nil) {
        self.region = region; self.status = status; self.limit = limit
    }
}
