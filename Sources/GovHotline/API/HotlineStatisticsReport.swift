import KGCore

/// Hotline figures for dashboards: the filter as applied, volumes by intent, region and day,
/// satisfaction, and the median hours from creation to closing (null when nothing closed).
public struct HotlineStatisticsReport: Encodable, Sendable {
    public var filter: AppliedFilter
    public var total: Int
    public var byIntent: [IntentCount]
    public var byRegion: [RegionCount]
    public var byDay: [DayCount]
    public var satisfaction: Satisfaction
    public var closed: Int
    public var medianHoursToClose: Double?

    /// The filter as the service read it (null where absent).
    public struct AppliedFilter: Encodable, Sendable {
        public var from: String?
        public var to: String?
        public var region: String?
        public var intent: String?

        enum CodingKeys: String, CodingKey { case from, to, region, intent }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(from, forKey: .from); try c.encode(to, forKey: .to)
            try c.encode(region, forKey: .region); try c.encode(intent, forKey: .intent)
        }
    }

    public struct IntentCount: Encodable, Sendable { public var intent: String; public var count: Int }

    public struct RegionCount: Encodable, Sendable {
        public var adcode: String
        public var name: String?
        public var count: Int

        enum CodingKeys: String, CodingKey { case adcode, name, count }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(adcode, forKey: .adcode); try c.encode(name, forKey: .name); try c.encode(count, forKey: .count)
        }
    }

    public struct DayCount: Encodable, Sendable { public var date: String; public var count: Int }

    /// Ratings: how many, the count of each rating (in rating order) and the share rated 好.
    public struct Satisfaction: Encodable, Sendable {
        public var rated: Int
        public var counts: [(rating: String, count: Int)]
        public var satisfiedShare: Double?


        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: StringCodingKey.self)
            try c.encode(rated, forKey: StringCodingKey("rated"))
            var counts = c.nestedContainer(keyedBy: StringCodingKey.self, forKey: StringCodingKey("counts"))
            for (rating, count) in self.counts { try counts.encode(count, forKey: StringCodingKey(rating)) }
            try c.encode(satisfiedShare, forKey: StringCodingKey("satisfiedShare"))
        }
    }

    enum CodingKeys: String, CodingKey { case filter, total, byIntent, byRegion, byDay, satisfaction, closed, medianHoursToClose }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(filter, forKey: .filter); try c.encode(total, forKey: .total); try c.encode(byIntent, forKey: .byIntent)
        try c.encode(byRegion, forKey: .byRegion); try c.encode(byDay, forKey: .byDay); try c.encode(satisfaction, forKey: .satisfaction)
        try c.encode(closed, forKey: .closed); try c.encode(medianHoursToClose, forKey: .medianHoursToClose)
    }
}
