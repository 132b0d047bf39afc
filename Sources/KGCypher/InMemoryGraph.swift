import KGCore

/// A property graph held in memory: the reference implementation of `GraphWritable` that the
/// differential tests run the same queries on (and a scratch graph for tools).
///
/// `run(_:)` makes a query atomic: the state is restored when the body throws.
public final class InMemoryGraph: GraphWritable {
    struct Node { var labels: Set<String>; var properties: [String: Value] }
    struct Relationship { var ref: RelationshipRef; var properties: [String: Value] }

    private var nodes: [Int64: Node] = [:]
    private var relationships: [Int64: Relationship] = [:]
    private var outgoing: [Int64: [Int64]] = [:]
    private var incoming: [Int64: [Int64]] = [:]
    private var nextNode: Int64 = 0
    private var nextRel: Int64 = 0

    public init() {}

    /// Runs `body` atomically: on error every change it made is undone.
    public func run<T>(_ body: (InMemoryGraph) throws -> T) throws -> T {
        let saved = (nodes, relationships, outgoing, incoming, nextNode, nextRel)
        do { return try body(self) } catch {
            (nodes, relationships, outgoing, incoming, nextNode, nextRel) = saved
            throw error
        }
    }

    public func nodeIDs(label: String?) throws -> [Int64] {
        nodes.compactMap { id, n in label.map { n.labels.contains($0) } ?? true ? id : nil }.sorted()
    }

    private var declaredIndexes = Set<String>()

    public func indexSeek(label: String, key: String, value: Value) throws -> [Int64]? {
        guard declaredIndexes.contains(label + "\u{0}" + key) else { return nil }
        return nodes.compactMap { id, n in
            n.labels.contains(label) && ValueSemantics.equals(n.properties[key] ?? .null, value) == true ? id : nil
        }.sorted()
    }

    public func hasIndex(label: String, key: String) throws -> Bool { declaredIndexes.contains(label + "\u{0}" + key) }

    public func indexes() throws -> [(label: String, key: String)] {
        declaredIndexes.sorted().map { s in
            let parts = s.split(separator: "\u{0}", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
    }

    public func createIndex(label: String, key: String) throws { declaredIndexes.insert(label + "\u{0}" + key) }

    public func dropIndex(label: String, key: String) throws { declaredIndexes.remove(label + "\u{0}" + key) }

    public func nodeExists(_ id: Int64) throws -> Bool { nodes[id] != nil }

    public func labels(ofNode id: Int64) throws -> [String] { (nodes[id]?.labels).map { Array($0).sorted() } ?? [] }

    public func properties(ofNode id: Int64) throws -> [String: Value] { nodes[id]?.properties ?? [:] }

    public var supportsPropertyColumns: Bool { true }

    public func propertyColumn(label: String, key: String) throws -> PropertyColumn? {
        let ids = try nodeIDs(label: label)
        return PropertyColumn(ids: ids, values: ids.map { nodes[$0]?.properties[key] })
    }

    public func relationships(of node: Int64, direction: ExpandDirection, types: [String]) throws -> [RelationshipRef] {
        var ids: [Int64] = []
        if direction != .incoming { ids += outgoing[node] ?? [] }
        if direction != .outgoing {
            for id in incoming[node] ?? [] {
                if direction == .both, let r = relationships[id], r.ref.start == node { continue }
                ids.append(id)
            }
        }
        return ids.compactMap { relationships[$0]?.ref }.filter { types.isEmpty || types.contains($0.type) }
    }

    public func allRelationships(types: [String]) throws -> [RelationshipRef] {
        relationships.keys.sorted().compactMap { relationships[$0]?.ref }.filter { types.isEmpty || types.contains($0.type) }
    }

    public func relationshipExists(_ id: Int64) throws -> Bool { relationships[id] != nil }

    public func properties(ofRelationship id: Int64) throws -> [String: Value] { relationships[id]?.properties ?? [:] }

    public func nodeCount(label: String?) throws -> Int {
        guard let label else { return nodes.count }
        return nodes.values.filter { $0.labels.contains(label) }.count
    }

    public func relationshipCount() throws -> Int { relationships.count }

    public func catalog() throws -> (labels: [String], types: [String], propertyKeys: [String]) {
        let labels = Set(nodes.values.flatMap(\.labels))
        let types = Set(relationships.values.map(\.ref.type))
        let keys = Set(nodes.values.flatMap(\.properties.keys)).union(relationships.values.flatMap(\.properties.keys))
        return (labels.sorted(), types.sorted(), keys.sorted())
    }

    public func createNode(labels: [String], properties: [String: Value]) throws -> Int64 {
        let id = nextNode
        nextNode += 1
        nodes[id] = Node(labels: Set(labels), properties: properties)
        return id
    }

    public func createRelationship(type: String, start: Int64, end: Int64, properties: [String: Value]) throws -> RelationshipRef {
        let id = nextRel
        nextRel += 1
        let ref = RelationshipRef(id: id, type: type, start: start, end: end)
        relationships[id] = Relationship(ref: ref, properties: properties)
        outgoing[start, default: []].append(id)
        incoming[end, default: []].append(id)
        return ref
    }

    public func setProperties(ofNode id: Int64, _ properties: [String: Value]) throws { nodes[id]?.properties = properties }

    public func setProperties(ofRelationship id: Int64, _ properties: [String: Value]) throws { relationships[id]?.properties = properties }

    public func addLabels(_ labels: [String], toNode id: Int64) throws { nodes[id]?.labels.formUnion(labels) }

    public func removeLabels(_ labels: [String], fromNode id: Int64) throws { nodes[id]?.labels.subtract(labels) }

    public func deleteNode(_ id: Int64) throws { nodes[id] = nil }

    public func deleteRelationship(_ id: Int64) throws {
        guard let r = relationships.removeValue(forKey: id) else { return }
        outgoing[r.ref.start]?.removeAll { $0 == id }
        incoming[r.ref.end]?.removeAll { $0 == id }
    }
}
