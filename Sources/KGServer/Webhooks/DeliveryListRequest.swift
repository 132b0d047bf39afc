/// The query of `GET /v1/webhooks/deliveries?status=&webhook=&limit=` (text as sent; checked by the route).
struct DeliveryListRequest: Codable, Sendable, Equatable {
    var status: String?
    var webhook: String?
    var limit: String?
}
