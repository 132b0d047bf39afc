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
