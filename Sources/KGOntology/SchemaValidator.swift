import KGCore

/// Checks nodes and relationships against the ontology before they are written, and brings
/// property values to their declared type where that loses nothing.
///
/// Rules: every label is a class; every relationship type is declared, and its endpoints belong
/// to its domain and range; every property is declared for one of the node's classes (or for the
/// relationship type) and has the declared type (lists item by item); identifier keys pass their
/// standard's check (`uscc`, `idNumber`). Uniqueness of keys is the store's job (it sees the data).
public struct SchemaValidator: Sendable {
    public let schema: GraphSchema

    public init(schema: GraphSchema) { self.schema = schema }

    /// Validates a node and returns its properties converted to the declared types.
    /// - Throws: `OntologyError` naming the ontology term that the node breaks.
    public func validateNode(labels: [String], properties: [String: Value]) throws -> [String: Value] {
        guard !labels.isEmpty else {
            throw OntologyError(code: .unknownLabel, message: "a node needs at least one label from the ontology (classes: \(schema.classes.keys.sorted().joined(separator: ", ")))")
        }
        for l in labels where schema.classes[l] == nil {
            let hint = GraphSchema.suggestion(for: l, among: schema.classes.keys).map { " Did you mean '\($0)'?" } ?? ""
            throw OntologyError(code: .unknownLabel, message: "label '\(l)' is not a class of the ontology.\(hint) Use --schema off to import a free-form graph.")
        }
        let closure = schema.classClosure(of: labels)
        var out = properties
        for (key, value) in properties {
            if value.isNull { out[key] = nil; continue }
            guard let spec = schema.properties[key] else {
                let hint = GraphSchema.suggestion(for: key, among: schema.properties.keys).map { " Did you mean '\($0)'?" } ?? ""
                throw OntologyError(code: .unknownProperty, message: "property '\(key)' is not declared in the ontology.\(hint)")
            }
            guard !closure.isDisjoint(with: spec.domain) else {
                throw OntologyError(code: .unknownProperty, message: "property '\(key)' is not declared for \(labels.joined(separator: ":")) (its domain: \(spec.domain.joined(separator: ", ")))")
            }
            out[key] = try coerce(value, to: spec, owner: labels.joined(separator: ":"))
        }
        if let uscc = out["uscc"]?.stringValue, closure.contains("Enterprise"), let problem = IdentifierValidator.usccProblem(uscc) {
            throw OntologyError(code: .invalidIdentifier, message: "Enterprise.uscc '\(uscc)' is invalid: \(problem)")
        }
        if let id = out["idNumber"]?.stringValue, closure.contains("Person"), let problem = IdentifierValidator.residentIDProblem(id) {
            throw OntologyError(code: .invalidIdentifier, message: "Person.idNumber is invalid: \(problem)")
        }
        return out
    }

    /// Validates a relationship between nodes with the given labels and returns its converted properties.
    /// - Throws: `OntologyError` for an unknown type, an endpoint outside domain or range, or a bad property.
    public func validateRelationship(type: String, startLabels: [String], endLabels: [String],
                                     properties: [String: Value]) throws -> [String: Value] {
        guard let spec = schema.relationshipTypes[type] else {
            let hint = GraphSchema.suggestion(for: type, among: schema.relationshipTypes.keys).map { " Did you mean '\($0)'?" } ?? ""
            throw OntologyError(code: .unknownRelationshipType, message: "relationship type '\(type)' is not declared in the ontology.\(hint)")
        }
        guard !schema.classClosure(of: startLabels).isDisjoint(with: spec.domain) else {
            throw OntologyError(code: .wrongEndpoint, message: "\(type) must start at \(spec.domain.joined(separator: " or ")), not at \(startLabels.joined(separator: ":"))")
        }
        guard !schema.classClosure(of: endLabels).isDisjoint(with: spec.range) else {
            throw OntologyError(code: .wrongEndpoint, message: "\(type) must end at \(spec.range.joined(separator: " or ")), not at \(endLabels.joined(separator: ":"))")
        }
        var out = properties
        for (key, value) in properties {
            if value.isNull { out[key] = nil; continue }
            guard let p = schema.properties[key], p.relationshipTypes.contains(type) else {
                throw OntologyError(code: .unknownProperty, message: "property '\(key)' is not declared for relationship type \(type)")
            }
            out[key] = try coerce(value, to: p, owner: type)
        }
        return out
    }

    func coerce(_ value: Value, to spec: PropertySpec, owner: String) throws -> Value {
        func fail() -> OntologyError {
            OntologyError(code: .wrongPropertyType,
                          message: "\(owner).\(spec.name) must be \(spec.isList ? "a list of " : "")xsd:\(spec.type.xsdName), got \(value.typeName)")
        }
        if spec.isList {
            switch value {
            case .list(let items):
                return .list(try items.map { guard let v = spec.type.coerce($0) else { throw fail() }; return v })
            case .string(let text) where text.hasPrefix("["):
                // GraphML and untyped CSV carry lists as JSON text (what GovBrain's GraphML export writes).
                if let json = try? JSONParser.parse(text), case .array = json, case .list(let items)? = try? Value(propertyJSON: json) {
                    return .list(try items.map { guard let v = spec.type.coerce($0) else { throw fail() }; return v })
                }
                guard let v = spec.type.coerce(value) else { throw fail() }
                return .list([v])
            default:
                // A single value where a list is declared becomes a one-item list.
                guard let v = spec.type.coerce(value) else { throw fail() }
                return .list([v])
            }
        }
        guard let v = spec.type.coerce(value) else { throw fail() }
        return v
    }
}
