import Foundation
import KGCore
import KGEngine

/// The stored side of the knowledge base: `KnowledgeEntry` nodes, each with every version of one
/// entry. Generated entries are not stored until someone edits one; the edit is stored under the
/// generated entry's id and overrides it.
///
/// Every change is one write transaction that reads the entry, checks the version the edit was
/// based on and appends the new one, so two concurrent edits of one entry serialize and the
/// second is refused (409) instead of silently replacing the first.
public final class KnowledgeEntryBook: @unchecked Sendable {
    let graph: KnowledgeGraph
    private let lock = NSLock()
    private var cache: (graphVersion: Int64, records: [KnowledgeEntryRecord])?
    private var searchCache: (graphVersion: Int64, knowledge: HotlineKnowledgeBase)?

    public init(graph: KnowledgeGraph) { self.graph = graph }

    /// Every stored entry, by id; re-read when the graph changes.
    public func records() throws -> [KnowledgeEntryRecord] {
        let version = graph.graphVersion
        if let c = lock.withLock({ cache }), c.graphVersion == version { return c.records }
        var out: [KnowledgeEntryRecord] = []
        try graph.forEachNode(label: KnowledgeEntryRecord.label) { _, p in
            if let r = KnowledgeEntryRecord(properties: p) { out.append(r) }
        }
        out.sort { $0.id < $1.id }
        lock.withLock { cache = (version, out) }
        return out
    }

    /// The stored entry with this id, or nil.
    public func record(_ id: String) throws -> KnowledgeEntryRecord? {
        try records().first { $0.id == id }
    }

    /// The knowledge base agents search: `base` (the generated entries) with each stored entry's
    /// latest published version in place of the generated one it overrides, or added. Drafts are
    /// never searched. Rebuilt on the first search after the graph changes (any write moves
    /// `graphVersion`), so a published edit is found by the next search. `base` is the router's
    /// knowledge base, loaded once per service: the cache is keyed by the graph version alone.
    public func searchable(base: HotlineKnowledgeBase) throws -> HotlineKnowledgeBase {
        let version = graph.graphVersion
        if let c = lock.withLock({ searchCache }), c.graphVersion == version { return c.knowledge }
        let merged = base.merging(try records())
        lock.withLock { searchCache = (version, merged) }
        return merged
    }

    /// Appends a version to entry `id` (nil: a new entry, given the next `KE` id), creating its
    /// node when it has none.
    /// - Parameters:
    ///   - kind: the kind a new node gets (an existing node keeps its own).
    ///   - make: builds the version from the stored record (nil when there is none yet) inside the
    ///     transaction; it throws to refuse the change (stale version, unknown office).
    /// - Returns: the record as stored.
    public func append(id: String?, kind: String,
                       _ make: (_ current: KnowledgeEntryRecord?, _ tx: GraphTransaction) throws -> KnowledgeEntryVersion) throws -> KnowledgeEntryRecord {
        try graph.write { tx in
            let code = try id ?? nextID(tx)
            if let node = try WorkOrderBook.seek(tx, KnowledgeEntryRecord.label, "code", code) {
                let stored = try tx.properties(ofNode: node)
                guard let current = KnowledgeEntryRecord(properties: stored) else {
                    throw KnowledgeEntryError(code: .conflict, message: "node \(code) is not a knowledge-base entry this version can read (no versions); fix or remove it with Cypher")
                }
                let record = KnowledgeEntryRecord(id: code, kind: current.kind, versions: current.versions + [try make(current, tx)])
                var p = stored
                for (k, v) in record.properties { p[k] = v }
                if record.versions.last?.office == nil { p["officeCode"] = nil }
                try tx.setProperties(ofNode: node, p)
                return record
            }
            let record = KnowledgeEntryRecord(id: code, kind: kind, versions: [try make(nil, tx)])
            _ = try tx.createNode(labels: [KnowledgeEntryRecord.label], properties: record.properties)
            return record
        }
    }

    /// `KE` and six digits, after the highest stored (entries are few: a scan is enough).
    private func nextID(_ tx: GraphTransaction) throws -> String {
        var highest = 0
        for node in try tx.nodeIDs(label: KnowledgeEntryRecord.label) {
            if case .string(let code)? = try tx.property(ofNode: node, key: "code"), code.hasPrefix("KE"), let n = Int(code.dropFirst(2)) {
                highest = max(highest, n)
            }
        }
        return String(format: "KE%06d", highest + 1)
    }
}
