import KGCore
import KGEngine
import KGML

/// The routing of one work order, as `govbrain route` and `POST /v1/hotline/route` return it.
public struct HotlineRouting: Sendable {
    /// A past work order like this one.
    public struct SimilarCase: Sendable {
        public let nodeID: Int64
        public let record: CaseDirectory.Case
        public let score: Double
    }

    public let intent: String
    public let department: String
    public let place: PlaceResolver.Mention?
    public let office: OfficeDirectory.Office?
    public let confidence: Double
    public let needsHuman: Bool
    /// True when the text lies too far from what the model knows (`RoutingNovelty`): it waits for
    /// a person whatever the confidence. The wire object keeps its contract: such a routing says
    /// `needsHuman: true`; the CLI's text output names the reason.
    public let outOfDistribution: Bool
    /// The three most probable intents.
    public let alternatives: [(intent: String, probability: Double)]
    public let similarCases: [SimilarCase]
    public let answer: HotlineKnowledgeBase.Hit?
    /// Policies of the knowledge base for the intent that apply in the region and resemble the text.
    public let relatedPolicies: [HotlineKnowledgeBase.Hit]
    public let modelVersion: String

    static func round(_ x: Double) -> Double { (x * 1_000_000).rounded() / 1_000_000 }
}

extension HotlineRouting: Encodable {
    /// The routing contract object (the transport puts the caller's `id` first when it had one).
    public func encode(to encoder: any Encoder) throws { try wireValue.encode(to: encoder) }

    /// The contract object written once as a value. A routing is about sixty values in twenty nested
    /// objects, and it is answered once per text: through keyed containers (a boxed container and a
    /// generic metadata lookup per nested object) encoding took as long as a fifth of the routing
    /// itself. `JSONValueEncoder` takes this value as it is; other encoders see the same shape.
    var wireValue: JSON {
        .object([
            ("intent", .string(intent)), ("department", .string(department)),
            ("adcode", place.map { .string($0.adcode) } ?? .null),
            ("office", Self.wire(office)),
            ("confidence", .double(Self.round(confidence))), ("needsHuman", .bool(needsHuman)),
            ("alternatives", .array(alternatives.map { .object([("intent", .string($0.intent)), ("probability", .double(Self.round($0.probability)))]) })),
            ("similarCases", .array(similarCases.map(Self.wire))),
            ("answer", answer.map { a in .object(a.wireMembers + [("relatedPolicies", .array(relatedPolicies.map(\.wireValue)))]) } ?? .null),
            ("place", place.map { .object([("mention", .string($0.surface)), ("form", .string($0.form.rawValue))]) } ?? .null),
            ("modelVersion", .string(modelVersion)),
        ])
    }

    /// An office as the routing shows it, or `null`.
    static func wire(_ office: OfficeDirectory.Office?) -> JSON {
        guard let o = office else { return .null }
        return .object([("id", .string(o.code)), ("name", .string(o.name)), ("adcode", .string(o.adcode)), ("nodeId", .int(o.nodeID))])
    }

    static func wire(_ c: SimilarCase) -> JSON {
        let r = c.record
        func text(_ s: String?) -> JSON { s.map { .string($0) } ?? .null }
        return .object([
            ("id", .string(r.code)), ("nodeId", .int(c.nodeID)), ("text", .string(r.text)),
            ("intent", text(r.intent)), ("adcode", text(r.adcode)), ("office", wire(r.office)),
            ("outcome", .object([("status", text(r.status)), ("satisfaction", text(r.satisfaction)), ("closedAt", text(r.closedAt?.description))])),
            ("score", .double(round(c.score))),
        ])
    }
}
