/// The answer of `POST /v1/risk/score`: the promoted risk model's score (0–100) for the next
/// half-year and its level; for an enterprise of the graph also the previous half-year's score, the
/// alert trigger (null when none) and the factors with their values and paths to risky parties.
public struct RiskScore: Codable, Sendable, Equatable {
    public var enterprise: EnterpriseSummary?
    public var score: Double
    public var level: String
    public var previousScore: Double?
    public var trigger: String?
    public var reasons: [RiskFactor]
    /// For feature rows: values the model did not see in training.
    public var unseen: [String]?
    public var modelVersion: String
    public var asOf: String?

    enum CodingKeys: String, CodingKey {
        case enterprise, score, level, previousScore, trigger, reasons, unseen, modelVersion, asOf
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(enterprise, forKey: .enterprise)
        try c.encode(score, forKey: .score)
        try c.encode(level, forKey: .level)
        if enterprise != nil {
            // An enterprise's score always says whether it triggered an alert (null: it did not).
            try c.encodeIfPresent(previousScore, forKey: .previousScore)
            try c.encode(trigger, forKey: .trigger)
        }
        try c.encode(reasons, forKey: .reasons)
        try c.encodeIfPresent(unseen, forKey: .unseen)
        try c.encode(modelVersion, forKey: .modelVersion)
        try c.encodeIfPresent(asOf, forKey: .asOf)
    }
}

/// A risk factor: its description, and for an enterprise of the graph its value and (for
/// related-party risk) the path to the risky party.
public struct RiskFactor: Codable, Sendable, Equatable {
    public var factor: String
    public var description: String
    public var value: String?
    public var path: [PathStep]?
    /// The supervisor's sentence in Chinese, e.g. "近12个月欠薪投诉 3 次（高于 95% 的企业）".
    public var text: String?
    /// The sentence in English.
    public var textEn: String?

    public init(factor: String, description: String, value: String? = nil, path: [PathStep]? = nil, text: String? = nil, textEn: String? = nil) {
        self.factor = factor; self.description = description; self.value = value; self.path = path; self.text = text; self.textEn = textEn
    }

    /// One node on a path to a risky related party; people are never named.
    public struct PathStep: Codable, Sendable, Equatable {
        public var kind: String
        public var nodeId: Int64
        public var uscc: String?
        public var name: String?
    }
}
