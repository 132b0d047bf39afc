/// A relationship as a value: its stable id, type and endpoints. Properties are read from the
/// graph when needed, so a reference stays small and valid across property updates.
public struct RelationshipRef: Sendable, Hashable {
    public let id: Int64
    public let type: String
    public let start: Int64
    public let end: Int64

    public init(id: Int64, type: String, start: Int64, end: Int64) {
        self.id = id; self.type = type; self.start = start; self.end = end
    }

    /// The endpoint that is not `node` (the same node for a self-loop).
    public func other(than node: Int64) -> Int64 { node == start ? end : start }
}

/// A path value: `nodes.count == relationships.count + 1`, in path order.
public struct PathValue: Sendable, Hashable {
    public var nodes: [Int64]
    public var relationships: [RelationshipRef]

    public init(nodes: [Int64], relationships: [RelationshipRef]) {
        self.nodes = nodes; self.relationships = relationships
    }

    /// The number of relationships.
    public var length: Int { relationships.count }
}
