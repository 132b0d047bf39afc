/// Which enterprise a score is for.
public struct EnterpriseSummary: Codable, Sendable, Equatable {
    public var nodeId: Int64
    public var uscc: String
    public var name: String
    public var adcode: String
}

/// A factor that moved a score, with its description in words and, when the value is known, the
/// value and the supervisor's sentence ("近12个月欠薪投诉 3 次（高于 95% 的企业）") in both languages.
public struct ScoreFactor: Codable, Sendable, Equatable {
    public var factor: String
    public var description: String
    /// The row's cell for the factor, as the model read it.
    public var value: String?
    /// The sentence in Chinese.
    public var text: String?
    /// The sentence in English.
    public var textEn: String?

    public init(factor: String, description: String, value: String? = nil, text: String? = nil, textEn: String? = nil) {
        self.factor = factor; self.description = description; self.value = value; self.text = text; self.textEn = textEn
    }
}
