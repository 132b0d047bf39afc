/// `POST /v1/hotline/workorders` and `govbrain hotline create`: a call accepted by the hotline.
public struct WorkOrderCreateRequest: Sendable, Codable, Equatable {
    public var text: String
    public var address: String?
    /// phone, web, app or wechat (default phone).
    public var channel: String?
    /// Stored on the order (masked wherever it is shown), never returned by the API.
    public var callerPhone: String?
    /// When the call was received (ISO 8601); now when absent.
    public var receivedAt: String?
    /// An agent's urgency, overriding the model's.
    public var urgency: Urgency?

    public init(text: String, address: String? = nil, channel: String? = nil, callerPhone: String? = nil, receivedAt: String? = nil,
                urgency: Urgency? = nil) {
        self.text = text; self.address = address; self.channel = channel; self.callerPhone = callerPhone
        self.receivedAt = receivedAt; self.urgency = urgency
    }

    public static let channels = ["phone", "web", "app", "wechat"]
}
