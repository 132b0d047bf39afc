import CVectorKernels
import Foundation
import KGCore

/// Approximate nearest-neighbour search with a hierarchical navigable small-world graph
/// (Malkov & Yashunin, 2016): layers of proximity graphs, greedy descent from the top layer,
/// a beam of width `ef` on the bottom one, neighbours chosen by the diversity heuristic.
///
/// - Bulk inserts use all threads (one spin lock per node, never two held at once);
///   single inserts, updates (same id again) and deletes (tombstones, still walked through but
///   never returned) work on a built index without a rebuild.
/// - Searches run concurrently with each other; writes take the index exclusively.
/// - Filtered search walks the graph keeping only allowed ids, or scans the allowed ids exactly
///   when they are few (where a graph walk would have to visit most of the graph to find k).
public final class HNSWIndex: @unchecked Sendable {
    /// Build and search parameters.
    public struct Configuration: Sendable, Equatable {
        public var metric: VectorMetric
        /// Links per node on the upper layers (twice as many on the bottom layer).
        public var m: Int
        /// Beam width while inserting.
        public var efConstruction: Int
        /// Default beam width while searching (the recall/speed knob; raised to k when smaller).
        public var ef: Int
        /// Seed of the level draws.
        public var seed: UInt64
        /// Threads for bulk inserts and batch searches.
        public var threads: Int

        public init(metric: VectorMetric = .ip, m: Int = 16, efConstruction: Int = 200, ef: Int = 64, seed: UInt64 = 42,
                    threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
            self.metric = metric; self.m = m; self.efConstruction = efConstruction; self.ef = ef; self.seed = seed
            self.threads = threads
        }

        public func validate() throws {
            guard (2...128).contains(m) else { throw EmbeddingError(code: .invalidArgumentValue, message: "M must be between 2 and 128, got \(m)") }
            guard efConstruction >= 1, ef >= 1 else { throw EmbeddingError(code: .invalidArgumentValue, message: "ef and efConstruction must be positive") }
            guard threads >= 1 else { throw EmbeddingError(code: .invalidArgumentValue, message: "threads must be positive") }
        }
    }

    public let dimension: Int
    public private(set) var configuration: Configuration
    /// Elements stored, including deleted ones.
    public internal(set) var count = 0
    /// Elements deleted (tombstones).
    public internal(set) var deletedCount = 0

    var capacity = 0
    var vectors: UnsafeMutablePointer<Float>
    /// When the vectors are a read-only file mapping (a loaded index): the mapping to unmap.
    var vectorsMapping: (base: UnsafeMutableRawPointer, length: Int)?
    var ids: UnsafeMutablePointer<Int64>
    var levels: UnsafeMutablePointer<Int8>
    var deleted: UnsafeMutablePointer<UInt8>
    var locks: UnsafeMutablePointer<UInt8>
    /// Bottom-layer links: per node `[count, n1, …, n(maxM0)]`.
    var links0: UnsafeMutablePointer<Int32>
    /// Upper-layer links: per node with level ≥ 1, `level` blocks of `[count, n1, …, n(maxM)]`.
    var upper: UnsafeMutablePointer<UnsafeMutablePointer<Int32>?>
    var entryPoint: Int32 = -1
    var maxLevel = -1
    var positions: [Int64: Int32] = [:]

    let maxM: Int
    let maxM0: Int
    private let levelScale: Double
    private let globalLock = NSLock()
    let rw = ReadWriteLock()
    private let visitedPool = VisitedPool()

    /// An empty index for vectors of `dimension` values.
    public init(dimension: Int, configuration: Configuration = Configuration()) throws {
        guard dimension > 0 else { throw EmbeddingError(code: .invalidArgumentValue, message: "dimension must be positive") }
        try configuration.validate()
        self.dimension = dimension
        self.configuration = configuration
        maxM = configuration.m
        maxM0 = 2 * configuration.m
        levelScale = 1 / log(Double(configuration.m))
        vectors = .allocate(capacity: 1); ids = .allocate(capacity: 1); levels = .allocate(capacity: 1)
        deleted = .allocate(capacity: 1); locks = .allocate(capacity: 1); links0 = .allocate(capacity: 1)
        upper = .allocate(capacity: 1)
    }

    deinit {
        for i in 0..<count { upper[i]?.deallocate() }
        if let m = vectorsMapping { munmap(m.base, m.length) } else { vectors.deallocate() }
        ids.deallocate(); levels.deallocate(); deleted.deallocate(); locks.deallocate()
        links0.deallocate(); upper.deallocate()
    }

    /// Live elements (stored minus deleted).
    public var liveCount: Int { rw.read { count - deletedCount } }

    /// Whether `id` is in the index and not deleted.
    public func contains(_ id: Int64) -> Bool {
        rw.read { positions[id].map { deleted[Int($0)] == 0 } ?? false }
    }

    /// The stored vector of `id` (normalised for cosine), or nil.
    public func vector(of id: Int64) -> [Float]? {
        rw.read {
            guard let p = positions[id], deleted[Int(p)] == 0 else { return nil }
            return Array(UnsafeBufferPointer(start: vectors + Int(p) * dimension, count: dimension))
        }
    }

    /// Changes the default search effort.
    public func setEf(_ ef: Int) { rw.write { configuration.ef = max(1, ef) } }

    // MARK: - Storage

    func reserve(_ wanted: Int) {
        guard wanted > capacity else { return }
        let newCap = max(wanted, capacity * 2, 16)
        func grow<T>(_ p: inout UnsafeMutablePointer<T>, _ per: Int, _ fill: T) {
            let q = UnsafeMutablePointer<T>.allocate(capacity: newCap * per)
            q.moveInitialize(from: p, count: count * per)
            (q + count * per).initialize(repeating: fill, count: (newCap - count) * per)
            p.deallocate()
            p = q
        }
        if let m = vectorsMapping {
            // Leave the file mapping: copy the rows into owned memory.
            let q = UnsafeMutablePointer<Float>.allocate(capacity: newCap * dimension)
            q.initialize(from: vectors, count: count * dimension)
            (q + count * dimension).initialize(repeating: 0, count: (newCap - count) * dimension)
            munmap(m.base, m.length)
            vectorsMapping = nil
            vectors = q
        } else {
            grow(&vectors, dimension, 0)
        }
        grow(&ids, 1, 0)
        grow(&levels, 1, 0)
        grow(&deleted, 1, 0)
        grow(&locks, 1, 0)
        grow(&links0, maxM0 + 1, 0)
        grow(&upper, 1, nil)
        capacity = newCap
    }

    /// Points the vectors at `pointer` inside a file mapping (the index holds exactly `count` rows there).
    func adoptMappedVectors(_ pointer: UnsafeMutablePointer<Float>, rows: Int, mapping: (base: UnsafeMutableRawPointer, length: Int)) {
        vectors.deallocate()
        vectors = pointer
        vectorsMapping = mapping
        capacity = rows
    }

    @inline(__always) func vector(at i: Int32) -> UnsafeMutablePointer<Float> { vectors + Int(i) * dimension }

    @inline(__always) func links(of i: Int32, level: Int) -> UnsafeMutablePointer<Int32> {
        level == 0 ? links0 + Int(i) * (maxM0 + 1) : upper[Int(i)]! + (level - 1) * (maxM + 1)
    }

    /// Distance (smaller is nearer): 1 − dot for inner product and cosine, squared L2 for l2.
    @inline(__always) func distance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>) -> Float {
        configuration.metric == .l2 ? gb_l2sq(a, b, Int32(dimension)) : 1 - gb_dot(a, b, Int32(dimension))
    }

    /// The caller's score for a distance: dot product, or −squared distance for l2 (higher is nearer).
    @inline(__always) func score(_ distance: Float) -> Float { configuration.metric == .l2 ? -distance : 1 - distance }

    private func drawLevel(_ sequence: Int) -> Int {
        var z = configuration.seed &+ UInt64(sequence) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        let u = (Double(z >> 11) + 1) / 9_007_199_254_740_993.0
        return min(Int(-log(u) * levelScale), 30)
    }

    // MARK: - Inserts

    /// Adds (or replaces, for ids already present) every row of `matrix`, using all threads.
    public func add(_ matrix: VectorMatrix) throws {
        guard matrix.dimension == dimension else {
            throw EmbeddingError(code: .dimensionMismatch, message: "vectors have dimension \(matrix.dimension), the index \(dimension)")
        }
        var rows = matrix
        if configuration.metric == .cosine { rows.normalizeRows() }
        try rw.write {
            var seen = Set<Int64>()
            for id in rows.ids where !seen.insert(id).inserted {
                throw EmbeddingError(code: .duplicateID, message: "id \(id) appears twice in one insert")
            }
            reserve(count + rows.count)
            let first = count
            for (r, id) in rows.ids.enumerated() {
                if let old = positions[id], deleted[Int(old)] == 0 { deleted[Int(old)] = 1; deletedCount += 1 }
                let i = first + r
                ids[i] = id
                positions[id] = Int32(i)
                levels[i] = Int8(drawLevel(i))
                rows.values.withUnsafeBufferPointer { v in
                    (vectors + i * dimension).update(from: v.baseAddress! + r * dimension, count: dimension)
                }
                let l = Int(levels[i])
                if l > 0 {
                    let p = UnsafeMutablePointer<Int32>.allocate(capacity: l * (maxM + 1))
                    p.initialize(repeating: 0, count: l * (maxM + 1))
                    upper[i] = p
                }
            }
            count = first + rows.count
            let work = WorkCounter(first..<count)
            let threads = max(1, min(configuration.threads, rows.count / 1000 + 1))
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                while let i = work.take() { insert(Int32(i.lowerBound)) }
            }
        }
    }

    /// Adds one vector (or replaces the vector of an id already present).
    public func add(_ vector: [Float], id: Int64) throws {
        guard vector.count == dimension else {
            throw EmbeddingError(code: .dimensionMismatch, message: "vector has \(vector.count) values, the index \(dimension)")
        }
        try add(VectorMatrix(dimension: dimension, values: vector, ids: [id]))
    }

    /// Deletes `id` (its node stays as a waypoint of the graph); false when it was not present.
    @discardableResult
    public func remove(_ id: Int64) -> Bool {
        rw.write {
            guard let p = positions[id], deleted[Int(p)] == 0 else { return false }
            deleted[Int(p)] = 1
            deletedCount += 1
            positions[id] = nil
            return true
        }
    }

    /// Links element `i` (vector, id and level already written) into the graph.
    private func insert(_ i: Int32) {
        let level = Int(levels[Int(i)])
        globalLock.lock()
        var heldGlobal = true
        if entryPoint < 0 {
            entryPoint = i; maxLevel = level
            globalLock.unlock()
            return
        }
        let top = maxLevel
        var current = entryPoint
        if level <= top { globalLock.unlock(); heldGlobal = false }
        defer { if heldGlobal { globalLock.unlock() } }
        let q = UnsafePointer(vector(at: i))
        if level < top {
            current = greedyDescend(q, from: current, top: top, bottom: level + 1, locking: true)
        }
        let visited = visitedPool.take(count: count)
        defer { visitedPool.give(visited) }
        var results = DistanceHeap(maxFirst: true, capacity: configuration.efConstruction + 1)
        var candidates = DistanceHeap(maxFirst: false, capacity: configuration.efConstruction * 4)
        for l in stride(from: min(level, top), through: 0, by: -1) {
            searchLayer(q, entry: current, ef: configuration.efConstruction, level: l, locking: true, filter: nil,
                        visited: visited, results: &results, candidates: &candidates)
            current = connect(i, level: l, results: &results)
        }
        if level > top {
            entryPoint = i
            maxLevel = level
        }
    }

    /// Chooses the neighbours of `i` on `level` from the search results, links both ways, and
    /// returns the nearest chosen one (the entry point for the next layer down).
    private func connect(_ i: Int32, level: Int, results: inout DistanceHeap) -> Int32 {
        let cap = level == 0 ? maxM0 : maxM
        let sorted = results.drainNearestFirst().filter { $0.node != i }
        let chosen = selectNeighbours(sorted, limit: maxM)
        let own = links(of: i, level: level)
        gb_spin_lock(locks + Int(i))
        own[0] = Int32(chosen.count)
        for (k, c) in chosen.enumerated() { own[k + 1] = c.node }
        gb_spin_unlock(locks + Int(i))
        for c in chosen {
            let n = c.node
            gb_spin_lock(locks + Int(n))
            let list = links(of: n, level: level)
            let size = Int(list[0])
            if size < cap {
                list[size + 1] = i
                list[0] = Int32(size + 1)
            } else {
                // Full: keep the most diverse `cap` of the old neighbours plus the new one.
                let base = UnsafePointer(vector(at: n))
                var pool: [(distance: Float, node: Int32)] = [(c.distance, i)]
                pool.reserveCapacity(size + 1)
                for k in 1...size { pool.append((distance(base, vector(at: list[k])), list[k])) }
                pool.sort { $0.distance < $1.distance }
                let kept = selectNeighbours(pool, limit: cap)
                list[0] = Int32(kept.count)
                for (k, e) in kept.enumerated() { list[k + 1] = e.node }
            }
            gb_spin_unlock(locks + Int(n))
        }
        return chosen.first?.node ?? sorted.first?.node ?? i
    }

    /// The diversity heuristic: walk candidates nearest first and keep one unless it is nearer
    /// to an already kept neighbour than to the base.
    private func selectNeighbours(_ sorted: [(distance: Float, node: Int32)], limit: Int) -> [(distance: Float, node: Int32)] {
        if sorted.count <= limit { return sorted }
        var kept: [(distance: Float, node: Int32)] = []
        kept.reserveCapacity(limit)
        for c in sorted {
            if kept.count >= limit { break }
            let v = UnsafePointer(vector(at: c.node))
            var good = true
            for k in kept where distance(v, vector(at: k.node)) < c.distance {
                good = false
                break
            }
            if good { kept.append(c) }
        }
        return kept
    }

    // MARK: - Search internals

    /// Greedy walk on the upper layers from `top` down to `bottom` (inclusive).
    func greedyDescend(_ q: UnsafePointer<Float>, from start: Int32, top: Int, bottom: Int, locking: Bool) -> Int32 {
        var current = start
        var best = distance(q, vector(at: current))
        var buffer = [Int32](repeating: 0, count: maxM0 + 1)
        if top < bottom { return current }
        for level in stride(from: top, through: bottom, by: -1) {
            var changed = true
            while changed {
                changed = false
                let n = copyLinks(of: current, level: level, into: &buffer, locking: locking)
                for k in 0..<n {
                    let c = buffer[k]
                    let d = distance(q, vector(at: c))
                    if d < best { best = d; current = c; changed = true }
                }
            }
        }
        return current
    }

    @inline(__always)
    private func copyLinks(of node: Int32, level: Int, into buffer: inout [Int32], locking: Bool) -> Int {
        buffer.withUnsafeMutableBufferPointer { b in copyLinks(of: node, level: level, into: b.baseAddress!, locking: locking) }
    }

    /// Copies the links of `node` on `level` to `out` (room for `maxM0` links); their count.
    @inline(__always)
    private func copyLinks(of node: Int32, level: Int, into out: UnsafeMutablePointer<Int32>, locking: Bool) -> Int {
        if locking { gb_spin_lock(locks + Int(node)) }
        let list = links(of: node, level: level)
        let n = Int(list[0])
        out.update(from: list + 1, count: n)
        if locking { gb_spin_unlock(locks + Int(node)) }
        return n
    }

    /// Beam search of width `ef` on one layer; fills `results` (worst on top). Deleted or
    /// filtered-out nodes are walked through but not kept.
    func searchLayer(_ q: UnsafePointer<Float>, entry: Int32, ef: Int, level: Int, locking: Bool, filter: VectorFilter?,
                     visited: VisitedSet, results: inout DistanceHeap, candidates: inout DistanceHeap) {
        results.removeAll()
        candidates.removeAll()
        visited.reset(count: count)
        // The loop below runs per neighbour: it reads the index's storage through local copies
        // (a stored `var` of a class is an exclusivity-checked access on every read).
        let vecs = vectors, dim = dimension, dim32 = Int32(dimension), isL2 = configuration.metric == .l2
        let dead = deleted, idsOf = ids
        let (marks, tag) = visited.state
        let checkAllowed = filter != nil || deletedCount > 0
        @inline(__always) func allowed(_ n: Int32) -> Bool {
            if dead[Int(n)] != 0 { return false }
            if let filter {
                if let mask = filter.mask, Int(n) < mask.count { return mask[Int(n)] != 0 }
                return filter.allowed.contains(idsOf[Int(n)])
            }
            return true
        }
        @inline(__always) func distance(to n: Int32) -> Float {
            let b = UnsafePointer(vecs + Int(n) * dim)
            return isL2 ? gb_l2sq(q, b, dim32) : 1 - gb_dot(q, b, dim32)
        }
        let d0 = distance(to: entry)
        var bound = Float.infinity
        if !checkAllowed || allowed(entry) { results.push(d0, entry); bound = d0 }
        candidates.push(d0, entry)
        marks[Int(entry)] = tag
        let out = UnsafeMutablePointer<Int32>.allocate(capacity: maxM0 + 1)
        defer { out.deallocate() }
        // The first lines of a row; the hardware prefetcher streams the rest.
        let rowBytes = Int32(min(dim * MemoryLayout<Float>.size, 128))
        while !candidates.isEmpty {
            let (cd, c) = (candidates.topDistance, candidates.topNode)
            if cd > bound && (results.count >= ef || !checkAllowed) { break }
            candidates.pop()
            let n = copyLinks(of: c, level: level, into: out, locking: locking)
            if n == 0 { continue }
            gb_prefetch(vecs + Int(out[0]) * dim, rowBytes)
            for k in 0..<n {
                let e = out[k]
                if k + 1 < n { gb_prefetch(vecs + Int(out[k + 1]) * dim, rowBytes) }
                if marks[Int(e)] == tag { continue }
                marks[Int(e)] = tag
                let d = distance(to: e)
                if results.count < ef || d < bound {
                    candidates.push(d, e)
                    if !checkAllowed || allowed(e) {
                        results.push(d, e)
                        if results.count > ef { results.pop() }
                    }
                    if !results.isEmpty { bound = results.topDistance }
                }
            }
        }
    }

    // MARK: - Search

    /// The `k` nearest live elements to each query row, nearest first, with beam width `ef`
    /// (default: the configured one), optionally only among `filter`'s ids.
    public func search(_ queries: VectorMatrix, k: Int, ef: Int? = nil, filter: VectorFilter? = nil) throws -> [[FlatIndex.Hit]] {
        guard queries.dimension == dimension else {
            throw EmbeddingError(code: .dimensionMismatch, message: "queries have dimension \(queries.dimension), the index \(dimension)")
        }
        guard k > 0 else { throw EmbeddingError(code: .invalidArgumentValue, message: "k must be positive") }
        var q = queries
        if configuration.metric == .cosine { q.normalizeRows() }
        let nq = q.count
        let out = UnsafeMutablePointer<[FlatIndex.Hit]>.allocate(capacity: max(1, nq))
        defer { out.deinitialize(count: nq); out.deallocate() }
        let shared = SharedPointer(out)
        rw.read {
            let beam = max(ef ?? configuration.ef, k)
            let threads = max(1, min(configuration.threads, nq / 16 + 1))
            // Threads take chunks of queries as they go (a held-back thread leaves no one idle).
            let chunk = max(1, min(16, nq / (threads * 8)))
            let work = WorkCounter(0..<nq)
            q.values.withUnsafeBufferPointer { qv in
                let qp = SharedPointer(UnsafeMutablePointer(mutating: qv.baseAddress!))
                DispatchQueue.concurrentPerform(iterations: threads) { _ in
                    var results = DistanceHeap(maxFirst: true, capacity: beam + 1)
                    var candidates = DistanceHeap(maxFirst: false, capacity: beam * 4)
                    while let queries = work.take(chunk) {
                        for r in queries {
                            let hits = searchOne(UnsafePointer(qp.pointer + r * dimension), k: k, ef: beam, filter: filter,
                                                 results: &results, candidates: &candidates)
                            (shared.pointer + r).initialize(to: hits)
                        }
                    }
                }
            }
        }
        return Array(UnsafeBufferPointer(start: out, count: nq))
    }

    /// The `k` nearest live elements to one vector.
    public func search(_ query: [Float], k: Int, ef: Int? = nil, filter: VectorFilter? = nil) throws -> [FlatIndex.Hit] {
        guard query.count == dimension else {
            throw EmbeddingError(code: .dimensionMismatch, message: "query has \(query.count) values, the index \(dimension)")
        }
        return try search(VectorMatrix(dimension: dimension, values: query, ids: [0]), k: k, ef: ef, filter: filter)[0]
    }

    /// `filter` with a per-element mask for this index, for filters reused across many searches.
    public func compiled(_ filter: VectorFilter) -> VectorFilter {
        rw.read {
            let mask: [UInt8] = (0..<count).map { filter.allowed.contains(ids[$0]) ? 1 : 0 }
            let positions = mask.indices.compactMap { mask[$0] != 0 ? Int32($0) : nil }
            return VectorFilter(allowed: filter.allowed, mask: mask, positions: positions)
        }
    }

    /// Filters smaller than this fraction of the index are answered by an exact scan.
    static let exactFilterFraction = 0.02

    /// Whether a filter allowing `allowed` of the elements is cheaper to answer by an exact scan
    /// than by a filtered graph walk. A walk that keeps only a share s = allowed / count of what
    /// it meets visits about ef / s elements and computes up to `maxM0` distances at each, about
    /// ef · maxM0 · count / allowed in all; the scan computes `allowed`. They cost the same where
    /// allowed² = ef · maxM0 · count; the scan is taken up to half that size (the walk's visits
    /// overlap), and always below 2 % of the index.
    func scansExactly(allowed: Int, ef: Int) -> Bool {
        let a = Double(allowed), n = Double(count)
        return a <= n * Self.exactFilterFraction + 64 || a <= (Double(ef) * Double(maxM0) * n).squareRoot() / 2
    }

    private func searchOne(_ q: UnsafePointer<Float>, k: Int, ef: Int, filter: VectorFilter?,
                           results: inout DistanceHeap, candidates: inout DistanceHeap) -> [FlatIndex.Hit] {
        if entryPoint < 0 { return [] }
        if let filter, scansExactly(allowed: filter.allowed.count, ef: ef) {
            return exactScan(q, k: k, filter: filter)
        }
        let entry = greedyDescend(q, from: entryPoint, top: maxLevel, bottom: 1, locking: false)
        let visited = visitedPool.take(count: count)
        searchLayer(q, entry: entry, ef: ef, level: 0, locking: false, filter: filter, visited: visited,
                    results: &results, candidates: &candidates)
        visitedPool.give(visited)
        while results.count > k { results.pop() }
        return results.drainNearestFirst().map { FlatIndex.Hit(id: ids[Int($0.node)], score: score($0.distance)) }
    }

    /// The `k` nearest of the elements `filter` allows, by computing every distance. A compiled
    /// filter is read as its list of positions (in order, no hash lookup), then the elements
    /// added since it was compiled; otherwise each allowed id is looked up. Equal distances are
    /// ranked by position (`TopK`), so both ways give the same hits.
    private func exactScan(_ q: UnsafePointer<Float>, k: Int, filter: VectorFilter) -> [FlatIndex.Hit] {
        var top = TopK(k: k)
        // Local copies: a stored property of a class is an exclusivity-checked access per read.
        let vecs = vectors, dim = dimension, dim32 = Int32(dimension), isL2 = configuration.metric == .l2
        let dead = deleted, idsOf = ids, n = count
        @inline(__always) func offer(_ p: Int32) {
            let b = UnsafePointer(vecs + Int(p) * dim)
            top.insert(isL2 ? -gb_l2sq(q, b, dim32) : gb_dot(q, b, dim32) - 1, p)
        }
        if let positions = filter.positions, let mask = filter.mask {
            positions.withUnsafeBufferPointer { list in
                for p in list where dead[Int(p)] == 0 { offer(p) }
            }
            var p = mask.count
            while p < n {
                if dead[p] == 0 && filter.allowed.contains(idsOf[p]) { offer(Int32(p)) }
                p += 1
            }
        } else {
            for id in filter.allowed {
                guard let p = positions[id], dead[Int(p)] == 0 else { continue }
                offer(p)
            }
        }
        return top.sorted().map { FlatIndex.Hit(id: idsOf[Int($0.index)], score: score(-$0.score)) }
    }
}
