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
