/// An immutable compressed-sparse-row adjacency of the whole graph, for traversals and
/// algorithms that must not go through SQLite row by row.
///
/// Nodes are renumbered densely (`0..<nodeCount`, in stable-id order); for each node the
/// outgoing and the incoming relationships are contiguous slices of `outTargets`/`inSources`
/// (with their relationship ids and type ids alongside).
///
/// Consistency: the snapshot is **rebuilt**, not patched. `GraphStore.csrSnapshot()` keeps the
/// last one with the `graph_version` it was built at and builds a new one when a committed
/// write has changed the version, so a snapshot always equals one committed state.
public struct CSRSnapshot: Sendable {
    /// The graph version the snapshot was built from.
    public let graphVersion: Int64
    /// Stable node ids by dense index (sorted).
    public let nodeIDs: [Int64]
    /// Out-adjacency: neighbours of dense node `i` are `outTargets[outOffsets[i]..<outOffsets[i+1]]`.
    public let outOffsets: [Int]
    public let outTargets: [Int32]
    public let outRelIDs: [Int64]
    public let outTypes: [Int32]
    /// In-adjacency, likewise.
    public let inOffsets: [Int]
    public let inSources: [Int32]
    public let inRelIDs: [Int64]
    public let inTypes: [Int32]
    /// Relationship type names by type id.
    public let typeNames: [Int32: String]

    public var nodeCount: Int { nodeIDs.count }
    public var relationshipCount: Int { outTargets.count }

    /// Dense index of a stable node id (binary search), or nil.
    public func index(of nodeID: Int64) -> Int? {
        var lo = 0, hi = nodeIDs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if nodeIDs[mid] < nodeID { lo = mid + 1 } else { hi = mid }
        }
        return lo < nodeIDs.count && nodeIDs[lo] == nodeID ? lo : nil
    }

    /// Out-degree of dense node `i`.
    public func outDegree(_ i: Int) -> Int { outOffsets[i + 1] - outOffsets[i] }
    /// In-degree of dense node `i`.
    public func inDegree(_ i: Int) -> Int { inOffsets[i + 1] - inOffsets[i] }

    /// Builds the CSR from node ids and edge triples (counting sort; O(n + m)).
    static func build(version: Int64, nodeIDs: [Int64], edges: [(rel: Int64, type: Int32, src: Int64, dst: Int64)],
                      typeNames: [Int32: String]) -> CSRSnapshot {
        let n = nodeIDs.count
        var dense: [Int64: Int32] = [:]
        dense.reserveCapacity(n)
        for (i, id) in nodeIDs.enumerated() { dense[id] = Int32(i) }
        let m = edges.count
        var srcIdx = [Int32](repeating: 0, count: m), dstIdx = [Int32](repeating: 0, count: m)
        var outCount = [Int](repeating: 0, count: n + 1), inCount = [Int](repeating: 0, count: n + 1)
        for (k, e) in edges.enumerated() {
            let s = dense[e.src]!, d = dense[e.dst]!
            srcIdx[k] = s; dstIdx[k] = d
            outCount[Int(s) + 1] += 1; inCount[Int(d) + 1] += 1
        }
        for i in 0..<n { outCount[i + 1] += outCount[i]; inCount[i + 1] += inCount[i] }
        var outT = [Int32](repeating: 0, count: m), outR = [Int64](repeating: 0, count: m), outY = [Int32](repeating: 0, count: m)
        var inS = [Int32](repeating: 0, count: m), inR = [Int64](repeating: 0, count: m), inY = [Int32](repeating: 0, count: m)
        var outPos = outCount, inPos = inCount
        for (k, e) in edges.enumerated() {
            let s = Int(srcIdx[k]), d = Int(dstIdx[k])
            let o = outPos[s]; outPos[s] += 1
            outT[o] = dstIdx[k]; outR[o] = e.rel; outY[o] = e.type
            let p = inPos[d]; inPos[d] += 1
            inS[p] = srcIdx[k]; inR[p] = e.rel; inY[p] = e.type
        }
        return CSRSnapshot(graphVersion: version, nodeIDs: nodeIDs, outOffsets: outCount, outTargets: outT,
                           outRelIDs: outR, outTypes: outY, inOffsets: inCount, inSources: inS, inRelIDs: inR,
                           inTypes: inY, typeNames: typeNames)
    }
}

extension GraphStore {
    /// The CSR snapshot of the current committed graph, rebuilt when a write has changed it.
    public func csrSnapshot() throws -> CSRSnapshot {
        try withLock {
            let version = Int64(try meta("graph_version") ?? "0") ?? 0
            if let cached = cachedSnapshot, cached.graphVersion == version { return cached }
            let ids: [Int64], edges: [(rel: Int64, type: Int32, src: Int64, dst: Int64)]
            if db.dialect.kind == .postgres {
                (ids, edges) = try scanPackedGraph()
            } else {
                ids = try Self.scanNodeIDs(try db.prepare("SELECT id FROM nodes ORDER BY id", streaming: true))
                edges = try Self.scanEdges(try db.prepare("SELECT id, type, src, dst FROM rels ORDER BY src, id", streaming: true))
            }
            var names: [Int32: String] = [:]
            for (id, name) in typeNames { names[Int32(id)] = name }
            let snapshot = CSRSnapshot.build(version: version, nodeIDs: ids, edges: edges, typeNames: names)
            cachedSnapshot = snapshot
            return snapshot
        }
    }

    /// Reads every node id (the loop is generic over the backend's statement: direct calls per row).
    private static func scanNodeIDs<S: StoreStatement>(_ s: S) throws -> [Int64] {
        var ids: [Int64] = []
        while try s.step() { ids.append(s.int(0)) }
        return ids
    }

    /// Reads every relationship's (id, type, start, end).
    private static func scanEdges<S: StoreStatement>(_ s: S) throws -> [(rel: Int64, type: Int32, src: Int64, dst: Int64)] {
        var edges: [(rel: Int64, type: Int32, src: Int64, dst: Int64)] = []
        while try s.step() { edges.append((s.int(0), Int32(s.int(1)), s.int(2), s.int(3))) }
        return edges
    }
}
