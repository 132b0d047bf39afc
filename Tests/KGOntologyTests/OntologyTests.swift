import Foundation
import Testing
@testable import KGOntology
import KGCore

/// The repository's ontology file, found from this source file (tests never read ../shared).
let ontologyPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Ontology/govbrain.owl").standardized.path

@Suite struct OntologyTests {
    @Test func readsTheGovBrainOntology() throws {
        let schema = try OWLReader.read(path: ontologyPath)
        for name in ["Region", "Province", "City", "County", "DepartmentType", "Office", "ServiceItem", "Policy", "Enterprise",
                     "Person", "Industry", "WorkOrder", "KnowledgeEntry", "Intent", "Inspection", "Violation", "CreditRecord", "RiskAlert", "Tag"] {
            let c = try #require(schema.classes[name], "class \(name)")
            #expect(!c.labelZh.isEmpty && !c.labelEn.isEmpty && c.labelZh != c.labelEn, "labels of \(name)")
        }
        #expect(schema.classes["County"]?.superclasses == ["Region"])
        #expect(schema.classClosure(of: ["County"]) == ["County", "Region"])
        #expect(schema.classes["Enterprise"]?.keys == ["uscc"])
        #expect(schema.classes["Region"]?.keys == ["adcode"])
        #expect(schema.classes["KnowledgeEntry"]?.keys == ["code"])
        #expect(schema.properties["versions"]?.domain == ["KnowledgeEntry"] && schema.properties["version"]?.type == .integer)
        let located = try #require(schema.relationshipTypes["LOCATED_IN"])
        #expect(located.range == ["Region"])
        #expect(Set(located.domain).isSuperset(of: ["Office", "Enterprise", "WorkOrder"]))
        #expect(schema.properties["regCapital"]?.type == .double)
        #expect(schema.properties["registeredOn"]?.type == .date)
        #expect(schema.properties["aliases"]?.isList == true)
        #expect(schema.properties["ratio"]?.relationshipTypes == ["SHAREHOLDER_OF"])
        #expect(schema.isSensitive("idNumber", labels: ["Person"]))
        #expect(schema.isSensitive("name", labels: ["Person"]))
        #expect(!schema.isSensitive("name", labels: ["Enterprise"]))
    }

    @Test func readsRDFDescriptionsAndReportsBadXMLWithItsLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("owl-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.owl")
        try """
        <?xml version="1.0"?>
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#"
                 xmlns:o="http://www.w3.org/2002/07/owl#" xml:base="http://example.org/t">
          <rdf:Description rdf:about="#A"><rdf:type rdf:resource="http://www.w3.org/2002/07/owl#Class"/>
            <rdfs:label xml:lang="en">A thing</rdfs:label></rdf:Description>
          <o:Class rdf:ID="B"><rdfs:subClassOf rdf:resource="#A"/></o:Class>
          <o:DatatypeProperty rdf:about="http://example.org/t#size">
            <rdfs:domain rdf:resource="#A"/><rdfs:range rdf:resource="http://www.w3.org/2001/XMLSchema#int"/>
          </o:DatatypeProperty>
        </rdf:RDF>
        """.write(to: good, atomically: true, encoding: .utf8)
        let s = try OWLReader.read(path: good.path)
        #expect(s.classes["B"]?.superclasses == ["A"])
        #expect(s.classes["A"]?.labelEn == "A thing")
        #expect(s.properties["size"]?.type == .integer)

        let bad = dir.appendingPathComponent("bad.owl")
        try "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n<a>\n</rdf:RDF>\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        do {
            _ = try OWLReader.read(path: bad.path)
            Issue.record("expected an error")
        } catch let e as OntologyError {
            #expect(e.code == .ontologyInvalid)
            // libxml2 notices the mismatched end tag on line 4 and reports the line it stopped at.
            #expect(e.location?.line == 5 || e.location?.line == 4)
        }
    }

    @Test func validatesWritesAgainstTheOntology() throws {
        let v = SchemaValidator(schema: try OWLReader.read(path: ontologyPath))
        let ok = try v.validateNode(labels: ["Enterprise"], properties: ["uscc": .string("91450100MA5L6XX21P"), "regCapital": .int(500), "registeredOn": .string("2019-05-06")])
        #expect(ok["regCapital"] == .double(500))
        #expect(ok["registeredOn"] == .date(CypherDate(year: 2019, month: 5, day: 6)!))
        #expect { try v.validateNode(labels: ["Enterprize"], properties: [:]) } throws: { ($0 as? OntologyError)?.code == .unknownLabel && "\($0)".contains("Enterprise") }
        #expect { try v.validateNode(labels: ["Enterprise"], properties: ["regCapital": .string("lots")]) } throws: { ($0 as? OntologyError)?.code == .wrongPropertyType }
        #expect { try v.validateNode(labels: ["Enterprise"], properties: ["uscc": .string("91450100MA5L6XX21A")]) } throws: { ($0 as? OntologyError)?.code == .invalidIdentifier }
        #expect { try v.validateNode(labels: ["Region"], properties: ["uscc": .string("x")]) } throws: { ($0 as? OntologyError)?.code == .unknownProperty }
        #expect { try v.validateRelationship(type: "LOCATED_IN", startLabels: ["Region"], endLabels: ["Region"], properties: [:]) } throws: { ($0 as? OntologyError)?.code == .wrongEndpoint }
        #expect { try v.validateRelationship(type: "KNOWS", startLabels: ["Person"], endLabels: ["Person"], properties: [:]) } throws: { ($0 as? OntologyError)?.code == .unknownRelationshipType }
        _ = try v.validateRelationship(type: "LOCATED_IN", startLabels: ["Office"], endLabels: ["County", "Region"], properties: [:])
    }
}
