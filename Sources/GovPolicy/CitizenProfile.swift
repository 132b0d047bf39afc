import KGCore
import KGEngine

/// A citizen described by tags they choose (千人千面 for people, no personal data): age group,
/// household situation, employment status, region and interests. The target groups of citizen
/// policies (graduates, veterans, the elderly, farmers, job seekers) are read from the policies'
/// tags and checked against these tags as rules, met or failed, like an enterprise's.
public struct CitizenProfile: Sendable {
    public static let ageGroups = ["0-17", "18-34", "35-59", "60-79", "80+"]
    public static let households = ["farmer", "veteran", "lowIncome", "disabled", "withChildren", "livingAlone"]
    public static let employments = ["student", "graduate", "employed", "selfEmployed", "unemployed", "retired"]

    public let ageGroup: String?
    public let household: Set<String>
    public let employment: String?
    public let adcode: String
    public let interests: [String]

    /// A target group a citizen policy's tag names, and the rule it implies.
    struct TargetGroup: Sendable {
        let rule: String
        let zh: String
        let en: String
        let applies: @Sendable (CitizenProfile) -> Bool
    }

    /// Policy tag → the group it targets.
    static let targetGroups: [String: TargetGroup] = [
        "高校毕业生": TargetGroup(rule: "graduate", zh: "高校毕业生", en: "a recent graduate") { $0.employment == "graduate" },
        "退役军人": TargetGroup(rule: "veteran", zh: "退役军人", en: "a veteran") { $0.household.contains("veteran") },
        "高龄津贴": TargetGroup(rule: "elderly", zh: "60周岁以上老年人", en: "aged 60 or over") { ["60-79", "80+"].contains($0.ageGroup ?? "") },
        "农机": TargetGroup(rule: "farmer", zh: "从事农业生产的农户", en: "a farming household") { $0.household.contains("farmer") },
    ]

    public init(ageGroup: String?, household: Set<String>, employment: String?, adcode: String, interests: [String]) {
        self.ageGroup = ageGroup; self.household = household; self.employment = employment; self.adcode = adcode; self.interests = interests
    }

    /// Reads a citizen's tags (`ageGroup`, `household`, `employment`, `adcode`, `interests`);
    /// every field but adcode is optional.
    public init(input: ProfileInput, knownRegion: (String) -> Bool) throws {
        func optionalString(_ key: String, _ value: String?, _ allowed: [String]) throws -> String? {
            guard let value else { return nil }
            guard allowed.contains(value) else { throw Self.bad("\"\(key)\" must be one of \(allowed.joined(separator: ", "))") }
            return value
        }
        func strings(_ key: String, _ list: [String]?) throws -> [String] {
            guard let list else { return [] }
            guard list.count <= 50 else { throw Self.bad("\"\(key)\" must be a list of at most 50 strings") }
            guard list.allSatisfy({ !$0.isEmpty && $0.count <= 50 }) else { throw Self.bad("\"\(key)\" must hold non-empty strings of at most 50 characters") }
            return list
        }
        guard let adcode = input.adcode, knownRegion(adcode) else {
            throw Self.bad("\"adcode\" must be the Guangxi region code where the citizen lives, e.g. \"450103\"")
        }
        let household = try strings("household", input.household)
        if let unknown = household.first(where: { !Self.households.contains($0) }) {
            throw Self.bad("\"household\" holds \"\(unknown)\"; known situations: \(Self.households.joined(separator: ", "))")
        }
        self.init(ageGroup: try optionalString("ageGroup", input.ageGroup, Self.ageGroups), household: Set(household),
                  employment: try optionalString("employment", input.employment, Self.employments), adcode: adcode,
                  interests: try strings("interests", input.interests))
    }

    /// The text matched against policy texts: the interests and the situations in Chinese.
    var text: String {
        var words = interests
        if household.contains("farmer") { words.append("农户 农业生产") }
        if household.contains("veteran") { words.append("退役军人") }
        if employment == "graduate" { words.append("高校毕业生 就业") }
        if employment == "unemployed" { words.append("就业 求职") }
        if ["60-79", "80+"].contains(ageGroup ?? "") { words.append("老年人 养老") }
        return words.joined(separator: "，")
    }

    static func bad(_ message: String) -> EngineError {
        EngineError(code: .badValue, message: message + "; a citizen profile is {\"ageGroup\": \"18-34\", \"household\": [\"farmer\"], \"employment\": \"graduate\", \"adcode\": \"450103\", \"interests\": [\"创业\"]}")
    }
}
