import CLibXML2
import Foundation

/// A thin, read-only view of a libxml2 element for the RDF/XML reader.
struct XMLNode {
    let ptr: xmlNodePtr

    init(_ ptr: xmlNodePtr) { self.ptr = ptr }

    /// Namespace IRI + local name.
    var qualifiedName: String {
        let ns = ptr.pointee.ns?.pointee.href.map { String(cString: $0) } ?? ""
        return ns + String(cString: ptr.pointee.name)
    }

    func `is`(_ namespace: String, _ local: String) -> Bool { qualifiedName == namespace + local }

    var line: Int { Int(xmlGetLineNo(ptr)) }

    var elementChildren: [XMLNode] {
        var out: [XMLNode] = []
        var c = ptr.pointee.children
        while let n = c {
            if n.pointee.type == XML_ELEMENT_NODE { out.append(XMLNode(n)) }
            c = n.pointee.next
        }
        return out
    }

    func attribute(_ namespace: String, _ local: String) -> String? {
        guard let v = xmlGetNsProp(ptr, local, namespace) else { return nil }
        defer { clibxml2_free(v) }
        return String(cString: v)
    }

    var text: String {
        guard let v = xmlNodeGetContent(ptr) else { return "" }
        defer { clibxml2_free(v) }
        return String(cString: v).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var language: String? {
        guard let v = xmlNodeGetLang(ptr) else { return nil }
        defer { clibxml2_free(v) }
        return String(cString: v)
    }

    var base: String {
        guard let v = xmlNodeGetBase(ptr.pointee.doc, ptr) else { return "" }
        defer { clibxml2_free(v) }
        return String(cString: v)
    }

    /// Resolves an IRI reference against the element's xml:base.
    func resolve(_ ref: String) -> String {
        if ref.contains("://") || ref.hasPrefix("urn:") { return ref }
        var b = base
        if let hash = b.firstIndex(of: "#") { b = String(b[..<hash]) }
        if ref.hasPrefix("#") { return b + ref }
        if let slash = b.lastIndex(of: "/") { return String(b[...slash]) + ref }
        return b + ref
    }

    /// The subject of a node element: rdf:about, or rdf:ID as a fragment.
    var subjectIRI: String? {
        if let about = attribute(OWLReader.rdf, "about") { return resolve(about) }
        if let id = attribute(OWLReader.rdf, "ID") { return resolve("#" + id) }
        return nil
    }

    /// The object of a property element given as rdf:resource.
    var resourceIRI: String? { attribute(OWLReader.rdf, "resource").map(resolve) }
}
