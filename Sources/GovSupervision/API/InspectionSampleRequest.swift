/// The body of `POST /v1/risk/inspections/sample`: the region (adcode), how many enterprises, the
/// seed that makes the draw reproducible, the weight floor and an optional display name.
public struct InspectionSampleRequest: Codable, Sendable, Equatable {
    public var region: String
    public var n: Int
    public var seed: Int64
    public var floor: Double?
    public var by: String?

    public init(region: String, n: Int, seed: Int64, floor: Double? = nil, by: String? = nil) {
        self.region = region; self.n = n; self.seed = seed; self.floor = floor; self.by = by
    }
}
