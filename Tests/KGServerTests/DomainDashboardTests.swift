import Foundation
import Testing
import KGCore
import KGEngine
import GovSupervision
@testable import KGServer
import KGAccess

/// The four supervision domains on the dashboard: the domain panel (subjects, risk levels,
/// credit grades, alerts per domain, from the summary's counts), the alert table's domain
/// selector and the efficacy panel's (four domains and the hotline), all in Chinese first.
extension ServerTests {
    @Test func dashboardShowsTheFourDomains() async throws {
        let models = FileManager.default.temporaryDirectory.appendingPathComponent("domdash-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: models) }
        try await withServer { base in
            let (html, script, _) = try await dashboardFiles(base)
            for label in ["四大监管领域 · 风险预警与信用评价", "监管领域", "监管对象", "信用等级（A/B/C/D）", "核实属实率"] {
                #expect(html.contains(label), "index.html lacks \(label)")
            }
            #expect(html.contains("id=\"domainTable\"") && html.contains("id=\"alertDomain\""))
            // Both selectors offer every domain; the efficacy one the hotline too.
            for select in ["alertDomain", "effDomain"] {
                let options = try #require(html.components(separatedBy: "<select id=\"\(select)\"").dropFirst().first?.components(separatedBy: "</select>").first)
                for domain in ["all", "market", "ecology", "emergency", "housing"] { #expect(options.contains("value=\"\(domain)\""), "\(select) lacks \(domain)") }
                #expect(options.contains("value=\"hotline\"") == (select == "effDomain"))
            }
            for (key, zh) in [("domainEcology", "生态环境"), ("domainEmergency", "应急管理"), ("domainHousing", "住房建设"), ("domainMarket", "市场监管")] {
                #expect(script.contains("\(key): \"\(zh)\""))
            }
            #expect(script.contains("subjects: { market: \"企业\", ecology: \"污染源\""))
            // The alert table asks for the chosen domain; the server answers a supervisor with that domain only.
            #expect(script.contains("/v1/risk/alerts?status=new&limit=10${alertDomainQuery()}") && script.contains("\"&domain=\""))

            // The summary's domains once the domains' models ran (the summary is first computed after
            // the writes: it may be a minute stale while the graph changes).
            let server = try #require(Self.server)
            var sites: [String: Int64] = [:]
            for schema in SupervisionDomainSchema.all {
                try server.graph.query("MATCH (s:\(schema.siteLabel)) RETURN count(s)") { row, _ in sites[schema.id] = row[0].intValue }
                _ = try DomainRiskModel.train(graph: server.graph, schema: schema, models: models, command: "test")
                let (version, model) = try DomainRiskModel.load(models: models, schema: schema)
                _ = try DomainRiskAlerts.scoreAndRaise(graph: server.graph, schema: schema, model: model, modelVersion: version)
                _ = try DomainCreditModel.train(graph: server.graph, schema: schema, models: models, command: "test")
                let (_, card) = try DomainCreditModel.load(models: models, schema: schema)
                try DomainCreditModel.grade(graph: server.graph, schema: schema, card: card)
            }
            // The route's summary may be a minute stale (another test of the shared server may have
            // asked for it just before the writes): the figures are checked on a fresh summary of
            // the same graph, the route for its answer and for what the dashboard role may read.
            let (status, served, _) = try await get(base.appendingPathComponent("v1/dashboard/summary"), as: .dashboard)
            #expect(status == 200 && served["domains"]?.arrayValue?.count == 4)
            let document = try DashboardSummary(graph: server.graph).document()
            let after = Dictionary(uniqueKeysWithValues: (document["domains"]?.arrayValue ?? []).compactMap { d in d["domain"]?.stringValue.map { ($0, d) } })
            #expect(after.keys.sorted() == ["ecology", "emergency", "housing", "market"])
            #expect(after["market"]?["subjects"] == .int(1000) && (after["market"]?["creditGrades"]?.objectValue?.count ?? 0) > 0)
            for schema in SupervisionDomainSchema.all {
                let d = try #require(after[schema.id])
                #expect(d["subjects"] == sites[schema.id].map(JSON.int) && (sites[schema.id] ?? 0) > 0)
                let levels = (d["riskLevels"]?.objectValue ?? []).reduce(0) { $0 + Int($1.1.doubleValue ?? 0) }
                let grades = (d["creditGrades"]?.objectValue ?? []).reduce(0) { $0 + Int($1.1.doubleValue ?? 0) }
                #expect(levels > 50 && grades == levels, "\(schema.id): \(d)")
                #expect((d["alerts"]?["new"]?.doubleValue ?? 0) > 0 && d["confirmedShare"] == .null)
                let (s, page, _) = try await get(URL(string: "\(base)/v1/risk/alerts?status=new&limit=1&domain=\(schema.id)")!, as: .supervisor)
                #expect(s == 200 && page["total"]?.doubleValue == d["alerts"]?["new"]?.doubleValue, "\(schema.id)")
            }
            // Counts only: no site, enterprise or person record reaches the dashboard role.
            let text = JSONWriter.string(served) + JSONWriter.string(document)
            #expect(!text.contains("uscc") && !text.contains("PS0") && !text.contains("siteName"))
        }
    }
}
