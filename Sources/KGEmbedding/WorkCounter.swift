import CVectorKernels

/// Dynamic scheduling for threads sharing a loop over `range`: each takes the next `chunk`
/// indices when it is free (one atomic add per take), so a thread the system holds back does
/// not leave the others idle at the end.
final class WorkCounter: @unchecked Sendable {
    private let next: UnsafeMutablePointer<Int64>
    private let end: Int

    init(_ range: Range<Int>) {
        next = .allocate(capacity: 1)
        next.initialize(to: Int64(range.lowerBound))
        end = range.upperBound
    }

    deinit { next.deallocate() }

    /// The next at most `chunk` indices, or nil when all are taken.
    @inline(__always) func take(_ chunk: Int = 1) -> Range<Int>? {
        let start = Int(gb_fetch_add(next, Int64(chunk)))
        return start < end ? start..<min(end, start + chunk) : nil
    }
}
