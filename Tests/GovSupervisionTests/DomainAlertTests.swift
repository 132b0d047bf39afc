import Foundation
import Testing
import KGCore
import KGDatagen
import KGEngine
import KGML
@testable import GovSupervision

/// Risk alerts of the ecology, emergency-management and housing domains on a generated graph:
/// raised by each domain's risk model for its sites (`ALERT_FOR` the site, the site's region and
/// enterprise), never duplicated by scoring again, kept once handled, filtered by domain, counted
/// per domain and model version in the feedback, and left out of the market model's outcome labels.
@Suite(.serialized) struct DomainAlertTests {
    /// A tiny generated graph (100 sites per domain) with each domain's risk model trained.
    static let fixture: Result<(graph: KnowledgeGraph, models: String), any Error> = Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("domalerts-\(UUID().uuidString)").path
        let catalog = try ReferenceCatalog.load(folder: (try ResourceLocator.datasetsPath() as NSString).appendingPathComponent("reference"))
        let report = try DatasetGenerator(configuration: .init(scale: .tiny, seed: 3, outputFolder: folder), reference: catalog).run()
        let kg = try KnowledgeGraph.open(path: folder + "/g.sqlite", options: .init(createIfMissing: true, schemaModeForNew: .ontology))
        _ = try kg.importFiles((report.nodeFiles + report.relationshipFiles).map { folder + "/" + $0 }, options: ImportOptions())
        for schema in SupervisionDomainSchema.all {
            _ = try DomainRiskModel.train(graph: kg, schema: schema, models: folder + "/models", command: "test")
            _ = try DomainCreditModel.train(graph: kg, schema: schema, models: folder + "/models", command: "test")
        }
        return (kg, folder + "/models")
    }

    @Test(arguments: ["ecology", "emergency", "housing"])
    func eachDomainRaisesItsAlertsOnce(domain: String) throws {
        let (kg, models) = try Self.fixture.get()
        let schema = try #require(SupervisionDomainSchema.named(domain))
        let (version, model) = try DomainRiskModel.load(models: models, schema: schema)
        let first = try DomainRiskAlerts.scoreAndRaise(graph: kg, schema: schema, model: model, modelVersion: version)
        let flagged = first.levels.filter { $0.level != "green" }.reduce(0) { $0 + $1.count }
        #expect(first.scored >= 50 && first.created > 0 && first.created <= first.scored && first.created >= flagged, "\(first)")
        // Every alert is for one of the domain's sites, with its region and enterprise.
        var linked = 0
        try kg.query("MATCH (a:RiskAlert {domain: '\(domain)'})-[:ALERT_FOR]->(s:\(schema.siteLabel)) WHERE a.site = s.code RETURN count(a)") { row, _ in
            if case .int(let n) = row[0] { linked = Int(n) }
        }
        #expect(linked == first.created)
        let (total, alerts) = try RiskAlertBook.list(graph: kg, filter: RiskAlertBook.Filter(domain: domain), limit: 1_000)
        #expect(total == first.created && alerts.allSatisfy { $0.domain == domain && $0.site != nil && $0.siteName?.isEmpty == false })
        #expect(alerts.allSatisfy { $0.adcode.count == 6 && $0.uscc.count == 18 && !$0.reasons.isEmpty && $0.modelVersion == version })
        #expect(alerts.allSatisfy { a in a.reasons.allSatisfy { !$0.contains("企业）") } }, "sites are compared with sites, not enterprises")
        // Scored sites carry their score; a second pass updates, never duplicates; a handled alert is kept.
        var scored = 0
        try kg.query("MATCH (s:\(schema.siteLabel)) WHERE s.riskLevel IS NOT NULL RETURN count(s)") { row, _ in
            if case .int(let n) = row[0] { scored = Int(n) }
        }
        #expect(scored == first.scored)
        let handled = try #require(alerts.first)
        _ = try RiskAlertBook.transition(graph: kg, code: handled.code, action: .acknowledge, by: "tester", note: nil)
        _ = try RiskAlertBook.transition(graph: kg, code: handled.code, action: .resolve(outcome: "confirmed"), by: "tester", note: "整改")
        let second = try DomainRiskAlerts.scoreAndRaise(graph: kg, schema: schema, model: model, modelVersion: version)
        #expect(second.created == 0 && second.kept == 1 && second.updated == first.created - 1, "\(second)")
        #expect(try RiskAlertBook.list(graph: kg, filter: RiskAlertBook.Filter(domain: domain)).total == first.created)
        // The feedback of the domain counts the resolution under its own model version.
        let feedback = try RiskAlertFeedback.measure(graph: kg, domain: domain)
        #expect(feedback.versions.count == 1)
        let v = try #require(feedback.versions.first)
        #expect(v.domain == domain && v.modelVersion == version && v.alerts == first.created && v.resolved == 1 && v.confirmedShare == 1)
        // Graded too, with the domain's credit card.
        let (_, card) = try DomainCreditModel.load(models: models, schema: schema)
        let grades = try DomainCreditModel.grade(graph: kg, schema: schema, card: card)
        #expect(grades.reduce(0) { $0 + $1.count } == first.scored && grades.allSatisfy { ["A", "B", "C", "D"].contains($0.grade) })
    }

    @Test func unknownDomainsAreRefusedAndMarketLabelsIgnoreSites() throws {
        for bad in ["forestry", "Market", "", "ecology "] {
            #expect { try RiskAlertQuery.filter(region: nil, level: nil, status: nil, since: nil, domain: bad) } throws: {
                "\($0)".contains("unknown supervision domain") && "\($0)".contains("market, ecology, emergency, housing")
            }
        }
        #expect(try RiskAlertQuery.filter(region: nil, level: nil, status: nil, since: nil, domain: "housing").domain == "housing")
        // A confirmed site alert is no label of the market risk model.
        let (kg, _) = try Self.fixture.get()
        let records = try EnterpriseRecords(graph: kg)
        let outcomes = try EnterpriseRiskModel.AlertOutcomes.read(graph: kg, records: records)
        #expect(outcomes.rows.isEmpty && outcomes.skipped == 0, "\(outcomes.rows.count) rows, \(outcomes.skipped) skipped")
    }

    @Test func reasonsSpeakTheDomainsWords() {
        let housing = DomainReasonText.make(factor: "logSize", value: "8.0", schema: .housing, population: nil)
        #expect(housing.zh.hasPrefix("合同金额 2980") && housing.zh.contains("万元"), "\(housing.zh)")
        let key = DomainReasonText.make(factor: "keyUnit", value: "1", schema: .emergency, population: nil)
        #expect(key.zh == "构成重大危险源" && key.en.contains("major hazard"))
        let permit = DomainReasonText.make(factor: "permitExpired", value: "1", schema: .ecology, population: nil)
        #expect(permit.zh == "排污许可证已过期")
        #expect(DomainReasonText.make(factor: "problems12m", value: "", schema: .ecology, population: nil).zh == "近12个月监测超标：无数据")
    }
}
