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
