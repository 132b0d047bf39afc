/// A class of the ontology, used as a node label (`Enterprise`, `County`).
public struct OntologyClass: Sendable, Hashable {
    /// The local name, which is the node label.
    public let name: String
    /// Chinese and English labels.
    public let labelZh: String, labelEn: String
    /// Direct superclasses (`County` → `Region`).
    public let superclasses: [String]
    /// Key properties (owl:hasKey): unique among the nodes of this class and its subclasses.
    public let keys: [String]
    /// The rdfs:comment in English, if any.
    public let comment: String?
}

/// A relationship type of the ontology (an object property with domain and range).
public struct RelationshipTypeSpec: Sendable, Hashable {
    /// The local name, which is the relationship type (`LOCATED_IN`).
    public let name: String
    public let labelZh: String, labelEn: String
    /// Classes allowed at the start (any of them).
    public let domain: [String]
    /// Classes allowed at the end (any of them).
    public let range: [String]
    public let comment: String?
}

/// A datatype property: its type, the classes and relationship types it may appear on, and
/// whether it holds personal data.
public struct PropertySpec: Sendable, Hashable {
    /// The property key (lowerCamelCase).
    public let name: String
    public let labelZh: String, labelEn: String
    /// The value type (for list-valued properties, the type of each item).
    public let type: PropertyType
    /// Whether values are lists of `type`.
    public let isList: Bool
    /// Classes whose nodes may carry the property.
    public let domain: [String]
    /// Relationship types that may carry the property.
    public let relationshipTypes: [String]
    /// Sensitive on every class (`true`) …
    public let sensitive: Bool
    /// … or only on these classes (a person's `name`, not an enterprise's).
    public let sensitiveOn: [String]
}
