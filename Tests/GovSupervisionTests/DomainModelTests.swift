import Foundation
import Testing
import KGCore
import KGEngine
import KGML
@testable import GovSupervision

/// The risk and credit models of the ecology, emergency-management and housing domains, trained
/// on the generated graph of `DomainEfficacyTests`: each ranks its held-out sites well above the
/// base rate (AUC 0.5) and within 0.05 of plain logistic regression on the same rows (the
/// generator's law is itself logistic in these signs, so plain regression is near its best); the cards
/// name the domain; a graph without the domain's sites is refused with a clear message.
@Suite(.serialized) struct DomainModelTests {
    @Test(arguments: ["ecology", "emergency", "housing"])
    func riskAndCreditModelsOfEachDomainBeatTheBaseRate(domain: String) throws {
        let (kg, folder) = try DomainEfficacyTests.generated.get()
        let schema = try #require(SupervisionDomainSchema.named(domain))
        let models = folder + "/models-\(domain)"
        let risk = try DomainRiskModel.train(graph: kg, schema: schema, models: models, command: "test")
        let m = risk.metrics
        let auc = try #require(m["testAUC"]?.doubleValue), baseline = try #require(m["baselineTestAUC"]?.doubleValue)
        #expect(risk.version == "v1" && risk.promoted && m["domain"] == .string(domain))
        #expect(auc > 0.6 && auc >= baseline - 0.05, "\(domain) risk: test AUC \(auc), plain logistic regression \(baseline)")
        let card = try String(contentsOfFile: risk.directory + "/MODEL.md", encoding: .utf8)
        #expect(card.contains(domain) && card.contains(schema.siteLabel))
        #expect(FileManager.default.fileExists(atPath: models + "/\(domain)-risk/v1/\(RiskModel.artifact)"))

        let credit = try DomainCreditModel.train(graph: kg, schema: schema, models: models, command: "test")
        let c = credit.metrics
        let creditAUC = try #require(c["testAUC"]?.doubleValue)
        let rate = try #require(c["baseRate"]?.doubleValue)
        #expect(rate > 0 && rate < 0.5 && creditAUC > 0.6, "\(domain) credit: test AUC \(creditAUC), base rate \(rate)")
        if let plain = c["baseline"]?["testAUC"]?.doubleValue { #expect(creditAUC >= plain - 0.03, "\(domain) credit: \(creditAUC) vs plain \(plain)") }
        #expect(try String(contentsOfFile: credit.directory + "/MODEL.md", encoding: .utf8).contains(schema.nameZh))
    }

    @Test func aGraphWithoutTheDomainsSitesIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dommodel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let kg = try KnowledgeGraph.open(path: dir.appendingPathComponent("g.sqlite").path, options: .init(createIfMissing: true, schemaModeForNew: .off))
        try kg.query("CREATE (:PollutionSource {code: 'PS1'})") { _, _ in }
        #expect { try DomainRiskModel.train(graph: kg, schema: .ecology, models: dir.path, command: "test") } throws: {
            "\($0)".contains("1 PollutionSource") && "\($0)".contains("at least 50")
        }
        #expect { try DomainCreditModel.train(graph: kg, schema: .housing, models: dir.path, command: "test") } throws: {
            "\($0)".contains("0 ConstructionProject")
        }
    }
}
