import Foundation
import KGCore
import KGEngine
import KGEmbedding
import KGML

/// Routes a citizen's complaint: intent and department from the promoted routing model, the
/// place from the caller's address or the text, the office of that department there (or in the
/// nearest region above that has one), up to five similar past work orders from the text index,
/// and a suggested answer from the knowledge base.
///
/// Everything it needs is loaded once (model, regions, offices, past cases, knowledge base), so
/// one routing touches no database: it is safe and fast to call from many threads at once.
public final class HotlineRouter: Sendable {
    public let version: String
    public let model: RoutingModel
    public let places: PlaceResolver
    public let offices: OfficeDirectory
    public let cases: CaseDirectory
    public let knowledge: HotlineKnowledgeBase
    /// The text encoder, the text index and the work orders in it (compiled filter), when the
    /// database has a text index.
    private let caseSearch: (encoder: TextEncoder, index: HNSWIndex, filter: VectorFilter, byIntent: [String: VectorFilter])?
    /// Whether the knowledge base's vocabulary is the model's (it is built with it), so that the
    /// model's TF-IDF vector of a text is the one the knowledge search needs.
    private let knowledgeSharesVocabulary: Bool
    /// Whether the database has a text index to find similar cases with.
    public var hasCaseIndex: Bool { caseSearch != nil }

    /// Longest text accepted (characters).
    public static let maxTextLength = 4000
    /// Least TF-IDF cosine for a policy of the knowledge base to be offered with the answer.
    static let relatedPolicyScore = 0.15
    /// Similar cases returned.
    public static let similarCaseCount = 5

    /// Loads the promoted routing model (or `version`) from `models` and the rest from `graph`.
    public init(graph: KnowledgeGraph, models: String, version: String? = nil) throws {
        let trace = PhaseTrace()
        let (chosen, model) = try RoutingModelLoader.load(registry: ModelRegistry(models: models, name: "routing"), version: version)
        self.version = chosen
        self.model = model
        trace.mark("model")
        places = try RegionDirectory.fromGraph(graph)
        offices = try OfficeDirectory(graph: graph)
        trace.mark("regions and offices")
        cases = try CaseDirectory(graph: graph)
        trace.mark("cases")
        knowledge = try HotlineKnowledgeBase(graph: graph, vocabulary: model.vocabulary, cases: cases)
        let (a, b) = (knowledge.vocabulary, model.vocabulary)
        knowledgeSharesVocabulary = a.hasher.minN == b.hasher.minN && a.hasher.maxN == b.hasher.maxN && a.hasher.buckets == b.hasher.buckets
            && a.featureBuckets == b.featureBuckets && a.idf == b.idf
        trace.mark("knowledge base")
        defer { trace.report() }
        // The work-order index when the database has one; otherwise the text index, filtered.
        let catalog = graph.similarity.catalog
        if let encoder = try? graph.similarity.textEncoder(),
           let (_, index) = (try? catalog.index(SimilarityService.caseIndexName)) ?? (try? catalog.index(SimilarityService.textIndexName)) {
            caseSearch = (encoder, index, index.compiled(VectorFilter(allowed: cases.nodeIDs)),
                          cases.nodeIDsByIntent().mapValues { index.compiled(VectorFilter(allowed: $0)) })
        } else {
            caseSearch = nil
        }
    }

    /// The routing of one text, with an optional caller-supplied address or region name.
    /// - Throws: `EngineError` (InvalidRoutingRequest) for an empty or over-long text.
    public func route(text: String, address: String? = nil) throws -> HotlineRouting {
        let trimmed = text.trimmingWhitespaceAndNewlines
        guard !trimmed.isEmpty else {
            throw EngineError(code: .invalidRoutingRequest, message: "\"text\" is empty; send the citizen's complaint or request as text")
        }
        guard trimmed.count <= Self.maxTextLength else {
            throw EngineError(code: .invalidRoutingRequest, message: "\"text\" has \(trimmed.count) characters; at most \(Self.maxTextLength) are accepted")
        }
        let (prediction, features) = model.predictWithFeatures(trimmed)
        let place = places.resolve(text: trimmed, address: address)
        let chain = place.map { places.ancestry($0.adcode) } ?? []
        let office = place == nil ? nil : offices.office(department: prediction.department, ancestry: chain)
        let topIntent = prediction.intents[0].intent
        let hits = knowledgeSharesVocabulary ? knowledge.search(vector: features, k: 8, intent: topIntent, regions: chain)
                                             : knowledge.search(trimmed, k: 8, intent: topIntent, regions: chain)
        let answer = hits.first
        let policies = hits.filter { $0.entry.kind == "policy" && $0.entry.id != answer?.entry.id && $0.score >= Self.relatedPolicyScore }.prefix(3)
        let similar = try similarCases(trimmed, intent: topIntent)
        return HotlineRouting(intent: topIntent, department: prediction.department, place: place, office: office,
                              confidence: prediction.confidence, needsHuman: prediction.needsHuman,
                              outOfDistribution: prediction.outOfDistribution,
                              alternatives: Array(prediction.intents.prefix(3)), similarCases: similar,
                              answer: answer, relatedPolicies: Array(policies), modelVersion: version)
    }

    /// Past work orders nearest to `text` in the text index (none when the database has no text index).
    /// With `intent`, the nearest work orders of that intent, then (when it has fewer than `k`) the
    /// nearest others: the embeddings compare wording, so a gas leak that smells 臭 lies near river
    /// pollution that smells 臭, while the agent needs past cases of the problem the text was routed as.
    public func similarCases(_ text: String, intent: String? = nil, k: Int = similarCaseCount) throws -> [HotlineRouting.SimilarCase] {
        guard let (encoder, index, all, byIntent) = caseSearch else { return [] }
        let v = encoder.encode(text)
        guard v.contains(where: { $0 != 0 }) else { return [] }
        var out: [HotlineRouting.SimilarCase] = []
        var seen = Set<Int64>()
        for filter in [intent.flatMap { byIntent[$0] }, all].compactMap({ $0 }) where out.count < k {
            for h in try index.search(v, k: k + 4, ef: 64, filter: filter) where out.count < k && !seen.contains(h.id) {
                guard let c = cases[h.id] else { continue }
                seen.insert(h.id)
                out.append(.init(nodeID: h.id, record: c, score: Double(h.score)))
            }
        }
        return out
    }
}
