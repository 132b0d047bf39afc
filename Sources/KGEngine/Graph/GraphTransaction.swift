import KGCore
import KGStore

/// One transaction on the graph as the modules above the engine see it: lookups by label, key
/// and id, and the writes the domain services make (alerts, draws, model outputs). Obtained from
/// `KnowledgeGraph.read` or `KnowledgeGraph.write`, valid only inside that call.
public final class GraphTransaction {
    let tx: StoreTransaction

    init(_ tx: StoreTransaction) { self.tx = tx }

    /// The ids of the nodes with a label (all nodes when `label` is nil), in id order.
    public func nodeIDs(label: String?) throws -> [Int64] { try tx.nodeIDs(label: label) }

    /// The nodes of `label` whose `key` equals `value`, through the key index; nil when the key
    /// is not indexed (scan with `nodeIDs` then).
    public func indexSeek(label: String, key: String, value: Value) throws -> [Int64]? {
        try tx.indexSeek(label: label, key: key, value: value)
    }

    /// All properties of a node.
    public func properties(ofNode id: Int64) throws -> [String: Value] { try tx.properties(ofNode: id) }

    /// One property of a node, or nil.
    public func property(ofNode id: Int64, key: String) throws -> Value? { try tx.property(ofNode: id, key: key) }

    /// All properties of a relationship.
    public func properties(ofRelationship id: Int64) throws -> [String: Value] { try tx.properties(ofRelationship: id) }

    /// The relationships of some types, in id order.
    public func allRelationships(types: [String]) throws -> [RelationshipRef] { try tx.allRelationships(types: types) }

    /// Creates a node (validated by the ontology when the graph has one); returns its id.
    public func createNode(labels: [String], properties: [String: Value]) throws -> Int64 {
        try tx.createNode(labels: labels, properties: properties)
    }

    /// Creates a relationship between two existing nodes.
    @discardableResult
    public func createRelationship(type: String, start: Int64, end: Int64, properties: [String: Value]) throws -> RelationshipRef {
        try tx.createRelationship(type: type, start: start, end: end, properties: properties)
    }

    /// The relationships at a node of some types (all types when `types` is empty), outgoing and/or incoming.
    public func relationships(of node: Int64, outgoing: Bool, incoming: Bool, types: [String]) throws -> [RelationshipRef] {
        try tx.relationships(of: node, outgoing: outgoing, incoming: incoming, types: types)
    }

    /// Deletes one relationship.
    public func deleteRelationship(_ id: Int64) throws { try tx.deleteRelationship(id) }

    /// Replaces all properties of a node.
    public func setProperties(ofNode id: Int64, _ properties: [String: Value]) throws {
        try tx.setProperties(ofNode: id, properties)
    }

    /// Merges `updates` into the node's properties (the other properties stay).
    public func mergeProperties(ofNode id: Int64, _ updates: [String: Value]) throws {
        var merged = try tx.properties(ofNode: id)
        for (k, v) in updates { merged[k] = v }
        try tx.setProperties(ofNode: id, merged)
    }
}
