/// Louvain community detection (Blondel et al. 2008) on the undirected, optionally weighted
/// projection: local moving of nodes to the neighbouring community with the best modularity
/// gain, then aggregation of communities into nodes, repeated while modularity improves by more
/// than `tolerance`. Nodes are visited in index order (deterministic). Modularity uses the
/// `resolution` γ as NetworkX does: Q = Σ_c [ L_c / m − γ (d_c / 2m)² ].
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

    /// An undirected weighted graph: neighbour lists without self loops, loops apart.
    struct Level {
        var neighbours: [[(Int, Double)]]
        var loops: [Double]
        var count: Int { loops.count }
        /// Weighted degree (a loop counts twice).
        func degree(_ i: Int) -> Double { neighbours[i].reduce(2 * loops[i]) { $0 + $1.1 } }
    }

    public static func run(_ g: GraphProjection, configuration c: Configuration = .init()) throws -> Result {
        try c.validate()
        let n = g.nodeCount
        var level = Level(neighbours: Array(repeating: [], count: n), loops: Array(repeating: 0, count: n))
        // Each stored relationship once, both ends (direction ignored; parallel ones add up).
        var merged = [Int: Double]()
        for u in 0..<n {
            merged.removeAll(keepingCapacity: true)
            let ranges = g.isUndirected ? [g.outRange(u)] : [g.outRange(u), g.inRange(u)]
            for (r, range) in ranges.enumerated() {
                for k in range {
                    let v = Int(r == 0 ? g.outTargets[k] : g.inSources[k])
                    let w = r == 0 ? g.outWeight(k) : g.inWeight(k)
                    if v == u {
                        // An undirected loop appears once in out; a directed one once in out and once in in.
                        level.loops[u] += g.isUndirected ? w : w / 2
                    } else {
                        merged[v, default: 0] += w
                    }
                }
            }
            level.neighbours[u] = merged.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        let m2 = (0..<n).reduce(0.0) { $0 + level.degree($1) }
        var membership = Array(0..<n)
        let original = level
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
        let (refined, _) = localMoving(original, m2: m2, configuration: c, start: renumber(membership).0)
        if modularity(original, refined, m2: m2, resolution: c.resolution) > modularity(original, membership, m2: m2, resolution: c.resolution) {
            membership = refined
        }
        let (final, _) = renumber(membership)
        return Result(communities: final, modularity: modularity(of: g, final, resolution: c.resolution), levels: levels)
    }

    /// One phase of local moves; returns the community of each node and whether any moved.
    static func localMoving(_ g: Level, m2: Double, configuration c: Configuration, start: [Int]? = nil) -> ([Int], Bool) {
        let n = g.count
        var community = start ?? Array(0..<n)
        let degree = (0..<n).map { g.degree($0) }
        var total = [Double](repeating: 0, count: n)
        for i in 0..<n { total[community[i]] += degree[i] }
        var weightTo = [Double](repeating: 0, count: n)
        var touched: [Int] = []
        var movedAny = false
        for _ in 0..<c.maxIterations {
            var moves = 0
            for i in 0..<n {
                let own = community[i]
                touched.removeAll(keepingCapacity: true)
                for (j, w) in g.neighbours[i] {
                    let cj = community[j]
                    if weightTo[cj] == 0 { touched.append(cj) }
                    weightTo[cj] += w
                }
                total[own] -= degree[i]
                let ki = degree[i]
                var best = own
                var bestGain = weightTo[own] - c.resolution * total[own] * ki / m2
                for cj in touched where cj != own {
                    let gain = weightTo[cj] - c.resolution * total[cj] * ki / m2
                    if gain > bestGain + 1e-12 || (abs(gain - bestGain) <= 1e-12 && cj < best && best != own) {
                        best = cj; bestGain = gain
                    }
                }
                total[best] += ki
                if best != own { community[i] = best; moves += 1 }
                for cj in touched { weightTo[cj] = 0 }
                weightTo[own] = 0
            }
            if moves == 0 { break }
            movedAny = true
        }
        return (community, movedAny)
    }

    static func renumber(_ assignment: [Int]) -> ([Int], Int) {
        var map = [Int: Int]()
        var out = [Int](repeating: 0, count: assignment.count)
        for (i, a) in assignment.enumerated() {
            if let m = map[a] { out[i] = m } else { map[a] = map.count; out[i] = map.count - 1 }
        }
        return (out, map.count)
    }

    static func aggregate(_ g: Level, _ community: [Int], _ count: Int) -> Level {
        var next = Level(neighbours: Array(repeating: [], count: count), loops: Array(repeating: 0, count: count))
        var rows = [[Int: Double]](repeating: [:], count: count)
        for i in 0..<g.count {
            let ci = community[i]
            next.loops[ci] += g.loops[i]
            for (j, w) in g.neighbours[i] {
                let cj = community[j]
                if ci == cj { next.loops[ci] += w / 2 } else { rows[ci][cj, default: 0] += w }
            }
        }
        for c in 0..<count { next.neighbours[c] = rows[c].sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
        return next
    }

    static func modularity(_ g: Level, _ community: [Int], m2: Double, resolution: Double) -> Double {
        var inside = [Int: Double](), total = [Int: Double]()
        for i in 0..<g.count {
            let c = community[i]
            total[c, default: 0] += g.degree(i)
            inside[c, default: 0] += 2 * g.loops[i]
            for (j, w) in g.neighbours[i] where community[j] == c { inside[c, default: 0] += w }
        }
        var q = 0.0
        for (c, t) in total { q += (inside[c] ?? 0) / m2 - resolution * (t / m2) * (t / m2) }
        return q
    }

    /// Modularity of a partition of the projection (direction ignored), as NetworkX's `modularity`.
    public static func modularity(of g: GraphProjection, _ community: [Int], resolution: Double = 1) -> Double {
        var level = Level(neighbours: Array(repeating: [], count: g.nodeCount), loops: Array(repeating: 0, count: g.nodeCount))
        for u in 0..<g.nodeCount {
            for k in g.outRange(u) {
                let v = Int(g.outTargets[k]), w = g.outWeight(k)
                if v == u { level.loops[u] += g.isUndirected ? w : w }
                else if g.isUndirected { level.neighbours[u].append((v, w)) }
                else { level.neighbours[u].append((v, w)); level.neighbours[v].append((u, w)) }
            }
        }
        let m2 = (0..<g.nodeCount).reduce(0.0) { $0 + level.degree($1) }
        return m2 == 0 ? 0 : modularity(level, community, m2: m2, resolution: resolution)
    }
}
