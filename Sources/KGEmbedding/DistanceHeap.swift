/// A binary heap of (distance, node) pairs, either max-first (the current best `ef` results,
/// worst on top) or min-first (the candidates to expand, nearest on top). Storage is kept
/// between searches (`removeAll` keeps capacity).
struct DistanceHeap {
    private(set) var distances: [Float] = []
    private(set) var nodes: [Int32] = []
    /// True: the largest distance is on top.
    let maxFirst: Bool

    init(maxFirst: Bool, capacity: Int = 0) {
        self.maxFirst = maxFirst
        distances.reserveCapacity(capacity)
        nodes.reserveCapacity(capacity)
    }

    var count: Int { distances.count }
    var isEmpty: Bool { distances.isEmpty }
    var topDistance: Float { distances[0] }
    var topNode: Int32 { nodes[0] }

    @inline(__always) private func above(_ a: Float, _ b: Float) -> Bool { maxFirst ? a > b : a < b }

    mutating func removeAll() {
        distances.removeAll(keepingCapacity: true)
        nodes.removeAll(keepingCapacity: true)
    }

    mutating func push(_ distance: Float, _ node: Int32) {
        distances.append(distance); nodes.append(node)
        var i = distances.count - 1
        while i > 0 {
            let p = (i - 1) >> 1
            guard above(distances[i], distances[p]) else { break }
            distances.swapAt(i, p); nodes.swapAt(i, p)
            i = p
        }
    }

    @discardableResult
    mutating func pop() -> (distance: Float, node: Int32) {
        let top = (distances[0], nodes[0])
        let lastD = distances.removeLast(), lastN = nodes.removeLast()
        let n = distances.count
        if n > 0 {
            var i = 0
            while true {
                let l = 2 * i + 1
                if l >= n { break }
                var c = l
                if l + 1 < n && above(distances[l + 1], distances[l]) { c = l + 1 }
                guard above(distances[c], lastD) else { break }
                distances[i] = distances[c]; nodes[i] = nodes[c]
                i = c
            }
            distances[i] = lastD; nodes[i] = lastN
        }
        return top
    }

    /// The contents, nearest first (empties the heap).
    mutating func drainNearestFirst() -> [(distance: Float, node: Int32)] {
        var out: [(distance: Float, node: Int32)] = []
        out.reserveCapacity(count)
        while !isEmpty { out.append(pop()) }
        return maxFirst ? out.reversed() : out
    }
}
