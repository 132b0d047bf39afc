import Foundation

/// Sums of gradient, hessian and row count per bin of every feature over one leaf's rows.
///
/// Each feature has 256 slots (the value bins, then slot 255 for missing values), three doubles a
/// slot: `sums[(f * 256 + code) * 3 + {0: gradient, 1: hessian, 2: count}]`. A fixed stride keeps
/// the inner loop free of per-feature lookups; the memory (6 KB a feature) is small.
struct GradientHistogram: Sendable {
    static let slots = 256
    /// Below this many (row, feature) pairs a second thread costs more than it saves: a busy
    /// machine can take a scheduler slice to start it, so only the big leaves near the root are
    /// split between threads.
    static let parallelThreshold = 200_000

    private(set) var sums: [Double]

    /// Builds the histogram of `rows` (indices into `codes`' rows, and into the gradients).
    ///
    /// Features are split into one contiguous range per core; each thread writes only its
    /// features' slots, so the writes never overlap and no locking is needed.
    /// - Parameter threads: threads to use at most (big leaves only).
    init(codes: [UInt8], featureCount: Int, rows: ArraySlice<Int32>, gradients: [Double], hessians: [Double], threads: Int) {
        var sums = [Double](repeating: 0, count: featureCount * Self.slots * 3)
        let chunks = rows.count * featureCount >= Self.parallelThreshold ? max(1, min(featureCount, threads)) : 1
        sums.withUnsafeMutableBufferPointer { out in
            codes.withUnsafeBufferPointer { c in
                rows.withUnsafeBufferPointer { r in
                    gradients.withUnsafeBufferPointer { g in
                        hessians.withUnsafeBufferPointer { h in
                            // Disjoint feature ranges per chunk: the shared buffers are written
                            // without overlap and read-only otherwise.
                            nonisolated(unsafe) let target = out.baseAddress!
                            nonisolated(unsafe) let source = (codes: c.baseAddress!, rows: r.baseAddress!, g: g.baseAddress!, h: h.baseAddress!)
                            let count = r.count
                            // One chunk runs on the calling thread; more spread over the cores.
                            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                                let f0 = chunk * featureCount / chunks, f1 = (chunk + 1) * featureCount / chunks
                                for k in 0..<count {
                                    let i = Int(source.rows[k])
                                    let gi = source.g[i], hi = source.h[i]
                                    let row = source.codes + i * featureCount
                                    for f in f0..<f1 {
                                        let s = ((f &* Self.slots) &+ Int(row[f])) &* 3
                                        target[s] += gi
                                        target[s + 1] += hi
                                        target[s + 2] += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        self.sums = sums
    }

    /// The histogram of a parent leaf minus one child's: the other child's, without a pass over its rows.
    func subtracting(_ other: GradientHistogram) -> GradientHistogram {
        var out = self
        out.sums.withUnsafeMutableBufferPointer { o in
            other.sums.withUnsafeBufferPointer { s in
                for k in 0..<o.count { o[k] -= s[k] }
            }
        }
        return out
    }
}
