/// One event on its way to one webhook: pending (with the time of the next attempt), delivered,
/// dead (every retry failed; listed for an operator, who may send it again) or cancelled (the
/// webhook was removed).
public struct WebhookDelivery: Sendable, Codable, Equatable {
    public let id: Int64
    public let webhook: String
    /// `alert` or `update`.
    public let event: String
    /// The alert's id.
    public let alert: String
    /// The JSON body sent.
    public let payload: String
    public let status: String
    public let attempts: Int
    /// Unix seconds of the next attempt (pending deliveries).
    public let nextAttemptAt: Double
    public let lastError: String?
    /// The HTTP status of the last answer, nil when there was none (timeout, refused).
    public let lastStatus: Int?
    public let createdAt: String
    public let deliveredAt: String?

    /// The statuses a delivery goes through.
    public static let statuses: Set<String> = ["pending", "delivered", "dead", "cancelled"]
}
