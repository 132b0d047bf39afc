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
    enum CodingKeys: String, CodingKey {
        case intent, department, adcode, office, confidence, needsHuman, alternatives, similarCases, answer, place, modelVersion
    }
    enum AlternativeKeys: String, CodingKey { case intent, probability }
    enum AnswerKeys: String, CodingKey { case id, intent, department, kind, question, answer, sources, score, relatedPolicies }
    enum PlaceKeys: String, CodingKey { case mention, form }
    enum CaseKeys: String, CodingKey { case id, nodeId, text, intent, adcode, office, outcome, score }
    enum OutcomeKeys: String, CodingKey { case status, satisfaction, closedAt }

    /// The routing contract object (the transport puts the caller's `id` first when it had one).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(intent, forKey: .intent)
        try c.encode(department, forKey: .department)
        try c.encode(place?.adcode, forKey: .adcode)
        try c.encode(office.map(OfficeRef.init), forKey: .office)
        try c.encode(Self.round(confidence), forKey: .confidence)
        try c.encode(needsHuman, forKey: .needsHuman)
        var alternatives = c.nestedUnkeyedContainer(forKey: .alternatives)
        for a in self.alternatives {
            var e = alternatives.nestedContainer(keyedBy: AlternativeKeys.self)
            try e.encode(a.intent, forKey: .intent); try e.encode(Self.round(a.probability), forKey: .probability)
        }
        var cases = c.nestedUnkeyedContainer(forKey: .similarCases)
        for s in similarCases {
            let r = s.record
            var e = cases.nestedContainer(keyedBy: CaseKeys.self)
            try e.encode(r.code, forKey: .id); try e.encode(s.nodeID, forKey: .nodeId); try e.encode(r.text, forKey: .text)
            try e.encode(r.intent, forKey: .intent); try e.encode(r.adcode, forKey: .adcode); try e.encode(r.office.map(OfficeRef.init), forKey: .office)
            var outcome = e.nestedContainer(keyedBy: OutcomeKeys.self, forKey: .outcome)
            try outcome.encode(r.status, forKey: .status); try outcome.encode(r.satisfaction, forKey: .satisfaction)
            try outcome.encode(r.closedAt?.description, forKey: .closedAt)
            try e.encode(Self.round(s.score), forKey: .score)
        }
        if let a = answer {
            var e = c.nestedContainer(keyedBy: AnswerKeys.self, forKey: .answer)
            try e.encode(a.entry.id, forKey: .id); try e.encode(a.entry.intent, forKey: .intent); try e.encode(a.entry.department, forKey: .department)
            try e.encode(a.entry.kind, forKey: .kind); try e.encode(a.entry.question, forKey: .question); try e.encode(a.entry.answer, forKey: .answer)
            try e.encode(a.entry.sources, forKey: .sources); try e.encode((a.score * 10_000).rounded() / 10_000, forKey: .score)
            try e.encode(relatedPolicies, forKey: .relatedPolicies)
        } else {
            try c.encodeNil(forKey: .answer)
        }
        if let place {
            var e = c.nestedContainer(keyedBy: PlaceKeys.self, forKey: .place)
            try e.encode(place.surface, forKey: .mention); try e.encode(place.form.rawValue, forKey: .form)
        } else {
            try c.encodeNil(forKey: .place)
        }
        try c.encode(modelVersion, forKey: .modelVersion)
    }

    /// An office as the routing shows it.
    struct OfficeRef: Encodable {
        let id: String, name: String, adcode: String, nodeId: Int64
        init(_ o: OfficeDirectory.Office) { id = o.code; name = o.name; adcode = o.adcode; nodeId = o.nodeID }
    }
}
