/// Louvain community detection (Blondel et al. 2008) on the undirected, optionally weighted
/// projection: local moving of nodes to the neighbouring community with the best modularity
/// gain, then aggregation of communities into nodes, repeated while modularity improves by more
/// than `tolerance`, and a final node-level refinement pass. Nodes are visited in index order
/// (deterministic). Modularity uses the `resolution` γ as NetworkX does:
/// Q = Σ_c [ L_c / m − γ (d_c / 2m)² ]. Every level is kept in CSR arrays (no per-node
/// collections), so graphs of tens of millions of relationships fit.
public enum Louvain {
    public struct Configuration: Sendable {
        public var resolution = 1.0
        public var maxLevels = 10
        public var maxIterations = 10
        public var tolerance = 1e-7
        public init() {}

        public func validate() throws {
            guard resolution > 0 else { throw AlgorithmError("resolution must be positive, got \(resolution)") }
            guard maxLevels >= 1, maxIterations >= 1 else { throw AlgorithmError("maxLevels and maxIterations must be at least 1") }
        }
    }

    public struct Result: Sendable {
        /// Community of each node (dense, 0-based, numbered by first member).
        public let communities: [Int]
        public let modularity: Double
        public let levels: Int
    }

    /// An undirected weighted graph in CSR form: neighbours without self loops (each pair once
    /// per direction, parallel relationships summed), loop weights apart.
    struct Level {
        var offsets: [Int]
        var targets: [Int32]
        var weights: [Double]
        var loops: [Double]
        var count: Int { loops.count }

        /// Weighted degrees (a loop counts twice).
        func degrees() -> [Double] {
            (0..<count).map { i in
                var d = 2 * loops[i]
                for k in offsets[i]..<offsets[i + 1] { d += weights[k] }
                return d
            }
        }

        /// Level 0 from a projection: each stored relationship once, both ends.
        init(_ g: GraphProjection) {
            let n = g.nodeCount
            loops = [Double](repeating: 0, count: n)
            offsets = [0]
            offsets.reserveCapacity(n + 1)
            targets = []
            weights = []
            targets.reserveCapacity(g.isUndirected ? g.arcCount : 2 * g.arcCount)
            weights.reserveCapacity(targets.capacity)
            for u in 0..<n {
                // Merge the sorted out- and in-lists (only the out-list when undirected).
                var i = g.outOffsets[u], j = g.isUndirected ? 0 : g.inOffsets[u]
                let iEnd = g.outOffsets[u + 1], jEnd = g.isUndirected ? 0 : g.inOffsets[u + 1]
                while i < iEnd || j < jEnd {
                    let takeOut = j >= jEnd || (i < iEnd && g.outTargets[i] <= g.inSources[j])
                    let v = Int(takeOut ? g.outTargets[i] : g.inSources[j])
                    let w = takeOut ? g.outWeight(i) : g.inWeight(j)
                    if takeOut { i += 1 } else { j += 1 }
                    if v == u {
                        // An undirected loop appears once; a directed one in both lists.
                        loops[u] += g.isUndirected ? w : w / 2
                    } else if let last = targets.last, offsets[u] < targets.count, Int(last) == v {
                        weights[weights.count - 1] += w
                    } else {
                        targets.append(Int32(v)); weights.append(w)
                    }
                }
                offsets.append(targets.count)
            }
        }

        init(offsets: [Int], targets: [Int32], weights: [Double], loops: [Double]) {
            self.offsets = offsets; self.targets = targets; self.weights = weights; self.loops = loops
        }
    }

    public static func run(_ g: GraphProjection, configuration c: Configuration = .init()) throws -> Result {
        try c.validate()
        let n = g.nodeCount
        let original = Level(g)
        var level = original
        let m2 = original.degrees().reduce(0, +)
        var membership = Array(0..<n)
        if m2 == 0 { return Result(communities: membership, modularity: 0, levels: 0) }
        var levels = 0
        var quality = modularity(level, Array(0..<n), m2: m2, resolution: c.resolution)
        while levels < c.maxLevels {
            let (assignment, moved) = localMoving(level, m2: m2, configuration: c)
            if !moved { break }
            let q = modularity(level, assignment, m2: m2, resolution: c.resolution)
            if q - quality <= c.tolerance { break }
            quality = q
            levels += 1
            let (renumbered, count) = renumber(assignment)
            for i in 0..<n { membership[i] = renumbered[membership[i]] }
            level = aggregate(level, renumbered, count)
        }
        // Refinement: single nodes may still gain by moving between the final communities.
        let start = renumber(membership).0
        let (refined, _) = localMoving(original, m2: m2, configuration: c, start: start)
        if modularity(original, refined, m2: m2, resolution: c.resolution) > modularity(original, start, m2: m2, resolution: c.resolution) {
            membership = refined
        }
        let (final, _) = renumber(membership)
        return Result(communities: final, modularity: modularity(original, final, m2: m2, resolution: c.resolution), levels: levels)
    }

    /// One phase of local moves; returns the community of each node and whether any moved.
    static func localMoving(_ g: Level, m2: Double, configuration c: Configuration, start: [Int]? = nil) -> ([Int], Bool) {
        let n = g.count
        var community = start ?? Array(0..<n)
        let degree = g.degrees()
        var total = [Double](repeating: 0, count: n)
        for i in 0..<n { total[community[i]] += degree[i] }
        var weightTo = [Double](repeating: 0, count: n)
        var seen = [Bool](repeating: false, count: n)
        var touched: [Int] = []
        var movedAny = false
        for _ in 0..<c.maxIterations {
            var moves = 0
            for i in 0..<n {
                let own = community[i]
                touched.removeAll(keepingCapacity: true)
                for k in g.offsets[i]..<g.offsets[i + 1] {
                    let cj = community[Int(g.targets[k])]
                    if !seen[cj] { seen[cj] = true; touched.append(cj) }
                    weightTo[cj] += g.weights[k]
                }
                let ki = degree[i]
                total[own] -= ki
                var best = own
                var bestGain = weightTo[own] - c.resolution * total[own] * ki / m2
                for cj in touched where cj != own {
                    let gain = weightTo[cj] - c.resolution * total[cj] * ki / m2
                    if gain > bestGain + 1e-12 { best = cj; bestGain = gain }
                }
                total[best] += ki
                if best != own { community[i] = best; moves += 1 }
                for cj in touched { weightTo[cj] = 0; seen[cj] = false }
                weightTo[own] = 0
            }
            if moves == 0 { break }
            movedAny = true
        }
        return (community, movedAny)
    }

    /// Community ids renumbered 0, 1, … by first appearance.
    static func renumber(_ assignment: [Int]) -> ([Int], Int) {
        var map = [Int](repeating: -1, count: (assignment.max() ?? -1) + 1)
        var next = 0
        var out = [Int](repeating: 0, count: assignment.count)
        for (i, a) in assignment.enumerated() {
            if map[a] < 0 { map[a] = next; next += 1 }
            out[i] = map[a]
        }
        return (out, next)
    }

    /// The graph of communities: internal weight becomes a loop, parallel weights add up.
    static func aggregate(_ g: Level, _ community: [Int], _ count: Int) -> Level {
        // Members of each community, contiguous.
        var start = [Int](repeating: 0, count: count + 1)
        for c in community { start[c + 1] += 1 }
        for c in 0..<count { start[c + 1] += start[c] }
        var members = [Int](repeating: 0, count: community.count)
        var pos = start
        for (i, c) in community.enumerated() { members[pos[c]] = i; pos[c] += 1 }
        var offsets = [0], targets: [Int32] = [], weights: [Double] = []
        var loops = [Double](repeating: 0, count: count)
        var acc = [Double](repeating: 0, count: count)
        var seen = [Bool](repeating: false, count: count)
        var touched: [Int] = []
        for c in 0..<count {
            touched.removeAll(keepingCapacity: true)
            for idx in start[c]..<start[c + 1] {
                let i = members[idx]
                loops[c] += g.loops[i]
                for k in g.offsets[i]..<g.offsets[i + 1] {
                    let cj = community[Int(g.targets[k])]
                    if cj == c { loops[c] += g.weights[k] / 2; continue }
                    if !seen[cj] { seen[cj] = true; touched.append(cj) }
                    acc[cj] += g.weights[k]
                }
            }
            touched.sort()
            for cj in touched {
                targets.append(Int32(cj)); weights.append(acc[cj])
                acc[cj] = 0; seen[cj] = false
            }
            offsets.append(targets.count)
        }
        return Level(offsets: offsets, targets: targets, weights: weights, loops: loops)
    }

    static func modularity(_ g: Level, _ community: [Int], m2: Double, resolution: Double) -> Double {
        let communities = (community.max() ?? -1) + 1
        var inside = [Double](repeating: 0, count: communities), total = [Double](repeating: 0, count: communities)
        let degree = g.degrees()
        for i in 0..<g.count {
            let c = community[i]
            total[c] += degree[i]
            inside[c] += 2 * g.loops[i]
            for k in g.offsets[i]..<g.offsets[i + 1] where community[Int(g.targets[k])] == c { inside[c] += g.weights[k] }
        }
        var q = 0.0
        for c in 0..<communities where total[c] > 0 { q += inside[c] / m2 - resolution * (total[c] / m2) * (total[c] / m2) }
        return q
    }

    /// Modularity of a partition of the projection (direction ignored), as NetworkX's `modularity`.
    public static func modularity(of g: GraphProjection, _ community: [Int], resolution: Double = 1) -> Double {
        let level = Level(g)
        let m2 = level.degrees().reduce(0, +)
        return m2 == 0 ? 0 : modularity(level, community, m2: m2, resolution: resolution)
    }
}
