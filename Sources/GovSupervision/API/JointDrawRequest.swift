/// The body of `POST /v1/supervision/draws`: a joint double-random draw (部门联合双随机抽查) of
/// several supervision domains in one region, reproducible from its seed. The same draw as
/// `govbrain risk sample --joint DOMAINS --region --n COUNT --seed`.
public struct JointDrawRequest: Codable, Sendable, Equatable {
    /// Two or more domains (`market`, `ecology`, `emergency`, `housing`) or their department
    /// types (`ecoenv` for ecology).
    public var domains: [String]
    /// The region's adcode (county, city or province).
    public var region: String
    /// How many enterprises to visit.
    public var count: Int
    /// The random seed (recorded with the draw).
    public var seed: Int64
    /// A display name recorded beside the caller's key.
    public var by: String?

    public init(domains: [String], region: String, count: Int, seed: Int64, by: String? = nil) {
        self.domains = domains; self.region = region; self.count = count; self.seed = seed; self.by = by
    }
}
