import KGCore

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

    /// The short form of a Chinese region name (see `RegionNameForms`).
    public static func shortForm(_ name: String) -> String? { RegionNameForms.shortForm(name) }
}
