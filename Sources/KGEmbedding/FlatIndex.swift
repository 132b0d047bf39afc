import CLinearAlgebra
import CVectorKernels
import Foundation
import KGCore

/// Exact nearest-neighbour search: query blocks times base blocks through `cblas_sgemm`, then a
/// bounded top-k per query. The base is split across threads (each with its own top-k, merged at
/// the end); OpenBLAS's own threading is switched off while we thread, so the cores are not
/// oversubscribed.
public final class FlatIndex: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var metric: VectorMetric
        /// Base rows per sgemm block.
        public var blockRows: Int
        /// Query rows per sgemm block (the scores buffer is queryBlockRows × blockRows).
        public var queryBlockRows: Int
        public var threads: Int
        public init(metric: VectorMetric = .ip, blockRows: Int = 4096, queryBlockRows: Int = 1024,
                    threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
            self.metric = metric; self.blockRows = blockRows; self.queryBlockRows = queryBlockRows; self.threads = threads
        }
        public func validate() throws {
            guard blockRows > 0, queryBlockRows > 0, threads > 0 else {
                throw EmbeddingError(code: .invalidArgumentValue, message: "blockRows, queryBlockRows and threads must be positive")
            }
        }
    }

    public let configuration: Configuration
    public private(set) var base: VectorMatrix
    private var norms: [Float] = []

    /// Builds the index (normalising for cosine, caching norms for L2).
    public init(base: VectorMatrix, configuration: Configuration = Configuration()) throws {
        try configuration.validate()
        self.configuration = configuration
        var b = base
        if configuration.metric == .cosine { b.normalizeRows() }
        self.base = b
        if configuration.metric == .l2 { norms = b.squaredNorms() }
    }

    /// One result: the caller id of a base row and its score.
    public struct Hit: Sendable, Equatable {
        public let id: Int64
        public let score: Float
    }

    /// The `k` best base rows for each query row, best first.
    public func search(_ queries: VectorMatrix, k: Int) throws -> [[Hit]] {
        guard queries.dimension == base.dimension else {
            throw EmbeddingError(code: .dimensionMismatch, message: "queries have dimension \(queries.dimension), the index \(base.dimension)")
        }
        guard k > 0 else { throw EmbeddingError(code: .invalidArgumentValue, message: "k must be positive") }
        var q = queries
        if configuration.metric == .cosine { q.normalizeRows() }
        let nq = q.count, n = base.count, d = base.dimension
        if nq == 0 || n == 0 { return Array(repeating: [], count: nq) }
        let threads = max(1, min(configuration.threads, (n + configuration.blockRows - 1) / configuration.blockRows))
        BLASThreads.set(threads > 1 ? 1 : configuration.threads)
        defer { BLASThreads.set(configuration.threads) }
        let block = configuration.blockRows
        let perThread = (n + threads - 1) / threads
        let partial = UnsafeMutablePointer<[TopK]>.allocate(capacity: threads)
        defer { partial.deallocate() }
        let metric = configuration.metric
        let results = SharedPointer(partial)
        q.values.withUnsafeBufferPointer { qBuf in
            base.values.withUnsafeBufferPointer { bBuf in
                norms.withUnsafeBufferPointer { nBuf in
                    let qp = SharedPointer(UnsafeMutablePointer(mutating: qBuf.baseAddress!))
                    let bp = SharedPointer(UnsafeMutablePointer(mutating: bBuf.baseAddress!))
                    let np = SharedPointer(UnsafeMutablePointer(mutating: nBuf.baseAddress ?? UnsafePointer(bBuf.baseAddress!)))
                    DispatchQueue.concurrentPerform(iterations: threads) { t in
                        var heaps = (0..<nq).map { _ in TopK(k: min(k, n)) }
                        let start = t * perThread, end = min(n, start + perThread)
                        // Scores of one query block against one base block: small enough to stay in cache
                        // between the sgemm that writes them and the filter that reads them.
                        let qBlock = min(nq, configuration.queryBlockRows)
                        var scores = [Float](repeating: 0, count: qBlock * min(block, max(1, end - start)))
                        let candidates = UnsafeMutablePointer<Int32>.allocate(capacity: block)
                        defer { candidates.deallocate() }
                        var b0 = start
                        while b0 < end {
                            let rows = min(block, end - b0)
                            var q0 = 0
                            while q0 < nq {
                                let m = min(qBlock, nq - q0)
                                scores.withUnsafeMutableBufferPointer { sp in
                                    if m == 1 {
                                        // One query: a dot product per base row, streamed (memory-bound; sgemm with
                                        // M = 1 is slower, and OpenBLAS's sgemv reached 40 % of this on 2026-11-28).
                                        gb_dots(bp.pointer + b0 * d, Int32(rows), Int32(d), qp.pointer + q0 * d, sp.baseAddress)
                                    } else {
                                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(rows), Int32(d), 1,
                                                    qp.pointer + q0 * d, Int32(d), bp.pointer + b0 * d, Int32(d), 0, sp.baseAddress, Int32(rows))
                                    }
                                    heaps.withUnsafeMutableBufferPointer { hp in
                                        for i in 0..<m {
                                            let row = sp.baseAddress! + i * rows
                                            let h = q0 + i
                                            if metric == .l2 {
                                                var threshold = hp[h].threshold
                                                for j in 0..<rows {
                                                    let s = 2 * row[j] - np.pointer[b0 + j]
                                                    if s > threshold {
                                                        hp[h].insert(s, Int32(b0 + j))
                                                        threshold = hp[h].threshold
                                                    }
                                                }
                                            } else {
                                                // Vectorised filter: only scores above the current k-th best are looked at.
                                                let found = Int(gb_above(row, Int32(rows), hp[h].threshold, candidates))
                                                for c in 0..<found {
                                                    let j = Int(candidates[c])
                                                    if row[j] > hp[h].threshold { hp[h].insert(row[j], Int32(b0 + j)) }
                                                }
                                            }
                                        }
                                    }
                                }
                                q0 += m
                            }
                            b0 += rows
                        }
                        (results.pointer + t).initialize(to: heaps)
                    }
                }
            }
        }
        var out: [[Hit]] = []
        out.reserveCapacity(nq)
        let qNorms = metric == .l2 ? q.squaredNorms() : []
        for i in 0..<nq {
            var merged = TopK(k: min(k, n))
            for t in 0..<threads { for (idx, s) in zip(partial[t][i].indices, partial[t][i].scores) { merged.insert(s, idx) } }
            out.append(merged.sorted().map { hit in
                let score = metric == .l2 ? -(qNorms[i] - hit.score) : hit.score
                return Hit(id: base.ids[Int(hit.index)], score: score)
            })
        }
        for t in 0..<threads { (partial + t).deinitialize(count: 1) }
        return out
    }
}

/// A pointer handed to worker threads that write disjoint parts of it (or only read).
struct SharedPointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

/// OpenBLAS's thread count (a no-op with other BLAS libraries), found at run time.
enum BLASThreads {
    private typealias SetFn = @convention(c) (Int32) -> Void
    private static let setter: SetFn? = {
        // The process's global symbol table: OpenBLAS is linked in when it is the active BLAS.
        guard let handle = dlopen(nil, RTLD_NOW), let sym = dlsym(handle, "openblas_set_num_threads") else { return nil }
        return unsafeBitCast(sym, to: SetFn.self)
    }()

    private typealias GetFn = @convention(c) () -> Int32
    private static let getter: GetFn? = {
        guard let handle = dlopen(nil, RTLD_NOW), let sym = dlsym(handle, "openblas_get_num_threads") else { return nil }
        return unsafeBitCast(sym, to: GetFn.self)
    }()

    static func set(_ n: Int) { setter?(Int32(max(1, n))) }

    /// OpenBLAS's current thread count, nil with another BLAS.
    static var current: Int? { getter.map { Int($0()) } }
}
