/// One office's case-mix-adjusted efficacy: a row of OFFICES.csv.
public struct OfficeEfficacy: Sendable, Codable, Equatable {
    public let office: String
    /// The office's peer group ("" without a group column).
    public let group: String
    /// 100·Φ(score): 50 = as its case mix predicts within its group; 84 = one between-office
    /// standard deviation better on average over the outcomes; higher = better.
    public let index: Double
    /// The interval of the index (95 % by default) from the posterior variance.
    public let lower: Double
    public let upper: Double
    /// 1 = best, over all offices (by the index, which is already relative to the group).
    public let rank: Int
    /// 1 = best within the office's group.
    public let groupRank: Int
    /// The office's cases (rows of the table used).
    public let cases: Int
    /// The raw success rate over all its outcome cells.
    public let raw: Double
    /// The rate its case mix predicts over the same cells.
    public let expected: Double
    /// The index before shrinkage (the office's own O − E alone).
    public let unshrunk: Double
    /// The combined score Φ⁻¹(index/100): the mean of the components.
    public let score: Double
    /// The score's posterior standard deviation.
    public let scoreSD: Double
    /// Per outcome (in `EfficacyScores.outcomes` order): the shrunken O − E in between-office
    /// standard deviations; nil when no case of the office has that outcome.
    public let components: [Double?]
}
