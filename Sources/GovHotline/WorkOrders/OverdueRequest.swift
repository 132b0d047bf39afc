/// `GET /v1/hotline/overdue?region=&office=&within=PT24H&limit=&offset=` (query parameters, as text).
public struct OverdueRequest: Codable, Sendable, Equatable {
    public var region: String?
    public var office: String?
    /// An ISO 8601 duration (PT24H, PT30M, P2D, P1DT12H): orders due within it are listed with the overdue ones.
    public var within: String?
    public var limit: String?
    public var offset: String?

    public init(region: String? = nil, office: String? = nil, within: String? = nil, limit: String? = nil, offset: String? = nil) {
        self.region = region; self.office = office; self.within = within; self.limit = limit; self.offset = offset
    }

    /// Seconds of an ISO 8601 duration of days, hours, minutes and seconds (nil when malformed).
    public static func seconds(_ text: String) -> Int64? {
        var rest = Substring(text.uppercased())
        guard rest.first == "P" else { return nil }
        rest = rest.dropFirst()
        var total: Int64 = 0, inTime = false, number = "", any = false, anyTime = false
        for c in rest {
            if c == "T" { guard !inTime, number.isEmpty else { return nil }; inTime = true; continue }
            if c.isNumber { number.append(c); continue }
            guard let n = Int64(number), n <= 100_000 else { return nil }
            switch (c, inTime) {
            case ("D", false): total += n * 86_400
            case ("H", true): total += n * 3_600; anyTime = true
            case ("M", true): total += n * 60; anyTime = true
            case ("S", true): total += n; anyTime = true
            default: return nil
            }
            number = ""; any = true
        }
        return any && number.isEmpty && (!inTime || anyTime) ? total : nil
    }
}

/// One open order that is overdue or due soon, with the chance it closes late and why.
public struct OverdueItem: Encodable, Sendable {
    public let id: String
    public let status: WorkOrderStatus
    public let urgency: Urgency
    public let intent: String
    public let office: String?
    public let deadline: String
    /// Calendar seconds until the deadline (negative: overdue by that much).
    public let dueInSeconds: Int64
    public let overdue: Bool
    /// P(closed after the deadline | open now), from the history of closing times.
    public let lateProbability: Double
    /// Whose history the probability comes from: office, intent or all.
    public let basis: String
    public let why: [String]
}

/// A page of overdue and soon-due orders, soonest deadline first.
public struct OverduePage: Encodable, Sendable {
    public var asOf: String
    public var withinSeconds: Int64
    public var total: Int
    public var limit: Int
    public var offset: Int
    public var orders: [OverdueItem]
}
