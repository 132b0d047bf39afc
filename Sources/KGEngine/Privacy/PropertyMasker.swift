import KGCore
import KGOntology

/// Masks the properties the ontology classes sensitive (`gb:sensitive`, `gb:sensitiveOn`) on a
/// node with given labels, for every role but admin.
public struct PropertyMasker: Sendable {
    public let schema: GraphSchema
    /// Property names that are sensitive on some class: the only ones worth a label check.
    public let candidateKeys: Set<String>

    public init(schema: GraphSchema) {
        self.schema = schema
        candidateKeys = Set(schema.sensitiveProperties.values.flatMap { $0 })
    }

    /// Whether `key` is sensitive on a node with `labels`.
    public func isSensitive(_ key: String, labels: [String]) -> Bool {
        candidateKeys.contains(key) && schema.isSensitive(key, labels: labels)
    }

    /// One property, masked when sensitive.
    public func mask(_ value: Value, key: String, labels: [String]) -> Value {
        isSensitive(key, labels: labels) ? SensitiveMask.mask(value, key: key) : value
    }

    /// All properties of a node, with the sensitive ones masked.
    public func mask(_ properties: [String: Value], labels: [String]) -> [String: Value] {
        guard properties.keys.contains(where: candidateKeys.contains) else { return properties }
        var out = properties
        for (k, v) in properties where isSensitive(k, labels: labels) { out[k] = SensitiveMask.mask(v, key: k) }
        return out
    }

    /// Relationship properties: sensitive when declared sensitive outright.
    public func maskRelationship(_ properties: [String: Value]) -> [String: Value] {
        guard properties.keys.contains(where: candidateKeys.contains) else { return properties }
        var out = properties
        for (k, v) in properties where schema.properties[k]?.sensitive == true { out[k] = SensitiveMask.mask(v, key: k) }
        return out
    }
}
