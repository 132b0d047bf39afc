import CLinearAlgebra
#if canImport(Glibc)
import Glibc
#endif

/// What the process's BLAS is, found at run time: OpenBLAS exports its core name and build
/// configuration; any other BLAS is reported as such.
public enum BLASLibrary {
    private typealias StringFn = @convention(c) () -> UnsafeMutablePointer<CChar>?

    private static func call(_ symbol: String) -> String? {
        guard let handle = dlopen(nil, RTLD_NOW), let sym = dlsym(handle, symbol) else { return nil }
        guard let text = unsafeBitCast(sym, to: StringFn.self)() else { return nil }
        return String(cString: text)
    }

    /// OpenBLAS's kernel set in use (`Haswell`, `Zen`, `Prescott`, …), nil with another BLAS.
    public static var coreName: String? { call("openblas_get_corename") }

    /// OpenBLAS's build line (`OpenBLAS 0.3.21 DYNAMIC_ARCH … Zen MAX_THREADS=64`), or
    /// "unknown (not OpenBLAS)" with another BLAS.
    public static var configuration: String { call("openblas_get_config")?.trimmedLine ?? "unknown (not OpenBLAS)" }

    /// Single-precision matrix product speed in GFLOP/s: the best of `repeats` timed
    /// `cblas_sgemm` calls on n × n matrices, on `threads` OpenBLAS threads (after one warm-up).
    public static func sgemmGFLOPS(n: Int = 1024, threads: Int = 1, repeats: Int = 3) -> Double {
        let a = [Float](repeating: 0.5, count: n * n), b = [Float](repeating: 0.25, count: n * n)
        var c = [Float](repeating: 0, count: n * n)
        let previous = BLASThreads.current
        BLASThreads.set(threads)
        defer { if let previous { BLASThreads.set(previous) } }
        var best = Double.infinity
        for round in 0...max(1, repeats) {
            let start = monotonicSeconds()
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1,
                                    pa.baseAddress, Int32(n), pb.baseAddress, Int32(n), 0, pc.baseAddress, Int32(n))
                    }
                }
            }
            if round > 0 { best = min(best, monotonicSeconds() - start) }
        }
        return 2 * Double(n) * Double(n) * Double(n) / best / 1e9
    }

    private static func monotonicSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

private extension String {
    /// The text without trailing spaces and newlines.
    var trimmedLine: String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\n" { s.removeLast() }
        return String(s)
    }
}
