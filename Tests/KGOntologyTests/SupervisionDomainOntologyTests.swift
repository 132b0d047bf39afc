import Foundation
import Testing
@testable import KGOntology
import KGCore

/// The ecology, emergency-management and housing domains in the ontology: their classes, keys,
/// typed properties and relationship endpoints, checked the way an import checks a write.
@Suite struct SupervisionDomainOntologyTests {
    static let domains: [(site: String, problem: String, inspection: String, size: String)] = [
        ("PollutionSource", "MonitoringExceedance", "EnvironmentalInspection", "annualEmission"),
        ("WorkSafetySite", "HiddenDanger", "SafetyInspection", "employees"),
        ("ConstructionProject", "QualitySafetyIncident", "ConstructionInspection", "contractValue"),
    ]

    @Test func eachDomainHasItsClassesKeysAndRelationships() throws {
        let schema = try OWLReader.read(path: ontologyPath)
        for d in Self.domains {
            for name in [d.site, d.problem, d.inspection] {
                let c = try #require(schema.classes[name], "class \(name)")
                #expect(c.keys == ["code"] && !c.labelZh.isEmpty && !c.labelEn.isEmpty && c.labelZh != c.labelEn, "\(name)")
            }
            #expect(try #require(schema.relationshipTypes["INSPECTED"]).domain.contains(d.inspection))
            #expect(try #require(schema.relationshipTypes["INSPECTED"]).range.contains(d.site))
            #expect(try #require(schema.relationshipTypes["CONDUCTED_BY"]).domain.contains(d.inspection))
            #expect(try #require(schema.relationshipTypes["LOCATED_IN"]).domain.contains(d.site))
            #expect(try #require(schema.relationshipTypes["SUPERVISED_BY"]).domain.contains(d.site))
            #expect(try #require(schema.relationshipTypes["FOUND_ISSUE"]).range.contains(d.problem))
            #expect(try #require(schema.relationshipTypes["ISSUE_AT"]).range.contains(d.site))
        }
        #expect(schema.relationshipTypes["HOLDS_PERMIT"]?.range == ["EmissionPermit"])
        #expect(schema.relationshipTypes["CONTRACTED_BY"]?.range == ["Enterprise"])
        #expect(schema.properties["rectifiedOn"]?.type == .date && schema.properties["rectificationDeadline"]?.type == .date)
        #expect(schema.properties["keyUnit"]?.type == .boolean && schema.properties["exceedanceMultiple"]?.type == .double)
        #expect(schema.properties["employees"]?.type == .integer && schema.properties["contractValue"]?.type == .double)
    }

    @Test func writesOfTheDomainsAreValidatedAndTyped() throws {
        let v = SchemaValidator(schema: try OWLReader.read(path: ontologyPath))
        for d in Self.domains {
            let site = try v.validateNode(labels: [d.site], properties: ["code": .string("S1"), "name": .string("某某"), "category": .string("废水"),
                                                                         "keyUnit": .string("true"), d.size: .int(120), "startedOn": .string("2020-03-01")])
            #expect(site["keyUnit"] == .bool(true) && site["startedOn"] == .date(CypherDate(year: 2020, month: 3, day: 1)!))
            let problem = try v.validateNode(labels: [d.problem], properties: ["code": .string("P1"), "date": .string("2024-05-02"), "severity": .string("一般"),
                                                                               "rectificationDeadline": .string("2024-06-01"), "rectifiedOn": .string("2024-05-20")])
            #expect(problem["rectifiedOn"] == .date(CypherDate(year: 2024, month: 5, day: 20)!))
            _ = try v.validateNode(labels: [d.inspection], properties: ["code": .string("I1"), "date": .string("2024-05-02"), "kind": .string("双随机抽查"), "result": .string("未发现问题")])
            _ = try v.validateRelationship(type: "INSPECTED", startLabels: [d.inspection], endLabels: [d.site], properties: [:])
            _ = try v.validateRelationship(type: "CONDUCTED_BY", startLabels: [d.inspection], endLabels: ["Office"], properties: [:])
            _ = try v.validateRelationship(type: "FOUND_ISSUE", startLabels: [d.inspection], endLabels: [d.problem], properties: [:])
            _ = try v.validateRelationship(type: "ISSUE_AT", startLabels: [d.problem], endLabels: [d.site], properties: [:])
            _ = try v.validateRelationship(type: "LOCATED_IN", startLabels: [d.site], endLabels: ["County", "Region"], properties: [:])
            // A market inspection finds violations, not a domain's problems; a problem is not at an enterprise.
            #expect { try v.validateRelationship(type: "FOUND_ISSUE", startLabels: ["Inspection"], endLabels: [d.problem], properties: [:]) } throws: {
                ($0 as? OntologyError)?.code == .wrongEndpoint
            }
            #expect { try v.validateRelationship(type: "ISSUE_AT", startLabels: [d.problem], endLabels: ["Enterprise"], properties: [:]) } throws: {
                ($0 as? OntologyError)?.code == .wrongEndpoint
            }
            #expect { try v.validateNode(labels: [d.problem], properties: ["rectifiedOn": .string("soon")]) } throws: { ($0 as? OntologyError)?.code == .wrongPropertyType }
            #expect { try v.validateNode(labels: [d.site], properties: ["uscc": .string("x")]) } throws: { ($0 as? OntologyError)?.code == .unknownProperty }
        }
        _ = try v.validateRelationship(type: "HOLDS_PERMIT", startLabels: ["PollutionSource"], endLabels: ["EmissionPermit"], properties: [:])
        #expect { try v.validateRelationship(type: "HOLDS_PERMIT", startLabels: ["WorkSafetySite"], endLabels: ["EmissionPermit"], properties: [:]) } throws: {
            ($0 as? OntologyError)?.code == .wrongEndpoint
        }
        _ = try v.validateRelationship(type: "CONTRACTED_BY", startLabels: ["ConstructionProject"], endLabels: ["Enterprise"], properties: [:])
        _ = try v.validateRelationship(type: "OPERATED_BY", startLabels: ["WorkSafetySite"], endLabels: ["Enterprise"], properties: [:])
    }
}
