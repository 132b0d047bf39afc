/// Hotspots at one time: the window, the method (`embedding` with a text encoder, else `intent`)
/// and the spikes, most significant first. With no work orders at all, only `hotspots: []`.
public struct HotspotReport: Encodable, Sendable {
    public var at: String?
    public var windowSeconds: Int64?
    public var baselineWindows: Int?
    public var method: String?
    public var hotspots: [Hotspot]

    /// One spike: where, which intent, how many against how many expected, and the work orders.
    public struct Hotspot: Encodable, Sendable {
        public var adcode: String
        public var region: String?
        public var intent: String
        public var count: Int
        public var expected: Double
        public var ratio: Double
        public var pValue: Double
        public var from: String
        public var to: String
        public var workOrders: [WorkOrder]

        enum CodingKeys: String, CodingKey { case adcode, region, intent, count, expected, ratio, pValue, from, to, workOrders }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(adcode, forKey: .adcode); try c.encode(region, forKey: .region); try c.encode(intent, forKey: .intent)
            try c.encode(count, forKey: .count); try c.encode(expected, forKey: .expected); try c.encode(ratio, forKey: .ratio)
            try c.encode(pValue, forKey: .pValue); try c.encode(from, forKey: .from); try c.encode(to, forKey: .to)
            try c.encode(workOrders, forKey: .workOrders)
        }
    }

    public struct WorkOrder: Encodable, Sendable {
        public var id: String
        public var createdAt: String
        public var intent: String?
        public var text: String

        enum CodingKeys: String, CodingKey { case id, createdAt, intent, text }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id); try c.encode(createdAt, forKey: .createdAt); try c.encode(intent, forKey: .intent); try c.encode(text, forKey: .text)
        }
    }
}
