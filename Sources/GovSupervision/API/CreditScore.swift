/// The answer of `POST /v1/credit/score`: the promoted credit model's probability of a serious
/// adverse credit event, points, grade A–D and the factors that cost most points.
public struct CreditScore: Codable, Sendable, Equatable {
    /// Absent when the request gave feature values instead of an enterprise.
    public var enterprise: EnterpriseSummary?
    public var probability: Double
    public var points: Int
    public var grade: String
    public var gradeLabel: String
    public var reasons: [ScoreFactor]
    /// Feature values the model did not see in training (scored as missing).
    public var unseen: [String]
    public var modelVersion: String
    /// The day the records are as of (ISO date).
    public var asOf: String
}
