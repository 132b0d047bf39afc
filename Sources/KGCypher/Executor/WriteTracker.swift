import KGCore

/// Records what a query changed so that the side-effect counters are the observable
/// difference between the graph before and after (as the TCK defines them): entities created
/// and still alive, entities deleted that existed before, property triples added and removed,
/// label names that came into or went out of use.
final class WriteTracker {
    var createdNodes = Set<Int64>()
    var createdRelationships = Set<Int64>()
    var deletedNodes = Set<Int64>()
    var deletedRelationships = Set<Int64>()
    /// Property maps of pre-existing entities before their first change.
    var nodePreImages: [Int64: [String: Value]] = [:]
    var relationshipPreImages: [Int64: [String: Value]] = [:]
    /// Whether each touched label was in use before the query.
    var labelsInUseBefore: [String: Bool] = [:]
    var wrote = false

    /// Call before changing a pre-existing node's properties.
    func willChangeNode(_ id: Int64, graph: GraphReadable) throws {
        wrote = true
        if createdNodes.contains(id) || nodePreImages[id] != nil { return }
        nodePreImages[id] = try graph.properties(ofNode: id)
    }

    func willChangeRelationship(_ id: Int64, graph: GraphReadable) throws {
        wrote = true
        if createdRelationships.contains(id) || relationshipPreImages[id] != nil { return }
        relationshipPreImages[id] = try graph.properties(ofRelationship: id)
    }

    /// Call before a label is added to or removed from any node.
    func willTouchLabel(_ label: String, graph: GraphReadable) throws {
        wrote = true
        if labelsInUseBefore[label] == nil { labelsInUseBefore[label] = try graph.estimatedNodeCount(label: label) > 0 }
    }

    /// The counters, computed against the graph as it is now.
    func statistics(graph: GraphReadable) throws -> QueryStatistics {
        var s = QueryStatistics()
        s.nodesCreated = createdNodes.subtracting(deletedNodes).count
        s.nodesDeleted = deletedNodes.subtracting(createdNodes).count
        s.relationshipsCreated = createdRelationships.subtracting(deletedRelationships).count
        s.relationshipsDeleted = deletedRelationships.subtracting(createdRelationships).count
        func diff(_ before: [String: Value], _ after: [String: Value]) {
            for (k, v) in after {
                if let old = before[k] {
                    if !Self.sameProperty(old, v) { s.propertiesSet += 1; s.propertiesRemoved += 1 }
                } else { s.propertiesSet += 1 }
            }
            for k in before.keys where after[k] == nil { s.propertiesRemoved += 1 }
        }
        for id in createdNodes where !deletedNodes.contains(id) { diff([:], try graph.properties(ofNode: id)) }
        for id in createdRelationships where !deletedRelationships.contains(id) { diff([:], try graph.properties(ofRelationship: id)) }
        for (id, before) in nodePreImages { diff(before, deletedNodes.contains(id) ? [:] : try graph.properties(ofNode: id)) }
        for (id, before) in relationshipPreImages { diff(before, deletedRelationships.contains(id) ? [:] : try graph.properties(ofRelationship: id)) }
        for (label, before) in labelsInUseBefore {
            let after = try graph.estimatedNodeCount(label: label) > 0
            if after && !before { s.labelsAdded += 1 }
            if before && !after { s.labelsRemoved += 1 }
        }
        return s
    }

    /// Property values compare with equality, except that integer 1 differs from float 1.0.
    static func sameProperty(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.int, .double), (.double, .int): return false
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { sameProperty($0, $1) }
        default: return ValueSemantics.equivalent(a, b)
        }
    }
}

/// The side-effect counters of a query (the TCK's eight).
public struct QueryStatistics: Sendable, Equatable {
    public var nodesCreated = 0
    public var nodesDeleted = 0
    public var relationshipsCreated = 0
    public var relationshipsDeleted = 0
    public var propertiesSet = 0
    public var propertiesRemoved = 0
    public var labelsAdded = 0
    public var labelsRemoved = 0

    public init() {}

    /// Whether anything changed.
    public var containsUpdates: Bool { self != QueryStatistics() }
}
