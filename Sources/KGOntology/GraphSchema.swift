import KGCore

/// The immutable schema of the knowledge graph, read from the ontology.
///
/// It answers what the store's validator and the query engine ask: is this a known label, which
/// classes does a label imply, may this property appear on this class and with what type, which
/// keys are unique, which properties are personal data.
public struct GraphSchema: Sendable {
    /// The ontology IRI and version.
    public let iri: String
    public let version: String
    /// Classes, relationship types and properties by name.
    public let classes: [String: OntologyClass]
    public let relationshipTypes: [String: RelationshipTypeSpec]
    public let properties: [String: PropertySpec]
    /// Each class with all its superclasses (itself included).
    private let ancestors: [String: Set<String>]

    /// Builds a schema and checks that every referenced term is declared.
    /// - Throws: `OntologyError` naming the undeclared term.
    public init(iri: String, version: String, classes: [OntologyClass],
                relationshipTypes: [RelationshipTypeSpec], properties: [PropertySpec]) throws {
        self.iri = iri
        self.version = version
        self.classes = Dictionary(classes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.relationshipTypes = Dictionary(relationshipTypes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.properties = Dictionary(properties.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let known = self.classes
        func check(_ name: String, _ context: String) throws {
            guard known[name] != nil else {
                throw OntologyError(code: .ontologyInvalid, message: "\(context) refers to undeclared class '\(name)'")
            }
        }
        for c in classes {
            for s in c.superclasses { try check(s, "class \(c.name)") }
            for k in c.keys where self.properties[k] == nil {
                throw OntologyError(code: .ontologyInvalid, message: "key of class \(c.name) refers to undeclared property '\(k)'")
            }
        }
        for r in relationshipTypes { for c in r.domain + r.range { try check(c, "relationship type \(r.name)") } }
        for p in properties {
            for c in p.domain + p.sensitiveOn { try check(c, "property \(p.name)") }
            for r in p.relationshipTypes where self.relationshipTypes[r] == nil {
                throw OntologyError(code: .ontologyInvalid, message: "property \(p.name) refers to undeclared relationship type '\(r)'")
            }
        }
        var anc: [String: Set<String>] = [:]
        func closure(_ name: String, _ seen: Set<String>) -> Set<String> {
            if let done = anc[name] { return done }
            var result: Set<String> = [name]
            for s in known[name]?.superclasses ?? [] where !seen.contains(s) {
                result.formUnion(closure(s, seen.union([name])))
            }
            anc[name] = result
            return result
        }
        for c in classes { _ = closure(c.name, []) }
        self.ancestors = anc
    }

    /// The classes a node with these labels belongs to: the labels and all their superclasses.
    public func classClosure(of labels: some Sequence<String>) -> Set<String> {
        var out = Set<String>()
        for l in labels { out.formUnion(ancestors[l] ?? [l]) }
        return out
    }

    /// Keys that apply to a node with these labels: (declaring class, key property).
    public func keys(for labels: some Sequence<String>) -> [(className: String, property: String)] {
        classClosure(of: labels).sorted().flatMap { c in (classes[c]?.keys ?? []).map { (c, $0) } }
    }

    /// Whether a property is personal data on a node with these labels.
    public func isSensitive(_ property: String, labels: some Sequence<String>) -> Bool {
        guard let p = properties[property] else { return false }
        if p.sensitive { return true }
        return !p.sensitiveOn.isEmpty && !classClosure(of: labels).isDisjoint(with: p.sensitiveOn)
    }

    /// Every sensitive (class, property) pair, for masking and documentation.
    public var sensitiveProperties: [String: [String]] {
        var out: [String: [String]] = [:]
        for p in properties.values {
            let on = p.sensitive ? p.domain : p.sensitiveOn
            for c in on { out[c, default: []].append(p.name) }
        }
        return out.mapValues { $0.sorted() }
    }

    /// The known name closest to `name` by edit distance, for "did you mean" hints.
    public static func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
        let lower = name.lowercased()
        var best: (String, Int)?
        for c in candidates {
            let d = editDistance(lower, c.lowercased())
            if d <= max(2, name.count / 3), best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }
}
