import KGCore
import KGOntology

/// Renders the ontology for `govbrain schema` (text for people, JSON for programs).
public enum SchemaPrinter {
    /// The schema as JSON: classes, relationshipTypes, properties, each sorted by name.
    public static func json(_ schema: GraphSchema) -> JSON {
        let classes = schema.classes.values.sorted { $0.name < $1.name }.map { c -> JSON in
            .object([("name", .string(c.name)), ("labelZh", .string(c.labelZh)), ("labelEn", .string(c.labelEn)),
                     ("superclasses", .array(c.superclasses.map(JSON.string))), ("keys", .array(c.keys.map(JSON.string))),
                     ("properties", .array(schema.properties.values.filter { !schema.classClosure(of: [c.name]).isDisjoint(with: $0.domain) }
                        .map(\.name).sorted().map(JSON.string)))])
        }
        let rels = schema.relationshipTypes.values.sorted { $0.name < $1.name }.map { r -> JSON in
            .object([("name", .string(r.name)), ("labelZh", .string(r.labelZh)), ("labelEn", .string(r.labelEn)),
                     ("domain", .array(r.domain.map(JSON.string))), ("range", .array(r.range.map(JSON.string)))])
        }
        let props = schema.properties.values.sorted { $0.name < $1.name }.map { p -> JSON in
            .object([("name", .string(p.name)), ("labelZh", .string(p.labelZh)), ("labelEn", .string(p.labelEn)),
                     ("type", .string(p.type.xsdName)), ("list", .bool(p.isList)),
                     ("domain", .array(p.domain.map(JSON.string))), ("relationshipTypes", .array(p.relationshipTypes.map(JSON.string))),
                     ("sensitive", .bool(p.sensitive)), ("sensitiveOn", .array(p.sensitiveOn.map(JSON.string)))])
        }
        return .object([("iri", .string(schema.iri)), ("version", .string(schema.version)),
                        ("classes", .array(classes)), ("relationshipTypes", .array(rels)), ("properties", .array(props))])
    }

    /// The schema as text.
    public static func text(_ schema: GraphSchema) -> String {
        var out = "Ontology \(schema.iri) \(schema.version)\n\nClasses:\n"
        for c in schema.classes.values.sorted(by: { $0.name < $1.name }) {
            var line = "  \(c.name) (\(c.labelZh) / \(c.labelEn))"
            if !c.superclasses.isEmpty { line += " ⊂ \(c.superclasses.joined(separator: ", "))" }
            if !c.keys.isEmpty { line += "  key: \(c.keys.joined(separator: ", "))" }
            out += line + "\n"
        }
        out += "\nRelationship types:\n"
        for r in schema.relationshipTypes.values.sorted(by: { $0.name < $1.name }) {
            out += "  (:\(r.domain.joined(separator: "|")))-[:\(r.name)]->(:\(r.range.joined(separator: "|")))  \(r.labelZh) / \(r.labelEn)\n"
        }
        out += "\nProperties:\n"
        for p in schema.properties.values.sorted(by: { $0.name < $1.name }) {
            let on = (p.domain + p.relationshipTypes.map { "[:\($0)]" }).joined(separator: ", ")
            var line = "  \(p.name): \(p.isList ? "LIST<\(p.type.xsdName)>" : p.type.xsdName) on \(on)  \(p.labelZh) / \(p.labelEn)"
            if p.sensitive { line += "  [sensitive]" } else if !p.sensitiveOn.isEmpty { line += "  [sensitive on \(p.sensitiveOn.joined(separator: ", "))]" }
            out += line + "\n"
        }
        return out
    }
}
