import KGCore

/// The id a node was imported with, in its id space (`ID(Enterprise)` → space `Enterprise`).
public struct ExternalID: Sendable, Hashable, CustomStringConvertible {
    public let space: String
    public let id: String
    public init(space: String, id: String) { self.space = space; self.id = id }
    public var description: String { space.isEmpty ? id : "\(space):\(id)" }
}

/// A node as stored: stable id, labels, properties and the external id it was imported with.
public struct StoredNode: Sendable, Hashable {
    public let id: Int64
    public var labels: [String]
    public var properties: [String: Value]
    public var externalID: ExternalID?

    public init(id: Int64, labels: [String], properties: [String: Value], externalID: ExternalID? = nil) {
        self.id = id; self.labels = labels; self.properties = properties; self.externalID = externalID
    }
}

/// A relationship as stored: stable id, one type, start and end node ids, properties.
public struct StoredRelationship: Sendable, Hashable {
    public let id: Int64
    public let type: String
    public let start: Int64
    public let end: Int64
    public var properties: [String: Value]

    public init(id: Int64, type: String, start: Int64, end: Int64, properties: [String: Value]) {
        self.id = id; self.type = type; self.start = start; self.end = end; self.properties = properties
    }
}

/// Whether writes are checked against the ontology.
public enum SchemaMode: String, Sendable {
    /// Every write is validated by the ontology (the default for GovBrain databases).
    case ontology
    /// Free-form research graphs: any label, type and property.
    case off
}
