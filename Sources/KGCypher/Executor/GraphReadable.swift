import KGCore

/// Which relationships of a node to follow.
public enum ExpandDirection: Sendable { case outgoing, incoming, both }

/// What the executor needs to read a property graph. The store conforms through an adapter in
/// KGEngine; `InMemoryGraph` is the reference implementation for differential tests.
///
/// Implementations see their own writes (one query is one transaction).
public protocol GraphReadable: AnyObject {
    /// Ids of all nodes, or of the nodes with `label`, in ascending id order.
    func nodeIDs(label: String?) throws -> [Int64]
    /// Ids of the nodes with `label` whose `key` equals `value`, through an index; nil when no
    /// index covers (label, key), so the caller scans instead.
    func indexSeek(label: String, key: String, value: Value) throws -> [Int64]?
    /// How many nodes `indexSeek` would find, counting at most `cap` (an upper bound is fine:
    /// it only chooses between plans); nil when no index covers (label, key).
    func indexSeekCount(label: String, key: String, value: Value, cap: Int) throws -> Int?
    /// Whether `indexSeek` can answer (label, key) from an index.
    func hasIndex(label: String, key: String) throws -> Bool
    /// The property indexes: (label, key) pairs, sorted.
    func indexes() throws -> [(label: String, key: String)]
    /// Whether a node exists (and is not deleted in this transaction).
    func nodeExists(_ id: Int64) throws -> Bool
    /// A node's labels, sorted.
    func labels(ofNode id: Int64) throws -> [String]
    /// A node's properties.
    func properties(ofNode id: Int64) throws -> [String: Value]
    /// One property of a node (nil when absent); stores can answer without decoding the rest.
    func property(ofNode id: Int64, key: String) throws -> Value?
    /// Whether a node has every one of `labels` (stores may answer without listing its labels).
    func hasLabels(_ node: Int64, _ labels: [String]) throws -> Bool
    /// The relationships of a node in a direction, optionally restricted to types.
    /// With `.both`, a self-loop is reported once.
    func relationships(of node: Int64, direction: ExpandDirection, types: [String]) throws -> [RelationshipRef]
    /// How many relationships `relationships(of:direction:types:)` would return.
    func degree(of node: Int64, direction: ExpandDirection, types: [String]) throws -> Int
    /// The far ends of the relationships of all of `nodes`, one per relationship (a
    /// breadth-first level at once).
    func neighbors(ofAll nodes: [Int64], direction: ExpandDirection, types: [String]) throws -> [Int64]
    /// All relationships, optionally of some types, in ascending id order.
    func allRelationships(types: [String]) throws -> [RelationshipRef]
    /// Whether reading ahead for many rows at once pays: true where each read is a round trip
    /// (the PostgreSQL store). The expansions then batch their input rows and call
    /// `prefetchRelationships(of:direction:types:)` per batch.
    var prefersBatchedReads: Bool { get }
    /// Reads ahead the relationships of `nodes` in `direction`, so that
    /// `relationships(of:direction:types:)` and `degree` answer from memory for them; the
    /// answers are the same as without it (the store keeps them current with its own writes).
    func prefetchRelationships(of nodes: [Int64], direction: ExpandDirection, types: [String]) throws
    /// Reads ahead the labels and properties of `nodes` (a filter's batch of rows), so that
    /// `labels(ofNode:)`, `hasLabels`, `properties(ofNode:)` and `property(ofNode:key:)` answer
    /// from memory for them; the answers are the same as without it.
    func prefetchNodes(_ nodes: [Int64]) throws
    /// Whether a relationship exists.
    func relationshipExists(_ id: Int64) throws -> Bool
    /// A relationship's properties.
    func properties(ofRelationship id: Int64) throws -> [String: Value]
    /// Number of nodes with a label (all nodes for nil): for planning and statistics.
    func nodeCount(label: String?) throws -> Int
    /// A cheap estimate of the node count (see the extension's default).
    func estimatedNodeCount(label: String?) throws -> Int
    /// Number of relationships.
    func relationshipCount() throws -> Int
    /// Labels, relationship types and property keys in use.
    func catalog() throws -> (labels: [String], types: [String], propertyKeys: [String])
    /// Whether `propertyColumn` answers; plans use column operators only then.
    var supportsPropertyColumns: Bool { get }
    /// Property `key` of every node with `label`, as a column (ascending node id), or nil when
    /// the graph keeps no column for it (then the plan's row-by-row form runs instead).
    func propertyColumn(label: String, key: String) throws -> PropertyColumn?
}

extension GraphReadable {
    /// A cheap estimate of `nodeCount` for planning: exact for small counts, capped for large
    /// ones (only the order of magnitude matters when choosing where to start).
    public func estimatedNodeCount(label: String?) throws -> Int { try nodeCount(label: label) }
    public func property(ofNode id: Int64, key: String) throws -> Value? { try properties(ofNode: id)[key] }
    public func neighbors(ofAll nodes: [Int64], direction: ExpandDirection, types: [String]) throws -> [Int64] {
        var out: [Int64] = []
        for node in nodes { out += try relationships(of: node, direction: direction, types: types).map { $0.far(from: node, direction) } }
        return out
    }
    public func hasLabels(_ node: Int64, _ labels: [String]) throws -> Bool {
        let have = try self.labels(ofNode: node)
        return labels.allSatisfy(have.contains)
    }
    public func degree(of node: Int64, direction: ExpandDirection, types: [String]) throws -> Int {
        try relationships(of: node, direction: direction, types: types).count
    }
    public var supportsPropertyColumns: Bool { false }
    public var prefersBatchedReads: Bool { false }
    public func prefetchRelationships(of nodes: [Int64], direction: ExpandDirection, types: [String]) throws {}
    public func prefetchNodes(_ nodes: [Int64]) throws {}
    public func indexSeekCount(label: String, key: String, value: Value, cap: Int) throws -> Int? {
        try indexSeek(label: label, key: key, value: value).map { min($0.count, cap) }
    }
    public func propertyColumn(label: String, key: String) throws -> PropertyColumn? { nil }
}

/// What the executor needs to write. Every call applies immediately inside the transaction.
public protocol GraphWritable: GraphReadable {
    func createNode(labels: [String], properties: [String: Value]) throws -> Int64
    func createRelationship(type: String, start: Int64, end: Int64, properties: [String: Value]) throws -> RelationshipRef
    /// Replaces all properties of a node (nulls already removed).
    func setProperties(ofNode id: Int64, _ properties: [String: Value]) throws
    func setProperties(ofRelationship id: Int64, _ properties: [String: Value]) throws
    func addLabels(_ labels: [String], toNode id: Int64) throws
    func removeLabels(_ labels: [String], fromNode id: Int64) throws
    /// Deletes a node; its relationships must be deleted first (the executor checks).
    func deleteNode(_ id: Int64) throws
    func deleteRelationship(_ id: Int64) throws
    /// Declares an index on (label, key); existing nodes are indexed at once.
    func createIndex(label: String, key: String) throws
    func dropIndex(label: String, key: String) throws
}

extension RelationshipRef {
    /// The node reached by following this relationship from `node` in `direction`.
    func far(from node: Int64, _ direction: ExpandDirection) -> Int64 {
        switch direction {
        case .incoming: return start
        case .outgoing: return end
        case .both: return other(than: node)
        }
    }
}
