import Foundation
import KGCore

/// Expansions read from the store's `CSRAdjacency` instead of SQLite's relationship indexes,
/// when it holds exactly the state this transaction reads and the transaction has written
/// nothing (its own writes are only in SQLite).
///
/// The answers are those of the SQLite reads in `StoreTransaction.swift`, order included: a
/// node's slice is in `rels_out`/`rels_in` order (type id, far end, id), outgoing before
/// incoming, a self-loop once; `neighbors(ofAll:)` goes through the nodes 256 at a time, each
/// group in ascending id order without repeats, as SQLite walks an `IN` list. Each method
/// returns nil when the adjacency cannot answer (damaged offsets): the caller then reads SQLite.
extension StoreTransaction {
    /// The adjacency expansions read from: none once this transaction has written.
    ///
    /// With `GOVBRAIN_ADJACENCY=build` in the environment, a transaction that finds none builds
    /// one of its own state before its first expansion (every query then takes the adjacency's
    /// path: how the TCK and the differential tests are run against it; never for production).
    var servingAdjacency: CSRAdjacency? {
        if wrote { return nil }
        if adjacency == nil, !builtAdjacency, Self.buildAdjacencyAlways, store.db.dialect.kind == .sqlite {
            builtAdjacency = true
            adjacency = try? CSRAdjacency.build(self)
        }
        return adjacency
    }

    /// `GOVBRAIN_ADJACENCY=build`, read once.
    static let buildAdjacencyAlways = ProcessInfo.processInfo.environment["GOVBRAIN_ADJACENCY"] == "build"

    /// `relationships(of:outgoing:incoming:types:)` from the adjacency; `types` nil for all.
    func csrRelationships(_ csr: CSRAdjacency, of node: Int64, outgoing: Bool, incoming: Bool, types: Set<Int64>?) -> [RelationshipRef]? {
        guard let slot = csr.slot(of: node) else { return [] }
        var out: [RelationshipRef] = []
        if outgoing {
            guard let range = csr.range(slot, outgoing: true) else { return nil }
            out.reserveCapacity(range.count)
            for k in range {
                let t = Int64(csr.outType[k])
                if let types, !types.contains(t) { continue }
                out.append(RelationshipRef(id: csr.outRel[k], type: typeName(t), start: node, end: csr.outFar[k]))
            }
        }
        if incoming {
            guard let range = csr.range(slot, outgoing: false) else { return nil }
            out.reserveCapacity(out.count + range.count)
            for k in range {
                let t = Int64(csr.inType[k])
                if let types, !types.contains(t) { continue }
                let src = csr.inFar[k]
                if outgoing && src == node { continue }
                out.append(RelationshipRef(id: csr.inRel[k], type: typeName(t), start: src, end: node))
            }
        }
        return out
    }

    /// `degree(of:outgoing:incoming:types:)` from the adjacency (type names as given).
    func csrDegree(_ csr: CSRAdjacency, of node: Int64, outgoing: Bool, incoming: Bool, types: [String]) -> Int? {
        var filter: Set<Int64>?
        if !types.isEmpty {
            filter = Set(types.compactMap { store.typeIDs[$0] })
            if filter!.isEmpty { return 0 }
        }
        guard let slot = csr.slot(of: node) else { return 0 }
        var n = 0
        if outgoing {
            guard let range = csr.range(slot, outgoing: true) else { return nil }
            if let filter {
                for k in range where filter.contains(Int64(csr.outType[k])) { n += 1 }
            } else {
                n += range.count
            }
        }
        if incoming {
            guard let range = csr.range(slot, outgoing: false) else { return nil }
            for k in range {
                if let filter, !filter.contains(Int64(csr.inType[k])) { continue }
                // A self-loop is one relationship of the node, not two.
                if outgoing && csr.inFar[k] == node { continue }
                n += 1
            }
        }
        return n
    }

    /// `neighbors(ofAll:outgoing:incoming:types:)` from the adjacency; `types` sorted ids, empty for all.
    func csrNeighbors(_ csr: CSRAdjacency, ofAll nodes: [Int64], outgoing: Bool, incoming: Bool, types: [Int64]) -> [Int64]? {
        // One type (the common case) is a comparison; several a set.
        let only: Int64? = types.count == 1 ? types[0] : nil
        let filter: Set<Int64>? = types.count > 1 ? Set(types) : nil
        @inline(__always) func keeps(_ type: Int32) -> Bool {
            if let only { return Int64(type) == only }
            if let filter { return filter.contains(Int64(type)) }
            return true
        }
        var out: [Int64] = []
        var start = 0
        while start < nodes.count {
            // SQLite's `IN (…)` list: its distinct values, ascending.
            let group = Set(nodes[start..<min(nodes.count, start + 256)]).sorted()
            if outgoing {
                for node in group {
                    guard let slot = csr.slot(of: node) else { continue }
                    guard let range = csr.range(slot, outgoing: true) else { return nil }
                    for k in range {
                        if keeps(csr.outType[k]) { out.append(csr.outFar[k]) }
                    }
                }
            }
            if incoming {
                for node in group {
                    guard let slot = csr.slot(of: node) else { continue }
                    guard let range = csr.range(slot, outgoing: false) else { return nil }
                    for k in range {
                        guard keeps(csr.inType[k]) else { continue }
                        let src = csr.inFar[k]
                        if outgoing && src == node { continue }
                        out.append(src)
                    }
                }
            }
            start += 256
        }
        return out
    }

    /// `hasLabels` from the adjacency's label bits; nil when a label's id is past 63 (SQLite answers).
    func csrHasLabels(_ csr: CSRAdjacency, _ node: Int64, _ labels: [String]) -> Bool? {
        if labels.isEmpty { return true }
        let test: CSRLabelTest
        if let cached = csrLabelTest, cached.labels == labels {
            test = cached.test
        } else {
            test = CSRLabelTest(labels, ids: store.labelIDs)
            csrLabelTest = (labels, test)
        }
        switch test {
        case .unknownLabel: return false
        case .pastBits: return nil
        case .bits(let mask):
            guard let slot = csr.slot(of: node) else { return false }
            return UInt64(bitPattern: csr.labelBits[slot]) & mask == mask
        }
    }

    private func typeName(_ id: Int64) -> String { store.typeNames[id] ?? "?" }
}
