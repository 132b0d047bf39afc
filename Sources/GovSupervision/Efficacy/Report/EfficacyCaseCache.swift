import Foundation
import KGCore
import KGEngine

/// The graph's efficacy cases of every period, read once per graph version: reading the work
/// orders and enterprises is most of a report's cost, and a director asks for several periods and
/// levels in a row. Each domain is read on first use; a write to the graph drops them all.
public final class EfficacyCaseCache: @unchecked Sendable {
    private let lock = NSLock()
    private var version: Int64?
    private var units: EfficacyUnits?
    private var byDomain: [EfficacyDomain: [EfficacyGraphCase]] = [:]
    /// The supervision-item catalogue (for the claim rates) and the graph version it was read at.
    private var catalogEntry: (version: Int64, catalog: SupervisionItemCatalog?)?
    /// The offices' joint inspections and the graph version they were read at.
    private var jointEntry: (version: Int64, visits: [EfficacyJointInspections.Visit])?

    public init() {}

    /// The supervision-item catalogue as of the graph's current version; nil when the graph has
    /// none (a graph built before the catalogue).
    func catalog(graph: KnowledgeGraph) throws -> SupervisionItemCatalog? {
        let current = graph.graphVersion
        if let entry = lock.withLock({ catalogEntry }), entry.version == current { return entry.catalog }
        let catalog: SupervisionItemCatalog?
        do { catalog = try SupervisionItemCatalog(graph: graph) } catch let e as any GovBrainError where e.code == .notFound { catalog = nil }
        lock.withLock { catalogEntry = (current, catalog) }
        return catalog
    }

    /// Every office's part in the graph's joint inspections as of its current version.
    func jointVisits(graph: KnowledgeGraph) throws -> [EfficacyJointInspections.Visit] {
        let current = graph.graphVersion
        if let entry = lock.withLock({ jointEntry }), entry.version == current { return entry.visits }
        let visits = try EfficacyJointInspections.read(graph: graph)
        lock.withLock { jointEntry = (current, visits) }
        return visits
    }

    /// The offices and the cases of `domains` as of the graph's current version (read now what is
    /// missing or older than it).
    func cases(graph: KnowledgeGraph, domains: [EfficacyDomain]) throws -> (units: EfficacyUnits, cases: [EfficacyDomain: [EfficacyGraphCase]]) {
        let current = graph.graphVersion
        var (units, found) = lock.withLock { version == current ? (self.units, byDomain) : (nil, [:]) }
        if units == nil { units = try EfficacyUnits(graph: graph) }
        for d in domains where found[d] == nil {
            switch d {
            case .hotline: found[d] = try EfficacyHotlineCases.read(graph: graph)
            case .market: found[d] = try EfficacyMarketCases.read(graph: graph)
            case .ecology, .emergency, .housing: found[d] = try EfficacyDomainCases.read(graph: graph, domain: d)
            case .all: found[d] = []
            }
        }
        lock.withLock {
            if version != current { version = current; byDomain = [:] }
            self.units = units
            byDomain.merge(found) { a, _ in a }
        }
        return (units!, found)
    }
}
