import CLibXML2
import Foundation
import KGCore

/// Reads an OWL 2 ontology in RDF/XML with libxml2 into a `GraphSchema`.
///
/// This is an RDF/XML reading by namespace, not by prefix or text: typed node elements
/// (`owl:Class`) and `rdf:Description` with `rdf:type` both work, descriptions of one resource
/// spread over several elements are merged, IRIs are resolved against `xml:base`, entities
/// (`&xsd;`) are expanded, and `rdf:parseType="Collection"` lists are read for `owl:hasKey`
/// and `owl:unionOf`. GovBrain's own annotations are in the ontology namespace:
/// `listValued`, `sensitive`, `sensitiveOn`, `onRelationship`.
public enum OWLReader {
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let rdfs = "http://www.w3.org/2000/01/rdf-schema#"
    static let owl = "http://www.w3.org/2002/07/owl#"
    static let xsd = "http://www.w3.org/2001/XMLSchema#"

    /// Reads the ontology file at `path`.
    /// - Throws: `OntologyError` with libxml2's line for XML that is not well-formed, or naming
    ///   the term that is incomplete (a property without a range, an undeclared class…).
    public static func read(path: String) throws -> GraphSchema {
        // libxml2's error state and initialisation are process-global: one document at a time.
        libxml2Lock.lock()
        defer { libxml2Lock.unlock() }
        xmlInitParser()
        return try readLocked(path: path)
    }

    /// Serialises libxml2 DOM parsing across threads (tests and servers read ontologies concurrently).
    static let libxml2Lock = NSLock()

    private static func readLocked(path: String) throws -> GraphSchema {
        let options = Int32(XML_PARSE_NOENT.rawValue | XML_PARSE_NONET.rawValue
                            | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        xmlResetLastError()
        guard let doc = xmlReadFile(path, nil, options) else {
            if let err = xmlGetLastError() {
                let msg = err.pointee.message.map { String(cString: $0) }?
                    .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unreadable"
                throw OntologyError(code: .ontologyInvalid, message: "ontology is not well-formed XML: \(msg)",
                                    location: SourceLocation(file: path, line: Int(err.pointee.line), column: Int(err.pointee.int2)))
            }
            throw OntologyError(code: .ontologyInvalid, message: "cannot read ontology file \(path)")
        }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc), XMLNode(root).is(rdf, "RDF") else {
            throw OntologyError(code: .ontologyInvalid, message: "\(path): the root element must be rdf:RDF")
        }
        var resources: [String: RDFResource] = [:]
        var order: [String] = []
        for element in XMLNode(root).elementChildren {
            let r = try describe(element, path: path)
            if resources[r.iri] == nil { order.append(r.iri) }
            resources[r.iri, default: RDFResource(iri: r.iri)].merge(r)
        }
        return try buildSchema(resources: resources, order: order, path: path)
    }

    /// Reads one node element (`owl:Class rdf:about=…` or `rdf:Description`) into a resource.
    static func describe(_ element: XMLNode, path: String) throws -> RDFResource {
        guard let iri = element.subjectIRI else {
            throw OntologyError(code: .ontologyInvalid, message: "a top-level description has no rdf:about or rdf:ID",
                                location: SourceLocation(file: path, line: element.line, column: 1))
        }
        var r = RDFResource(iri: iri)
        r.line = element.line
        if !element.is(rdf, "Description") { r.types.insert(element.qualifiedName) }
        for p in element.elementChildren {
            let name = p.qualifiedName
            if name == rdf + "type", let t = p.resourceIRI { r.types.insert(t); continue }
            if p.attribute(rdf, "parseType") == "Collection" {
                r.collections[name, default: []].append(p.elementChildren.compactMap(\.subjectIRI))
                continue
            }
            if let target = p.resourceIRI {
                r.links[name, default: []].append(target)
                continue
            }
            let nested = p.elementChildren
            if let inner = nested.first {
                // An anonymous class: owl:unionOf a collection, or a named reference.
                if let union = inner.elementChildren.first(where: { $0.is(owl, "unionOf") }) {
                    r.links[name, default: []].append(contentsOf: union.elementChildren.compactMap(\.subjectIRI))
                } else if let named = inner.subjectIRI {
                    r.links[name, default: []].append(named)
                }
                continue
            }
            r.literals[name, default: []].append((p.text, p.language))
        }
        return r
    }

    static func localName(_ iri: String) -> String {
        if let i = iri.lastIndex(where: { $0 == "#" || $0 == "/" }) { return String(iri[iri.index(after: i)...]) }
        return iri
    }

    static func buildSchema(resources: [String: RDFResource], order: [String], path: String) throws -> GraphSchema {
        var classes: [OntologyClass] = []
        var rels: [RelationshipTypeSpec] = []
        var props: [PropertySpec] = []
        var iri = "", version = ""
        func label(_ r: RDFResource, _ lang: String) -> String {
            let all = r.literals[rdfs + "label"] ?? []
            return all.first { $0.1 == lang }?.0 ?? all.first?.0 ?? localName(r.iri)
        }
        func flag(_ r: RDFResource, _ name: String) -> Bool {
            (r.literals.first { localName($0.key) == name }?.value.first?.0 ?? "") == "true"
        }
        func links(_ r: RDFResource, _ name: String) -> [String] {
            r.links.filter { localName($0.key) == name && !$0.key.hasPrefix(rdfs) && !$0.key.hasPrefix(owl) }
                .flatMap(\.value).map(localName)
        }
        for key in order {
            let r = resources[key]!
            let loc = SourceLocation(file: path, line: r.line, column: 1)
            let comment = (r.literals[rdfs + "comment"] ?? []).first { $0.1 == "en" || $0.1 == nil }?.0
            if r.types.contains(owl + "Ontology") {
                iri = r.iri
                version = r.literals[owl + "versionInfo"]?.first?.0 ?? ""
            } else if r.types.contains(owl + "Class") {
                classes.append(OntologyClass(
                    name: localName(r.iri), labelZh: label(r, "zh"), labelEn: label(r, "en"),
                    superclasses: (r.links[rdfs + "subClassOf"] ?? []).map(localName),
                    keys: (r.collections[owl + "hasKey"] ?? []).flatMap { $0 }.map(localName),
                    comment: comment))
            } else if r.types.contains(owl + "ObjectProperty") {
                let domain = (r.links[rdfs + "domain"] ?? []).map(localName)
                let range = (r.links[rdfs + "range"] ?? []).map(localName)
                guard !domain.isEmpty, !range.isEmpty else {
                    throw OntologyError(code: .ontologyInvalid,
                                        message: "relationship type \(localName(r.iri)) needs an rdfs:domain and an rdfs:range", location: loc)
                }
                rels.append(RelationshipTypeSpec(name: localName(r.iri), labelZh: label(r, "zh"), labelEn: label(r, "en"),
                                                 domain: domain, range: range, comment: comment))
            } else if r.types.contains(owl + "DatatypeProperty") {
                guard let rangeIRI = r.links[rdfs + "range"]?.first else {
                    throw OntologyError(code: .ontologyInvalid, message: "property \(localName(r.iri)) has no rdfs:range", location: loc)
                }
                guard rangeIRI.hasPrefix(xsd), let type = PropertyType(xsdLocalName: localName(rangeIRI)) else {
                    throw OntologyError(code: .ontologyInvalid,
                                        message: "property \(localName(r.iri)) has range \(rangeIRI); use an XSD datatype (xsd:string, xsd:integer, xsd:double, xsd:boolean, xsd:date, xsd:dateTime)", location: loc)
                }
                let domain = (r.links[rdfs + "domain"] ?? []).map(localName)
                let onRels = links(r, "onRelationship")
                guard !domain.isEmpty || !onRels.isEmpty else {
                    throw OntologyError(code: .ontologyInvalid,
                                        message: "property \(localName(r.iri)) has neither an rdfs:domain nor gb:onRelationship", location: loc)
                }
                props.append(PropertySpec(name: localName(r.iri), labelZh: label(r, "zh"), labelEn: label(r, "en"),
                                          type: type, isList: flag(r, "listValued"), domain: domain,
                                          relationshipTypes: onRels, sensitive: flag(r, "sensitive"),
                                          sensitiveOn: links(r, "sensitiveOn")))
            }
        }
        guard !classes.isEmpty else {
            throw OntologyError(code: .ontologyInvalid, message: "\(path) declares no owl:Class")
        }
        return try GraphSchema(iri: iri, version: version, classes: classes, relationshipTypes: rels, properties: props)
    }
}

/// Everything said about one RDF resource, gathered from every element that describes it.
struct RDFResource {
    let iri: String
    var line = 0
    var types: Set<String> = []
    var links: [String: [String]] = [:]
    var literals: [String: [(String, String?)]] = [:]
    var collections: [String: [[String]]] = [:]

    init(iri: String) { self.iri = iri }

    mutating func merge(_ other: RDFResource) {
        if line == 0 { line = other.line }
        types.formUnion(other.types)
        links.merge(other.links) { $0 + $1 }
        literals.merge(other.literals) { $0 + $1 }
        collections.merge(other.collections) { $0 + $1 }
    }
}
