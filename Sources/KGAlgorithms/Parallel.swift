import Foundation

/// Chunked parallel loops over index ranges (both cores; results written to disjoint slots).
enum Parallel {
    /// Calls `body(range)` for consecutive chunks of `0..<count`, concurrently.
    static func forEachChunk(_ count: Int, minChunk: Int = 1024, _ body: (Range<Int>) -> Void) {
        let threads = ProcessInfo.processInfo.activeProcessorCount
        let chunks = max(1, min(threads * 4, count / minChunk))
        if chunks == 1 { body(0..<count); return }
        let per = (count + chunks - 1) / chunks
        withoutActuallyEscaping(body) { f in
            nonisolated(unsafe) let g = f
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = min(count, c * per), hi = min(count, lo + per)
                if lo < hi { g(lo..<hi) }
            }
        }
    }
}

/// A buffer threads write disjoint elements of.
final class SharedBuffer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    let count: Int
    init(repeating value: T, count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(1, count))
        pointer.initialize(repeating: value, count: count)
    }
    deinit { pointer.deinitialize(count: count); pointer.deallocate() }
    subscript(i: Int) -> T {
        get { pointer[i] }
        set { pointer[i] = newValue }
    }
    var array: [T] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
}
