/// Grows one regression tree leaf-wise (best-first, as LightGBM does): of all current leaves, the
/// one whose best split gains most is split next, until `maxLeaves` leaves or no split gains.
///
/// A leaf's histogram is built only for the smaller child of a split; the larger child's is the
/// parent's minus it (the subtraction trick). Monotone features narrow the children's output bounds
/// at the midpoint of their outputs (LightGBM's basic method), so every leaf under the left branch
/// of an increasing feature's split outputs no more than every leaf under the right branch.
struct TreeGrower {
    let features: [TreeFeature]
    let rows: BinnedRows
    let maxLeaves: Int
    let maxDepth: Int
    let learningRate: Double
    let threads: Int
    let limits: TreeSplit.Limits

    /// A leaf under construction: its rows (a range of `order`), sums, bounds and best split.
    private struct Leaf {
        var node: Int
        var start: Int
        var count: Int
        var sums: TreeSplit.Sums
        var depth: Int
        var lower: Double
        var upper: Double
        var value: Double
        var histogram: GradientHistogram?
        var split: TreeSplit?
    }

    /// A grown tree and, for each leaf, the rows (a range of `order`) that reached it.
    struct Result {
        var tree: RegressionTree
        var leaves: [(node: Int, rows: Range<Int>)]
    }

    /// Grows a tree on the gradients and hessians of some rows of `rows`.
    /// - Parameters:
    ///   - order: the rows to fit in its first `count` entries; on return, partitioned leaf by leaf.
    ///   - allowed: the features splits may use (all but a sample under a feature fraction).
    func grow(gradients: [Double], hessians: [Double], order: inout [Int32], count n: Int, allowed: [Bool]) -> Result {
        var total = TreeSplit.Sums()
        for k in 0..<n { let i = Int(order[k]); total.g += gradients[i]; total.h += hessians[i] }
        total.n = Double(n)
        var nodes = [RegressionTree.Node.leaf(value: 0, cover: Double(n))]
        let rootHistogram = GradientHistogram(codes: rows.codes, featureCount: rows.featureCount, rows: order[0..<n], gradients: gradients, hessians: hessians, threads: threads)
        var leaves = [Leaf(node: 0, start: 0, count: n, sums: total, depth: 0, lower: -.infinity, upper: .infinity,
                           value: TreeSplit.output(total, l2: limits.l2, lower: -.infinity, upper: .infinity), histogram: rootHistogram, split: nil)]
        findSplit(&leaves[0], allowed: allowed)
        var scratch = [Int32](repeating: 0, count: n)
        while leaves.count < maxLeaves {
            var chosen = -1
            for (k, leaf) in leaves.enumerated() {
                if let s = leaf.split, chosen < 0 || s.gain > leaves[chosen].split!.gain { chosen = k }
            }
            guard chosen >= 0 else { break }
            let parent = leaves[chosen], split = parent.split!
            let leftCount = partition(parent, split: split, order: &order, scratch: &scratch)
            let l = nodes.count
            nodes[parent.node] = RegressionTree.Node(feature: split.feature, bin: split.bin, missingLeft: split.missingLeft, left: l, right: l + 1,
                                                     value: 0, cover: Double(parent.count), gain: split.gain)
            nodes.append(.leaf(value: 0, cover: Double(leftCount)))
            nodes.append(.leaf(value: 0, cover: Double(parent.count - leftCount)))
            var leftBounds = (lower: parent.lower, upper: parent.upper), rightBounds = leftBounds
            let mid = (split.leftValue + split.rightValue) / 2
            switch features[split.feature].monotone {
            case 1: leftBounds.upper = min(leftBounds.upper, mid); rightBounds.lower = max(rightBounds.lower, mid)
            case -1: leftBounds.lower = max(leftBounds.lower, mid); rightBounds.upper = min(rightBounds.upper, mid)
            default: break
            }
            var left = Leaf(node: l, start: parent.start, count: leftCount, sums: split.left, depth: parent.depth + 1,
                            lower: leftBounds.lower, upper: leftBounds.upper, value: split.leftValue, histogram: nil, split: nil)
            var right = Leaf(node: l + 1, start: parent.start + leftCount, count: parent.count - leftCount, sums: split.right,
                             depth: parent.depth + 1, lower: rightBounds.lower, upper: rightBounds.upper, value: split.rightValue, histogram: nil, split: nil)
            if canSplit(left) || canSplit(right) {
                let smallerIsLeft = left.count <= right.count
                let small = smallerIsLeft ? left : right
                let built = GradientHistogram(codes: rows.codes, featureCount: rows.featureCount, rows: order[small.start..<(small.start + small.count)],
                                              gradients: gradients, hessians: hessians, threads: threads)
                let derived = parent.histogram!.subtracting(built)
                left.histogram = smallerIsLeft ? built : derived
                right.histogram = smallerIsLeft ? derived : built
                findSplit(&left, allowed: allowed)
                findSplit(&right, allowed: allowed)
            }
            leaves[chosen] = left
            leaves.append(right)
        }
        var result: [(node: Int, rows: Range<Int>)] = []
        for leaf in leaves {
            nodes[leaf.node].value = leaf.value * learningRate
            result.append((leaf.node, leaf.start..<(leaf.start + leaf.count)))
        }
        return Result(tree: RegressionTree(nodes: nodes), leaves: result)
    }

    private func canSplit(_ leaf: Leaf) -> Bool {
        (maxDepth <= 0 || leaf.depth < maxDepth) && Double(leaf.count) >= 2 * limits.minChildSamples
    }

    /// Records the leaf's best split (nil when it cannot split), dropping its histogram when unneeded.
    private func findSplit(_ leaf: inout Leaf, allowed: [Bool]) {
        if canSplit(leaf), let h = leaf.histogram {
            leaf.split = TreeSplit.best(histogram: h, total: leaf.sums, features: features, allowed: allowed, lower: leaf.lower, upper: leaf.upper, limits: limits)
        }
        if leaf.split == nil { leaf.histogram = nil }
    }

    /// Moves the leaf's rows that go left to the front of its range (keeping their order); returns how many.
    private func partition(_ leaf: Leaf, split: TreeSplit, order: inout [Int32], scratch: inout [Int32]) -> Int {
        let node = RegressionTree.Node(feature: split.feature, bin: split.bin, missingLeft: split.missingLeft, left: 0, right: 0, value: 0, cover: 0, gain: 0)
        let f = split.feature, width = rows.featureCount
        var l = leaf.start, r = 0
        rows.codes.withUnsafeBufferPointer { codes in
            for k in leaf.start..<(leaf.start + leaf.count) {
                let i = order[k]
                if node.goesLeft(codes[Int(i) * width + f]) { order[l] = i; l += 1 } else { scratch[r] = i; r += 1 }
            }
        }
        for k in 0..<r { order[l + k] = scratch[k] }
        return l - leaf.start
    }
}
