/// Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized feature
/// attribution for tree ensembles", Algorithm 2): the Shapley values of one row's tree output,
/// where a feature outside a coalition is integrated out by following both children of its splits
/// weighted by their training cover. Polynomial: O(leaves · depth²) per tree.
///
/// The algorithm walks every root-to-leaf path keeping, for each distinct feature on it, the
/// fraction of coalitions that reach the node without the feature ("zero", the cover ratio of the
/// branches taken) and with it ("one": 1 if the row's value takes the branch, else 0), plus the
/// permutation weights of each coalition size. `extend` adds a feature, `unwind` removes one (a
/// feature split on twice is unwound and re-extended with the product of its fractions), and at a
/// leaf each feature's share is the unwound weight sum times (one − zero) times the leaf value.
///
/// Paths live in one scratch buffer: each recursion level copies its parent's path to the slots
/// after it (as the reference implementation does), so no array is allocated per node.
enum TreeSHAP {
    /// One distinct feature on the current path.
    private struct PathElement {
        var feature: Int
        var zero: Double
        var one: Double
        var weight: Double
    }

    /// Adds the SHAP values of one tree's output for a row of bin codes to `phi` (one entry per feature).
    static func accumulate(tree: RegressionTree, codes: [UInt8], into phi: inout [Double]) {
        guard !tree.nodes.isEmpty, !tree.nodes[0].isLeaf else { return }
        // A path holds at most depth + 1 elements; level k's copy starts after level k − 1's.
        let depth = tree.depth
        let scratch = UnsafeMutablePointer<PathElement>.allocate(capacity: (depth + 2) * (depth + 3) / 2 + 1)
        defer { scratch.deallocate() }
        tree.nodes.withUnsafeBufferPointer { nodes in
            codes.withUnsafeBufferPointer { codes in
                phi.withUnsafeMutableBufferPointer { phi in
                    recurse(nodes, node: 0, codes: codes, path: scratch, parentLength: 0, zero: 1, one: 1, feature: -1, phi: phi)
                }
            }
        }
    }

    /// - Parameters:
    ///   - path: where the parent's path starts; this node's copy goes right after it.
    private static func recurse(_ nodes: UnsafeBufferPointer<RegressionTree.Node>, node j: Int, codes: UnsafeBufferPointer<UInt8>,
                                path parent: UnsafeMutablePointer<PathElement>, parentLength: Int,
                                zero: Double, one: Double, feature: Int, phi: UnsafeMutableBufferPointer<Double>) {
        let path = parent + parentLength
        if parentLength > 0 { path.update(from: parent, count: parentLength) }
        var length = extend(path, length: parentLength, zero: zero, one: one, feature: feature)
        let n = nodes[j]
        if n.isLeaf {
            for i in 1..<length {
                phi[path[i].feature] += unwoundSum(path, length: length, at: i) * (path[i].one - path[i].zero) * n.value
            }
            return
        }
        let (hot, cold) = n.goesLeft(codes[n.feature]) ? (n.left, n.right) : (n.right, n.left)
        var incomingZero = 1.0, incomingOne = 1.0
        if let k = (1..<length).first(where: { path[$0].feature == n.feature }) {
            incomingZero = path[k].zero
            incomingOne = path[k].one
            length = unwind(path, length: length, at: k)
        }
        recurse(nodes, node: hot, codes: codes, path: path, parentLength: length,
                zero: incomingZero * nodes[hot].cover / n.cover, one: incomingOne, feature: n.feature, phi: phi)
        recurse(nodes, node: cold, codes: codes, path: path, parentLength: length,
                zero: incomingZero * nodes[cold].cover / n.cover, one: 0, feature: n.feature, phi: phi)
    }

    /// Appends a feature with its zero and one fractions and updates the coalition-size weights;
    /// returns the new length.
    private static func extend(_ path: UnsafeMutablePointer<PathElement>, length depth: Int, zero: Double, one: Double, feature: Int) -> Int {
        path[depth] = PathElement(feature: feature, zero: zero, one: one, weight: depth == 0 ? 1 : 0)
        let d = Double(depth + 1)
        for i in stride(from: depth - 1, through: 0, by: -1) {
            path[i + 1].weight += one * path[i].weight * Double(i + 1) / d
            path[i].weight = zero * path[i].weight * Double(depth - i) / d
        }
        return depth + 1
    }

    /// Removes the element at `index`, undoing its `extend` on the weights; returns the new length.
    private static func unwind(_ path: UnsafeMutablePointer<PathElement>, length: Int, at index: Int) -> Int {
        let depth = length - 1, d = Double(depth + 1)
        let one = path[index].one, zero = path[index].zero
        var next = path[depth].weight
        for i in stride(from: depth - 1, through: 0, by: -1) {
            if one != 0 {
                let kept = path[i].weight
                path[i].weight = next * d / (Double(i + 1) * one)
                next = kept - path[i].weight * zero * Double(depth - i) / d
            } else {
                path[i].weight = path[i].weight * d / (zero * Double(depth - i))
            }
        }
        for i in index..<depth {
            path[i].feature = path[i + 1].feature
            path[i].zero = path[i + 1].zero
            path[i].one = path[i + 1].one
        }
        return depth
    }

    /// The total weight the path would have with the element at `index` unwound (without changing it).
    private static func unwoundSum(_ path: UnsafeMutablePointer<PathElement>, length: Int, at index: Int) -> Double {
        let depth = length - 1, d = Double(depth + 1)
        let one = path[index].one, zero = path[index].zero
        var next = path[depth].weight, total = 0.0
        for i in stride(from: depth - 1, through: 0, by: -1) {
            if one != 0 {
                let w = next * d / (Double(i + 1) * one)
                total += w
                next = path[i].weight - w * zero * Double(depth - i) / d
            } else {
                total += path[i].weight * d / (zero * Double(depth - i))
            }
        }
        return total
    }
}
