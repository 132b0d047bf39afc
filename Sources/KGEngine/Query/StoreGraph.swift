import KGCore
import KGCypher
import KGStore

/// The store, seen by the Cypher executor: one `StoreTransaction` behind `GraphWritable`.
///
/// With a masker (every role but admin), sensitive properties are masked where they are read,
/// so nodes, paths, maps, property access and comparisons all see the masked value, and an
/// index never answers a look-up by a sensitive value (that would reveal it).
final class StoreGraph: GraphWritable {
    let tx: StoreTransaction
    let masker: PropertyMasker?

    init(_ tx: StoreTransaction, masker: PropertyMasker? = nil) { self.tx = tx; self.masker = masker }

    func nodeIDs(label: String?) throws -> [Int64] { try tx.nodeIDs(label: label) }
    func indexSeek(label: String, key: String, value: Value) throws -> [Int64]? {
        if let masker, masker.candidateKeys.contains(key) { return nil }
        return try tx.indexSeek(label: label, key: key, value: value)
    }
    func indexSeekCount(label: String, key: String, value: Value, cap: Int) throws -> Int? {
        if let masker, masker.candidateKeys.contains(key) { return nil }
        return try tx.indexSeekCount(label: label, key: key, value: value, cap: cap)
    }
    func hasIndex(label: String, key: String) throws -> Bool { try tx.hasIndex(label: label, key: key) }
    func indexes() throws -> [(label: String, key: String)] { try tx.indexes() }
    func createIndex(label: String, key: String) throws { try tx.createIndex(label: label, key: key) }
    func dropIndex(label: String, key: String) throws { try tx.dropIndex(label: label, key: key) }
    func nodeExists(_ id: Int64) throws -> Bool { try tx.nodeExists(id) }
    func labels(ofNode id: Int64) throws -> [String] { try tx.labels(ofNode: id) }
    func hasLabels(_ node: Int64, _ labels: [String]) throws -> Bool { try tx.hasLabels(node, labels) }
    func properties(ofNode id: Int64) throws -> [String: Value] {
        let properties = try tx.properties(ofNode: id)
        // Labels are read only for a node that has a property sensitive on some class.
        guard let masker, properties.keys.contains(where: masker.candidateKeys.contains) else { return properties }
        return masker.mask(properties, labels: try tx.labels(ofNode: id))
    }
    func property(ofNode id: Int64, key: String) throws -> Value? {
        guard let value = try tx.property(ofNode: id, key: key) else { return nil }
        guard let masker, masker.candidateKeys.contains(key) else { return value }
        return masker.mask(value, key: key, labels: try tx.labels(ofNode: id))
    }
    func relationships(of node: Int64, direction: ExpandDirection, types: [String]) throws -> [RelationshipRef] {
        try tx.relationships(of: node, outgoing: direction != .incoming, incoming: direction != .outgoing, types: types)
    }
    func degree(of node: Int64, direction: ExpandDirection, types: [String]) throws -> Int {
        try tx.degree(of: node, outgoing: direction != .incoming, incoming: direction != .outgoing, types: types)
    }
    func neighbors(ofAll nodes: [Int64], direction: ExpandDirection, types: [String]) throws -> [Int64] {
        try tx.neighbors(ofAll: nodes, outgoing: direction != .incoming, incoming: direction != .outgoing, types: types)
    }
    func allRelationships(types: [String]) throws -> [RelationshipRef] { try tx.allRelationships(types: types) }
    var prefersBatchedReads: Bool { tx.prefersBatchedReads }
    /// The unmasked values are cached in the transaction; `properties(ofNode:)` masks them as it reads.
    func prefetchNodes(_ nodes: [Int64]) throws { try tx.prefetchNodes(nodes) }
    func prefetchRelationships(of nodes: [Int64], direction: ExpandDirection, types: [String]) throws {
        try tx.prefetchAdjacency(of: nodes, outgoing: direction != .incoming, incoming: direction != .outgoing, types: types)
    }
    func relationshipExists(_ id: Int64) throws -> Bool { try tx.relationshipExists(id) }
    func properties(ofRelationship id: Int64) throws -> [String: Value] {
        let properties = try tx.properties(ofRelationship: id)
        return masker?.maskRelationship(properties) ?? properties
    }
    var supportsPropertyColumns: Bool { true }
    func propertyColumn(label: String, key: String) throws -> PropertyColumn? {
        // A masked key is read node by node, where the masker sees each node's labels.
        if let masker, masker.candidateKeys.contains(key) { return nil }
        return try tx.propertyColumn(label: label, key: key)
    }
    func nodeCount(label: String?) throws -> Int { try tx.nodeCount(label: label) }
    func estimatedNodeCount(label: String?) throws -> Int { try tx.nodeCount(label: label, cap: 2_000) }
    func relationshipCount() throws -> Int { try tx.relationshipCount() }
    func catalog() throws -> (labels: [String], types: [String], propertyKeys: [String]) { try tx.catalog() }

    func createNode(labels: [String], properties: [String: Value]) throws -> Int64 { try tx.createNode(labels: labels, properties: properties) }
    func createRelationship(type: String, start: Int64, end: Int64, properties: [String: Value]) throws -> RelationshipRef {
        try tx.createRelationship(type: type, start: start, end: end, properties: properties)
    }
    func setProperties(ofNode id: Int64, _ properties: [String: Value]) throws { try tx.setProperties(ofNode: id, properties) }
    func setProperties(ofRelationship id: Int64, _ properties: [String: Value]) throws { try tx.setProperties(ofRelationship: id, properties) }
    func addLabels(_ labels: [String], toNode id: Int64) throws { try tx.addLabels(labels, toNode: id) }
    func removeLabels(_ labels: [String], fromNode id: Int64) throws { try tx.removeLabels(labels, fromNode: id) }
    func deleteNode(_ id: Int64) throws { try tx.deleteNode(id) }
    func deleteRelationship(_ id: Int64) throws { try tx.deleteRelationship(id) }
}
