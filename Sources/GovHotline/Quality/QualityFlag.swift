/// An order quality inspection flags, with its evidence.
public struct QualityFlag: Encodable, Sendable {
    public let id: String
    public let kind: QualityKind
    /// 0…1: one minus the product of (1 − weight) over the evidence.
    public let score: Double
    public let intent: String?
    public let office: String?
    /// Where the order is (adcode), when known.
    public let region: String?
    public let receivedAt: String?
    public let closedAt: String?
    /// For a misroute: the intent and department the router would choose.
    public let suggestedIntent: String?
    public let suggestedDepartment: String?
    public let evidence: [QualityEvidence]
}
