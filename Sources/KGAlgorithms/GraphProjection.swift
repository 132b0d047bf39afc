/// How relationships are read into a projection.
public enum Orientation: String, Sendable, CaseIterable {
    /// As stored: source → target.
    case natural
    /// Reversed: target → source.
    case reverse
    /// Both ways (each relationship becomes two arcs; a self loop one).
    case undirected
}

/// An in-memory projection of (part of) the graph that algorithms run on: nodes renumbered
/// densely `0..<nodeCount` (in stable-id order), arcs in compressed-sparse-row form both by source
/// (`out…`) and by target (`in…`), with optional weights. Built once per call from the store's
/// CSR snapshot, filtered by labels and relationship types; never touches SQLite.
public struct GraphProjection: Sendable {
    /// Stable node id of each dense index (ascending).
    public let nodeIDs: [Int64]
    public let orientation: Orientation
    public let outOffsets: [Int]
    public let outTargets: [Int32]
    public let outWeights: [Double]?
    /// Stored relationship id of each arc (by source), for building paths.
    public let outRelationships: [Int64]
    public let inOffsets: [Int]
    public let inSources: [Int32]
    public let inWeights: [Double]?

    public var nodeCount: Int { nodeIDs.count }
    /// Arcs (an undirected relationship counts twice, a self loop once).
    public var arcCount: Int { outTargets.count }
    public var isWeighted: Bool { outWeights != nil }
    public var isUndirected: Bool { orientation == .undirected }

    /// Builds a projection from relationships given by dense endpoints.
    /// - Parameters:
    ///   - nodeIDs: stable ids, ascending; dense index = position.
    ///   - edges: relationships as stored (source, target, weight).
    public init(nodeIDs: [Int64], edges: [(source: Int32, target: Int32, weight: Double, relationship: Int64)], orientation: Orientation,
                weighted: Bool) {
        self.nodeIDs = nodeIDs
        self.orientation = orientation
        let n = nodeIDs.count
        var arcs: [(from: Int32, to: Int32, weight: Double, rel: Int64)] = []
        arcs.reserveCapacity(orientation == .undirected ? edges.count * 2 : edges.count)
        for e in edges {
            switch orientation {
            case .natural: arcs.append((e.source, e.target, e.weight, e.relationship))
            case .reverse: arcs.append((e.target, e.source, e.weight, e.relationship))
            case .undirected:
                arcs.append((e.source, e.target, e.weight, e.relationship))
                if e.source != e.target { arcs.append((e.target, e.source, e.weight, e.relationship)) }
            }
        }
        func csr(bySource: Bool) -> ([Int], [Int32], [Double], [Int64]) {
            var offsets = [Int](repeating: 0, count: n + 1)
            for a in arcs { offsets[Int(bySource ? a.from : a.to) + 1] += 1 }
            for i in 0..<n { offsets[i + 1] += offsets[i] }
            var pos = offsets
            var ends = [Int32](repeating: 0, count: arcs.count)
            var weights = [Double](repeating: 0, count: weighted ? arcs.count : 0)
            var rels = [Int64](repeating: 0, count: arcs.count)
            for a in arcs {
                let k = Int(bySource ? a.from : a.to)
                ends[pos[k]] = bySource ? a.to : a.from
                if weighted { weights[pos[k]] = a.weight }
                rels[pos[k]] = a.rel
                pos[k] += 1
            }
            // Neighbours in ascending order (deterministic traversal and merges).
            for i in 0..<n where offsets[i + 1] - offsets[i] > 1 {
                let range = offsets[i]..<offsets[i + 1]
                let sorted = range.map { (ends[$0], weighted ? weights[$0] : 0, rels[$0]) }.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.2 < $1.2 }
                for (k, p) in zip(range, sorted) {
                    ends[k] = p.0; rels[k] = p.2
                    if weighted { weights[k] = p.1 }
                }
            }
            return (offsets, ends, weights, rels)
        }
        let out = csr(bySource: true)
        let inn = csr(bySource: false)
        outOffsets = out.0; outTargets = out.1; outWeights = weighted ? out.2 : nil; outRelationships = out.3
        inOffsets = inn.0; inSources = inn.1; inWeights = weighted ? inn.2 : nil
    }

    /// Dense index of a stable id, or nil.
    public func index(of id: Int64) -> Int? {
        var lo = 0, hi = nodeIDs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if nodeIDs[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < nodeIDs.count && nodeIDs[lo] == id ? lo : nil
    }

    @inline(__always) public func outRange(_ i: Int) -> Range<Int> { outOffsets[i]..<outOffsets[i + 1] }
    @inline(__always) public func inRange(_ i: Int) -> Range<Int> { inOffsets[i]..<inOffsets[i + 1] }
    @inline(__always) public func outWeight(_ k: Int) -> Double { outWeights?[k] ?? 1 }
    @inline(__always) public func inWeight(_ k: Int) -> Double { inWeights?[k] ?? 1 }

    /// Neighbours of `i` ignoring direction, without duplicates and without `i` itself (ascending).
    public func undirectedNeighbours(_ i: Int) -> [Int32] {
        if isUndirected { return outTargets[outRange(i)].filter { Int($0) != i }.uniqued() }
        var all = Array(outTargets[outRange(i)]) + Array(inSources[inRange(i)])
        all.sort()
        return all.filter { Int($0) != i }.uniqued()
    }
}

extension Array where Element == Int32 {
    /// Drops adjacent repeats (the array is sorted).
    func uniqued() -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(count)
        for x in self where out.last != x { out.append(x) }
        return out
    }
}
