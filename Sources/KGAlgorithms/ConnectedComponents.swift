/// Weakly connected components (direction ignored) by union–find with path halving over raw
/// buffers; component ids are the smallest dense index in each component.
public enum ConnectedComponents {
    public static func weak(_ g: GraphProjection) -> [Int] {
        let n = g.nodeCount
        var parent = (0..<Int32(n)).map { $0 }
        parent.withUnsafeMutableBufferPointer { p in
            g.outOffsets.withUnsafeBufferPointer { off in
                g.outTargets.withUnsafeBufferPointer { targets in
                    @inline(__always) func find(_ x: Int32) -> Int32 {
                        var x = x
                        while p[Int(x)] != x {
                            let grand = p[Int(p[Int(x)])]
                            p[Int(x)] = grand
                            x = grand
                        }
                        return x
                    }
                    for u in 0..<n {
                        for k in off[u]..<off[u + 1] {
                            let a = find(Int32(u)), b = find(targets[k])
                            if a != b { if a < b { p[Int(b)] = a } else { p[Int(a)] = b } }
                        }
                    }
                    // The root of each set is its smallest member (unions keep the smaller root).
                    for i in 0..<n { p[i] = find(p[i]) }
                }
            }
        }
        return parent.map { Int($0) }
    }

    /// Strongly connected components (Tarjan, iterative); ids are the smallest dense index in each component.
    public static func strong(_ g: GraphProjection) -> [Int] {
        let n = g.nodeCount
        var index = [Int](repeating: -1, count: n), low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int] = [], component = [Int](repeating: -1, count: n)
        var counter = 0
        var work: [(node: Int, edge: Int)] = []
        for root in 0..<n where index[root] < 0 {
            work.append((root, g.outOffsets[root]))
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while let (v, e) = work.last {
                if e < g.outOffsets[v + 1] {
                    work[work.count - 1].edge = e + 1
                    let w = Int(g.outTargets[e])
                    if index[w] < 0 {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack[w] = true
                        work.append((w, g.outOffsets[w]))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                } else {
                    work.removeLast()
                    if let parent = work.last { low[parent.node] = min(low[parent.node], low[v]) }
                    if low[v] == index[v] {
                        var members: [Int] = []
                        while true {
                            let w = stack.removeLast()
                            onStack[w] = false
                            members.append(w)
                            if w == v { break }
                        }
                        let id = members.min()!
                        for m in members { component[m] = id }
                    }
                }
            }
        }
        return component
    }
}
