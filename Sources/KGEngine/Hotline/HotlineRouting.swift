import KGCore
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
    /// The three most probable intents.
    public let alternatives: [(intent: String, probability: Double)]
    public let similarCases: [SimilarCase]
    public let answer: HotlineKnowledgeBase.Hit?
    /// Policies of the knowledge base for the intent that apply in the region and resemble the text.
    public let relatedPolicies: [HotlineKnowledgeBase.Hit]
    public let modelVersion: String

    /// The contract object (`id` first when given).
    public func json(id: JSON? = nil) -> JSON {
        var members: [(String, JSON)] = []
        if let id { members.append(("id", id)) }
        members += [
            ("intent", .string(intent)), ("department", .string(department)),
            ("adcode", place.map { .string($0.adcode) } ?? .null),
            ("office", office.map(Self.officeJSON) ?? .null),
            ("confidence", .double(Self.round(confidence))), ("needsHuman", .bool(needsHuman)),
            ("alternatives", .array(alternatives.map { .object([("intent", .string($0.intent)), ("probability", .double(Self.round($0.probability)))]) })),
            ("similarCases", .array(similarCases.map(Self.caseJSON))),
            ("answer", answer.map { a in
                guard case .object(var members) = a.json else { return a.json }
                members.append(("relatedPolicies", .array(relatedPolicies.map(\.json))))
                return .object(members)
            } ?? .null),
            ("place", place.map { .object([("mention", .string($0.surface)), ("form", .string($0.form.rawValue))]) } ?? .null),
            ("modelVersion", .string(modelVersion)),
        ]
        return .object(members)
    }

    static func officeJSON(_ o: OfficeDirectory.Office) -> JSON {
        .object([("id", .string(o.code)), ("name", .string(o.name)), ("adcode", .string(o.adcode)), ("nodeId", .int(o.nodeID))])
    }

    static func caseJSON(_ c: SimilarCase) -> JSON {
        let r = c.record
        return .object([
            ("id", .string(r.code)), ("nodeId", .int(c.nodeID)), ("text", .string(r.text)),
            ("intent", r.intent.map { .string($0) } ?? .null), ("adcode", r.adcode.map { .string($0) } ?? .null),
            ("office", r.office.map(officeJSON) ?? .null),
            ("outcome", .object([("status", r.status.map { .string($0) } ?? .null), ("satisfaction", r.satisfaction.map { .string($0) } ?? .null),
                                 ("closedAt", r.closedAt.map { .string($0.description) } ?? .null)])),
            ("score", .double(round(c.score))),
        ])
    }

    static func round(_ x: Double) -> Double { (x * 1_000_000).rounded() / 1_000_000 }
}
