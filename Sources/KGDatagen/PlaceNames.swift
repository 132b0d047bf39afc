/// The ways people name a region: the full name, the short form (南宁 for 南宁市, 青秀 for 青秀区,
/// 环江 for 环江毛南族自治县), and current or former names from the alias table.
public struct PlaceNames: Sendable {
    public struct Region: Sendable {
        public let adcode: String
        public let name: String
        public let level: String
        public let parent: String?
        public let longitude: Double
        public let latitude: Double
        /// Every name a caller may use for it.
        public var mentions: [String]
    }

    public let regions: [Region]
    public let byAdcode: [String: Int]

    public init(regions: [Region]) {
        self.regions = regions
        var index: [String: Int] = [:]
        for (k, r) in regions.enumerated() { index[r.adcode] = k }
        byAdcode = index
    }

    /// The short form of a Chinese region name.
    public static func shortForm(_ name: String) -> String? {
        let suffixes = ["壮族自治区", "各族自治县", "瑶族自治县", "毛南族自治县", "仫佬族自治县", "苗族自治县", "侗族自治县", "自治县",
                        "市", "区", "县"]
        for s in suffixes where name.hasSuffix(s) && name.count - s.count >= 2 {
            return String(name.dropLast(s.count))
        }
        return nil
    }
}
