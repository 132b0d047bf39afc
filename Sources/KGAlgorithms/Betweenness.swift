import Foundation
import KGCore

/// Betweenness centrality by Brandes' algorithm (BFS, or Dijkstra on weights), exact or from a
/// sample of source nodes, with NetworkX's scaling: normalised by 1/((n−1)(n−2)), else halved on
/// undirected graphs; a sample of k sources is scaled by n/k. Sources run in parallel.
public enum Betweenness {
    public struct Configuration: Sendable {
        public var normalized = true
        /// Number of sampled source nodes (nil: all, exact).
        public var samplingSize: Int?
        public var samplingSeed: UInt64 = 42
        public init() {}
    }

    public static func run(_ g: GraphProjection, configuration c: Configuration = .init()) throws -> [Double] {
        let n = g.nodeCount
        var sources = Array(0..<n)
        if let k = c.samplingSize {
            guard k >= 1 else { throw AlgorithmError("samplingSize must be at least 1, got \(k)") }
            if k < n {
                var rng = SplitMix64(seed: c.samplingSeed)
                for i in 0..<k { sources.swapAt(i, i + Int(rng.next() % UInt64(n - i))) }
                sources = Array(sources.prefix(k))
            }
        }
        if g.isWeighted, let w = g.outWeights, w.contains(where: { $0 < 0 }) {
            throw AlgorithmError("weightProperty: betweenness needs non-negative weights")
        }
        let threads = ProcessInfo.processInfo.activeProcessorCount
        let partial = (0..<threads).map { _ in SharedBuffer(repeating: 0.0, count: n) }
        let per = (sources.count + threads - 1) / max(1, threads)
        let srcs = sources
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let acc = partial[t]
            var sigma = [Double](repeating: 0, count: n), dist = [Double](repeating: -1, count: n)
            var delta = [Double](repeating: 0, count: n)
            var preds = [[Int32]](repeating: [], count: n)
            var order: [Int] = []
            var queue: [Int] = []
            var heap = DijkstraHeap()
            for s in srcs[min(srcs.count, t * per)..<min(srcs.count, (t + 1) * per)] {
                for v in order { sigma[v] = 0; dist[v] = -1; delta[v] = 0; preds[v].removeAll(keepingCapacity: true) }
                order.removeAll(keepingCapacity: true)
                sigma[s] = 1; dist[s] = 0
                if !g.isWeighted {
                    queue.removeAll(keepingCapacity: true)
                    queue.append(s)
                    var head = 0
                    while head < queue.count {
                        let v = queue[head]; head += 1
                        order.append(v)
                        for k in g.outRange(v) {
                            let w = Int(g.outTargets[k])
                            if dist[w] < 0 { dist[w] = dist[v] + 1; queue.append(w) }
                            if dist[w] == dist[v] + 1 { sigma[w] += sigma[v]; preds[w].append(Int32(v)) }
                        }
                    }
                } else {
                    // Dijkstra as NetworkX's `_single_source_dijkstra_path_basic` (ties by exact equality).
                    var done = [Bool](repeating: false, count: n)
                    var seen = [Double](repeating: .infinity, count: n)
                    var sequence = 0
                    heap.removeAll()
                    seen[s] = 0
                    heap.push(0, sequence, pred: s, node: s)
                    var touchedNodes: [Int] = [s]
                    while let (d, pred, v) = heap.pop() {
                        if done[v] { continue }
                        if v != s { sigma[v] += sigma[pred] }
                        done[v] = true
                        dist[v] = d
                        order.append(v)
                        for k in g.outRange(v) {
                            let w = Int(g.outTargets[k]), vw = d + g.outWeight(k)
                            if !done[w] && vw < seen[w] {
                                if seen[w] == .infinity { touchedNodes.append(w) }
                                seen[w] = vw
                                sequence += 1
                                heap.push(vw, sequence, pred: v, node: w)
                                sigma[w] = 0
                                preds[w] = [Int32(v)]
                            } else if vw == seen[w] {
                                sigma[w] += sigma[v]
                                preds[w].append(Int32(v))
                            }
                        }
                    }
                    // Nodes reached but never settled cannot exist; reset the tentative ones for the next source.
                    for v in touchedNodes where !done[v] { sigma[v] = 0; preds[v].removeAll() }
                }
                for v in order.reversed() {
                    for p in preds[v] { delta[Int(p)] += sigma[Int(p)] / sigma[v] * (1 + delta[v]) }
                    if v != s { acc[v] += delta[v] }
                }
            }
        }
        var result = [Double](repeating: 0, count: n)
        for t in 0..<threads { for i in 0..<n { result[i] += partial[t][i] } }
        var scale: Double? = nil
        if c.normalized { if n > 2 { scale = 1 / Double((n - 1) * (n - 2)) } }
        else if g.isUndirected { scale = 0.5 }
        if var s = scale {
            if sources.count < n { s *= Double(n) / Double(sources.count) }
            for i in 0..<n { result[i] *= s }
        }
        return result
    }
}

/// A binary min-heap of Dijkstra entries ordered by (distance, insertion sequence).
struct DijkstraHeap {
    private var items: [(distance: Double, sequence: Int, pred: Int, node: Int)] = []
    var isEmpty: Bool { items.isEmpty }
    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    private func less(_ a: Int, _ b: Int) -> Bool {
        items[a].distance < items[b].distance || (items[a].distance == items[b].distance && items[a].sequence < items[b].sequence)
    }

    mutating func push(_ d: Double, _ sequence: Int, pred: Int, node: Int) {
        items.append((d, sequence, pred, node))
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if !less(i, p) { break }
            items.swapAt(p, i); i = p
        }
    }

    mutating func pop() -> (Double, Int, Int)? {
        guard !items.isEmpty else { return nil }
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count && less(l, m) { m = l }
                if r < items.count && less(r, m) { m = r }
                if m == i { break }
                items.swapAt(m, i); i = m
            }
        }
        return (top.distance, top.pred, top.node)
    }
}
