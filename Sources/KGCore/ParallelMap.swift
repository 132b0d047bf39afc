import Foundation

/// Order-preserving parallel map over all cores (chunks of the input per task).
public enum ParallelMap {
    public static func map<T, R>(_ items: [T], threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                                 _ transform: (T) -> R) -> [R] {
        let n = items.count
        if n == 0 { return [] }
        let out = UnsafeMutablePointer<R>.allocate(capacity: n)
        let chunks = min(n, max(1, threads) * 8)
        let per = (n + chunks - 1) / chunks
        withoutActuallyEscaping(transform) { body in
            items.withUnsafeBufferPointer { input in
                nonisolated(unsafe) let f = body
                nonisolated(unsafe) let source = input.baseAddress!
                nonisolated(unsafe) let target = out
                DispatchQueue.concurrentPerform(iterations: chunks) { t in
                    for i in min(n, t * per)..<min(n, (t + 1) * per) { (target + i).initialize(to: f(source[i])) }
                }
            }
        }
        let result = Array(UnsafeBufferPointer(start: out, count: n))
        out.deinitialize(count: n)
        out.deallocate()
        return result
    }
}
