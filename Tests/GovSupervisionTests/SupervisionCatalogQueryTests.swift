import Foundation
import Testing
import KGCore
import KGEngine
import GovBrainTestSupport
@testable import GovSupervision

/// The queries behind `GET /v1/supervision/items|claims` and `POST /v1/supervision/draws` on the
/// hand-made graph of `SupervisionItemsTests`: filters and their refusals, the claims report's
/// totals, the joint pool without enterprises that cannot be visited, and the efficacy report's
/// claim-rate column in spreadsheet-safe CSV.
extension SupervisionItemsTests {
    @Test func itemQueriesFilterByDomainDepartmentAndListAndRefuseUnknownNames() throws {
        let (kg, dir) = try Self.graph()
        defer { try? FileManager.default.removeItem(at: dir) }
        let catalog = try SupervisionItemCatalog(graph: kg)
        #expect(try catalog.items(SupervisionItemsRequest()).count == 6)
        #expect(try catalog.items(SupervisionItemsRequest(domain: "ecology")).map(\.code) == ["JGSX-ecoenv-001", "JGSX-ecoenv-002"])
        #expect(try catalog.items(SupervisionItemsRequest(list: "joint")).map(\.code) == ["JGSX-ecoenv-001", "JGSX-market-001", "JGSX-market-003"])
        #expect(try catalog.items(SupervisionItemsRequest(domain: "market", departmentType: "market", list: "joint")).map(\.code) == ["JGSX-market-001", "JGSX-market-003"])
        #expect(try catalog.items(SupervisionItemsRequest(domain: "ecology", departmentType: "market")).isEmpty)
        #expect(try catalog.items(SupervisionItemsRequest(list: "double_random")).count == 6)
        for (request, words) in [(SupervisionItemsRequest(domain: "police"), "unknown domain 'police'; use one of ecology, market"),
                                 (SupervisionItemsRequest(departmentType: "police"), "department type 'police' has no supervision items"),
                                 (SupervisionItemsRequest(list: "random"), "unknown list 'random'; use double_random or joint")] {
            #expect { try catalog.items(request) } throws: { e in
                let e = e as? any GovBrainError
                return e?.code == .invalidSupervisionRequest && e?.message.contains(words) == true
            }
        }
    }

    @Test func claimsReportTotalsAndRefusals() throws {
        let (kg, dir) = try Self.graph()
        defer { try? FileManager.default.removeItem(at: dir) }
        let catalog = try SupervisionItemCatalog(graph: kg)
        let all = try SupervisionClaimsReport.make(catalog, request: SupervisionClaimsRequest(period: "2024-q4", level: "office"))
        #expect(all.period == "2024-Q4" && all.units == 4 && all.unitsMeetingTarget == 2 && all.target == 0.95 && all.targetId == "PT121")
        #expect(all.offices == 4 && all.items == 12 && all.claimed == 9 && all.claimRate == 0.75)
        #expect(all.rows.first?.key == "ecoenv-450200", "lowest rate first")
        let city = try SupervisionClaimsReport.make(catalog, request: SupervisionClaimsRequest(region: "450100", level: "department"))
        #expect(city.rows.map(\.key) == ["market", "ecoenv"] && city.rows.map(\.claimRate) == [0.875, 1] && city.region == "450100" && city.period == nil)
        for (request, code, words) in [(SupervisionClaimsRequest(level: "county"), ErrorCode.invalidSupervisionRequest, "level \"county\" is not one of office, department, region"),
                                       (SupervisionClaimsRequest(period: "2024Q4"), .invalidSupervisionRequest, "YYYY-Qn"),
                                       (SupervisionClaimsRequest(region: "4501"), .invalidSupervisionRequest, "six-digit adcode"),
                                       (SupervisionClaimsRequest(region: "460000"), .notFound, "no office")] {
            #expect { try SupervisionClaimsReport.make(catalog, request: request) } throws: { e in
                let e = e as? any GovBrainError
                return e?.code == code && e?.message.contains(words) == true
            }
        }
    }

    @Test func jointPoolLeavesOutEnterprisesThatCannotBeVisited() throws {
        let (kg, dir) = try Self.graph()
        defer { try? FileManager.default.removeItem(at: dir) }
        // E1 lost its licence (吊销), E2 was deregistered (注销): only E3 of the three sources' operators is in business.
        _ = try kg.query("MATCH (e:Enterprise {name: '企业1'}) SET e.status = '吊销'") { _, _ in }
        _ = try kg.query("MATCH (e:Enterprise {name: '企业2'}) SET e.status = '注销'") { _, _ in }
        for seed in UInt64(1)...8 {
            let d = try JointInspectionSampler.draw(graph: kg, region: "450100", departments: ["market", "ecology"], n: 1, seed: seed, by: "t")
            #expect(d.population == 1 && d.selected.map(\.uscc) == [Self.uscc[2]] && d.departments == ["market", "ecoenv"])
        }
        #expect { try JointInspectionSampler.draw(graph: kg, region: "450100", departments: ["market", "ecoenv"], n: 2, seed: 1, by: "t") } throws: { e in
            (e as? any GovBrainError)?.message.contains("has 1 enterprises in business") == true
        }
        let recorded = try Self.rows(kg, "MATCH (d:InspectionDraw) RETURN d.drawStatus, d.population, d.size ORDER BY d.drawStatus, d.code")
        #expect(recorded.count == 9 && recorded.last == [.string("refused"), .null, .int(2)] && recorded.first == [.string("drawn"), .int(1), .int(1)])
    }

    @Test func efficacyReportCarriesTheClaimRateInJSONAndSpreadsheetSafeCSV() throws {
        let (folder, path) = try TinyDemo.copyInNewFolder(prefix: "eff-claims")
        defer { try? FileManager.default.removeItem(at: folder) }
        let kg = try KnowledgeGraph.open(path: path)
        // An office whose name a spreadsheet would run as a formula.
        _ = try kg.query("MATCH (o:Office) WHERE o.code STARTS WITH 'market-' WITH o ORDER BY o.code LIMIT 1 SET o.name = '=HYPERLINK(\"http://x\")'") { _, _ in }
        let report = try EfficacyReport.make(graph: kg, request: EfficacyReportRequest(period: "2024-Q4", level: "office", domain: "market"))
        #expect(!report.claimRates.isEmpty && report.claimRates.allSatisfy { $0.key.hasPrefix("market-") })
        let claimed = Dictionary(uniqueKeysWithValues: report.claimRates.map { ($0.key, $0.claimRate) })
        #expect(report.rows.allSatisfy { $0.claimRate != nil && $0.claimRate == claimed[$0.id] })
        let lines = report.csv().split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix(",claim_rate"))
        let row = try #require(report.rows.first)
        #expect(lines[1].hasSuffix("," + String(format: "%.4f", try #require(row.claimRate))))
        // The formula-like name leaves every CSV with a leading apostrophe.
        let quoted = ",\"'=HYPERLINK(\"\"http://x\"\")\","
        #expect(SupervisionClaimRates.csv(report.claimRates).contains(quoted))
        if report.rows.contains(where: { $0.name.hasPrefix("=") }) { #expect(lines.contains { $0.contains(quoted) }) }
        #expect(!lines.contains { $0.contains(",=HYPERLINK") })
        let json = try report.json()
        #expect(json.contains("\"claimRates\":[") && json.contains("\"claimRate\":"))
        // A service's cache keeps the catalogue per graph version: a claim withdrawn shows in the next report.
        let cache = EfficacyCaseCache(), department = EfficacyReportRequest(period: "2024-Q4", level: "department", domain: "market")
        let before = try #require(try EfficacyReport.make(graph: kg, request: department, cache: cache).rows.first?.claimRate)
        #expect(try EfficacyReport.make(graph: kg, request: department, cache: cache).rows.first?.claimRate == before)
        _ = try kg.query("MATCH (o:Office)-[c:CLAIMS]->(:SupervisionItem) WHERE o.code STARTS WITH 'market-' WITH c LIMIT 1 DELETE c") { _, _ in }
        let after = try #require(try EfficacyReport.make(graph: kg, request: department, cache: cache).rows.first?.claimRate)
        #expect(after < before)
        let hotline = try EfficacyReport.make(graph: kg, request: EfficacyReportRequest(period: "2024-Q4", level: "office", domain: "hotline"))
        #expect(hotline.claimRates.isEmpty && hotline.rows.allSatisfy { $0.claimRate == nil })
    }
}
