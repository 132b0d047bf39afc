/// One reason an order was flagged, with the strength it lends the flag.
public struct QualityEvidence: Encodable, Sendable, Equatable {
    /// A stable name: `router_disagrees`, `office_not_responsible`, `returned`, `reassigned`,
    /// `repeat_call`, `dissatisfied`, `reopened`.
    public let code: String
    /// How strongly this evidence alone says the flag is right, 0…1.
    public let weight: Double
    /// The evidence in words, in Chinese (the inspectors' language).
    public let detail: String
}
