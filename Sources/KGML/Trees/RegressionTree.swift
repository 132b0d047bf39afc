/// One tree of a boosted ensemble, as a flat array of nodes (node 0 is the root).
///
/// A split sends a row left when its bin code in `feature` is at most `bin`; a missing value
/// (code `TreeFeature.missingCode`) goes left when `missingLeft`. Prediction and TreeSHAP both route
/// through `goesLeft`, so missing values are treated the same way in each.
public struct RegressionTree: Codable, Sendable, Equatable {
    /// A split or a leaf. Short JSON keys keep a model of hundreds of trees small.
    public struct Node: Codable, Sendable, Equatable {
        /// The feature split on, or −1 for a leaf.
        public var feature: Int
        /// Highest bin code sent left.
        public var bin: Int
        /// Whether missing values (and unseen categories) go to the left child.
        public var missingLeft: Bool
        /// Index of the left child (−1 for a leaf).
        public var left: Int
        /// Index of the right child (−1 for a leaf).
        public var right: Int
        /// A leaf's output in log-odds (learning rate applied); 0 for a split.
        public var value: Double
        /// Training rows that reached the node (TreeSHAP weighs unknown branches by it).
        public var cover: Double
        /// The split's loss reduction (0 for a leaf).
        public var gain: Double

        enum CodingKeys: String, CodingKey {
            case feature = "f", bin = "b", missingLeft = "m", left = "l", right = "r", value = "v", cover = "c", gain = "g"
        }

        /// Whether the node is a leaf.
        public var isLeaf: Bool { feature < 0 }

        /// Whether a row whose code in this node's feature is `code` goes to the left child.
        @inline(__always) public func goesLeft(_ code: UInt8) -> Bool {
            code == TreeFeature.missingCode ? missingLeft : Int(code) <= bin
        }

        static func leaf(value: Double, cover: Double) -> Node {
            Node(feature: -1, bin: 0, missingLeft: false, left: -1, right: -1, value: value, cover: cover, gain: 0)
        }
    }

    /// The nodes; children always come after their parent.
    public var nodes: [Node]

    public init(nodes: [Node]) { self.nodes = nodes }

    /// The leaf a row of bin codes (one per feature) reaches.
    @inline(__always) public func leaf(codes: UnsafeBufferPointer<UInt8>) -> Int {
        var k = 0
        while true {
            let n = nodes[k]
            if n.isLeaf { return k }
            k = n.goesLeft(codes[n.feature]) ? n.left : n.right
        }
    }

    /// The tree's output for a row of bin codes.
    public func value(codes: [UInt8]) -> Double {
        codes.withUnsafeBufferPointer { nodes[leaf(codes: $0)].value }
    }

    /// Edges on the longest root-to-leaf path.
    public var depth: Int {
        guard !nodes.isEmpty else { return 0 }
        var depths = [Int](repeating: 0, count: nodes.count), deepest = 0
        for (k, n) in nodes.enumerated() where !n.isLeaf {
            // Children come after their parent, so a parent's depth is known first.
            depths[n.left] = depths[k] + 1
            depths[n.right] = depths[k] + 1
            deepest = max(deepest, depths[k] + 1)
        }
        return deepest
    }

    /// The mean output over the training rows (leaves weighted by cover): the tree's share of
    /// the SHAP base value.
    public var expectedValue: Double {
        guard let root = nodes.first, root.cover > 0 else { return 0 }
        return nodes.reduce(0) { $1.isLeaf ? $0 + $1.value * $1.cover : $0 } / root.cover
    }
}
