/// One routing request, the body of `POST /v1/hotline/route` and a line of `govbrain route
/// --input`: the complaint text and optionally the caller's address or region name.
public struct HotlineRouteRequest: Codable, Sendable, Equatable {
    public var text: String
    public var address: String?

    public init(text: String, address: String? = nil) { self.text = text; self.address = address }
}
