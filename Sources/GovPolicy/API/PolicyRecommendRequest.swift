/// The body of `POST /v1/policies/recommend`: who (an enterprise of the graph by `enterpriseId`
/// or `uscc`, an enterprise `profile`, or a `citizen`), how many (`k`, default 10) and optionally
/// a policy code to `explain` rule by rule.
public struct PolicyRecommendRequest: Codable, Sendable, Equatable {
    public var enterpriseId: Int64?
    public var uscc: String?
    /// An enterprise profile, or a citizen's tags (read as a citizen when it has no industry and
    /// has any of the citizen fields).
    public var profile: ProfileInput?
    public var citizen: ProfileInput?
    public var k: Int64?
    public var explain: String?

    public init(enterpriseId: Int64? = nil, uscc: String? = nil, profile: ProfileInput? = nil, citizen: ProfileInput? = nil,
                k: Int64? = nil, explain: String? = nil) {
        self.enterpriseId = enterpriseId; self.uscc = uscc; self.profile = profile; self.citizen = citizen; self.k = k; self.explain = explain
    }
}

/// A profile as a client gives it: an enterprise (`industry`, `adcode`, `scale`, `ageYears`,
/// `capital`, `scope`) or a citizen (`ageGroup`, `household`, `employment`, `adcode`, `interests`).
public struct ProfileInput: Codable, Sendable, Equatable {
    public var industry: String?
    public var adcode: String?
    public var scale: String?
    public var ageYears: Double?
    public var capital: Double?
    public var scope: String?
    public var ageGroup: String?
    public var household: [String]?
    public var employment: String?
    public var interests: [String]?

    public init(industry: String? = nil, adcode: String? = nil, scale: String? = nil, ageYears: Double? = nil, capital: Double? = nil,
                scope: String? = nil, ageGroup: String? = nil, household: [String]? = nil, employment: String? = nil, interests: [String]? = nil) {
        self.industry = industry; self.adcode = adcode; self.scale = scale; self.ageYears = ageYears; self.capital = capital; self.scope = scope
        self.ageGroup = ageGroup; self.household = household; self.employment = employment; self.interests = interests
    }

    /// Whether the profile describes a citizen rather than an enterprise.
    public var isCitizen: Bool { industry == nil && (ageGroup != nil || household != nil || employment != nil || interests != nil) }
}
