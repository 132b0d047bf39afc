import Foundation

/// Marks of visited nodes for one graph search, reset in O(1) by bumping a generation tag
/// (cleared for real only when the tag wraps around).
final class VisitedSet {
    private var marks: UnsafeMutablePointer<UInt16>
    private(set) var capacity: Int
    private var tag: UInt16 = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        marks = .allocate(capacity: self.capacity)
        marks.initialize(repeating: 0, count: self.capacity)
    }

    deinit { marks.deallocate() }

    /// Starts a new search over at least `count` nodes.
    func reset(count: Int) {
        if count > capacity {
            marks.deallocate()
            capacity = count * 2
            marks = .allocate(capacity: capacity)
            marks.initialize(repeating: 0, count: capacity)
            tag = 0
        }
        tag &+= 1
        if tag == 0 {
            marks.update(repeating: 0, count: capacity)
            tag = 1
        }
    }

    /// The marks and this search's tag: node `i` is visited when `marks[i] == tag`, and a search
    /// marks it with `marks[i] = tag` (in place, without a class access per node); valid until
    /// the next `reset`.
    var state: (marks: UnsafeMutablePointer<UInt16>, tag: UInt16) { (marks, tag) }
}

/// Visited sets reused across searches and threads.
final class VisitedPool: @unchecked Sendable {
    private var free: [VisitedSet] = []
    private let lock = NSLock()

    func take(count: Int) -> VisitedSet {
        lock.lock()
        let set = free.popLast()
        lock.unlock()
        let v = set ?? VisitedSet(capacity: count)
        v.reset(count: count)
        return v
    }

    func give(_ v: VisitedSet) {
        lock.lock(); free.append(v); lock.unlock()
    }
}
