import Foundation
import KGCore
import KGEngine
import KGEmbedding
import KGML

/// The hotline side of a running service: the router (loaded once, on first use or by
/// `warmUp`), and dashboard statistics and hotspots over a snapshot of the work orders that is
/// reloaded whenever the graph changes.
public final class HotlineService: @unchecked Sendable {
    public let graph: KnowledgeGraph
    /// The `Models/` folder the routing model is read from.
    public let modelsPath: String?
    /// The knowledge-base entries agents and offices edit, stored in the graph.
    public let knowledgeEntries: KnowledgeEntryBook
    private let lock = NSLock()
    private var loadedRouter: HotlineRouter?
    private var snapshot: (graphVersion: Int64, cases: CaseDirectory, places: PlaceResolver)?

    public init(graph: KnowledgeGraph, modelsPath: String? = nil) {
        self.graph = graph
        self.modelsPath = modelsPath
        knowledgeEntries = KnowledgeEntryBook(graph: graph)
    }

    /// The router, loading it on first use.
    /// - Throws: `EngineError` (ModelUnavailable) when no routing model is trained.
    public func router() throws -> HotlineRouter {
        lock.lock(); defer { lock.unlock() }
        if let r = loadedRouter { return r }
        let models = try modelsPath ?? ResourceLocator.modelsPath()
        let r = try HotlineRouter(graph: graph, models: models)
        loadedRouter = r
        return r
    }

    /// The router; the first call loads it off the caller's thread (it reads the graph).
    public func loadedRouter() async throws -> HotlineRouter {
        if let ready = lock.withLock({ loadedRouter }) { return ready }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try self.router() }) }
        }
    }

    /// The work orders and regions as the graph holds them now.
    public func current() throws -> (cases: CaseDirectory, places: PlaceResolver) {
        lock.lock(); defer { lock.unlock() }
        let version = graph.graphVersion
        if let s = snapshot, s.graphVersion == version { return (s.cases, s.places) }
        let cases = try CaseDirectory(graph: graph)
        let places = try RegionDirectory.fromGraph(graph)
        snapshot = (version, cases, places)
        return (cases, places)
    }

    /// `POST /v1/hotline/route`: the routing of one complaint.
    public func route(_ request: HotlineRouteRequest) async throws -> HotlineRouting {
        try await loadedRouter().route(text: request.text, address: request.address)
    }

    /// `POST /v1/hotline/knowledge/search`: the knowledge-base entries that answer a question: the
    /// generated ones and the latest published version of each stored one (an edit of a generated
    /// entry in its place; drafts never).
    public func knowledgeSearch(_ request: KnowledgeSearchRequest) throws -> KnowledgeSearchResponse {
        guard !request.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw EngineError(code: .badValue, message: "\"text\" must be a non-empty string")
        }
        let k = request.k ?? 5
        guard (1...100).contains(k) else { throw EngineError(code: .badValue, message: "\"k\" must be an integer from 1 to 100") }
        let intent = request.intent.flatMap { $0.isEmpty ? nil : $0 }
        let router = try router()
        if let intent, !router.model.intents.contains(intent) {
            throw EngineError(code: .badValue, message: "unknown intent \"\(intent)\"; use an id of the taxonomy such as water_outage")
        }
        let knowledge = try knowledgeEntries.searchable(base: router.knowledge)
        return KnowledgeSearchResponse(results: knowledge.search(request.text, k: Int(k), intent: intent), k: Int(k))
    }

    /// `GET /v1/hotline/stats`: `from`, `to` (ISO dates or date-times; `to` is exclusive, a date
    /// means its end), `region` (adcode or name, with everything under it) and `intent`.
    public func statistics(_ request: HotlineStatisticsRequest) throws -> HotlineStatisticsReport {
        let (cases, places) = try current()
        var filter = HotlineStatistics.Filter()
        if let f = request.from, !f.isEmpty { filter.from = try Self.time(f, name: "from", endOfDay: false) }
        if let t = request.to, !t.isEmpty { filter.to = try Self.time(t, name: "to", endOfDay: true) }
        var regionCode: String?
        if let r = request.region, !r.isEmpty {
            let code = try Self.region(r, places: places)
            regionCode = code
            filter.regions = Set(places.regions.map(\.adcode).filter { places.ancestry($0).contains(code) })
        }
        if let i = request.intent, !i.isEmpty {
            guard cases.all.contains(where: { $0.intent == i }) || (try? router())?.model.intents.contains(i) == true else {
                throw EngineError(code: .badValue, message: "unknown intent \"\(i)\"; use an id of the taxonomy such as water_outage")
            }
            filter.intent = i
        }
        var report = HotlineStatistics.compute(cases: cases, places: places, filter: filter)
        report.filter = .init(from: filter.from?.description, to: filter.to?.description, region: regionCode, intent: filter.intent)
        return report
    }

    /// `GET /v1/hotline/hotspots?window=24h[&at=ISO datetime]`.
    public func hotspots(_ request: HotspotsRequest) throws -> HotspotReport {
        let (cases, places) = try current()
        var configuration = HotlineHotspots.Configuration()
        if let w = request.window, !w.isEmpty { configuration.window = try HotlineHotspots.parseWindow(w) }
        var at: CypherDateTime?
        if let a = request.at, !a.isEmpty { at = try Self.time(a, name: "at", endOfDay: true) }
        let encoder = try? graph.similarity.textEncoder()
        return HotlineHotspots.detect(cases: cases, places: places, encoder: encoder, at: at, configuration: configuration)
    }

    static func time(_ text: String, name: String, endOfDay: Bool) throws -> CypherDateTime {
        if let t = CypherDateTime(iso: text) { return t }
        if let d = CypherDate(iso: text) {
            // A date in China Standard Time: its start, or for an upper bound the start of the next day.
            return CypherDateTime(epochSeconds: Int64(d.daysSinceEpoch + (endOfDay ? 1 : 0)) * 86_400 - 8 * 3600, offsetSeconds: 8 * 3600)
        }
        throw EngineError(code: .badValue, message: "\"\(name)\" must be an ISO date (2024-11-09) or date-time (2024-11-09T08:00:00+08:00), got \"\(text)\"")
    }

    static func region(_ text: String, places: PlaceResolver) throws -> String {
        if places.region(text) != nil { return text }
        if let m = places.resolve(text: text) { return m.adcode }
        throw EngineError(code: .badValue, message: "\"region\" \"\(text)\" is neither an adcode nor a region name of the graph (e.g. 450103 or 青秀区)")
    }
}
