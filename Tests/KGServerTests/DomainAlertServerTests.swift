import Foundation
import Testing
import KGAccess
import KGCore
import KGEngine
import GovSupervision
@testable import KGServer

/// Alerts of the ecology, emergency-management and housing domains through the server's loop:
/// raised on the tiny demo graph by each domain's risk model, pushed only to the webhooks whose
/// domain filter they pass, listed and fed back per domain, resolved with an outcome; an unknown
/// domain is a 400 on every route that takes one.
extension ServerTests {
    @Test func domainAlertsArePushedByDomainAndFedBack() async throws {
        let housingHook = try WebhookReceiver { _ in 200 }
        let ecologyHook = try WebhookReceiver { _ in 200 }
        let models = FileManager.default.temporaryDirectory.appendingPathComponent("domalert-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: models) }
        try await withServer(configure: { $0.webhookAllowLoopback = true; $0.webhookRetryBaseSeconds = 0.2 }) { base in
            let server = try #require(Self.server)
            let hooks = base.appendingPathComponent("v1/webhooks")
            for (domain, port) in [("housing", housingHook.port), ("ecology", ecologyHook.port)] {
                let (s, made) = try await post(hooks, #"{"url": "http://127.0.0.1:\#(port)/hook", "domain": "\#(domain)", "events": ["alert", "update"]}"#)
                #expect(s == 201 && made["domain"] == .string(domain), "\(made)")
            }
            // The dispatcher learns the alerts that exist before any is new.
            try await Task.sleep(for: .milliseconds(1_500))
            // The tiny demo already holds the alerts the shipped models raised at build time; a
            // domain's total is those plus the ones this test's models create.
            var before: [String: Int] = [:], created: [String: Int] = [:]
            for schema in SupervisionDomainSchema.all {
                let (_, page, _) = try await get(URL(string: "\(base)/v1/risk/alerts?domain=\(schema.id)&limit=1")!)
                before[schema.id] = Int(page["total"]?.doubleValue ?? -1)
            }
            #expect(before.values.allSatisfy { $0 > 0 }, "the demo build raises each domain's alerts with its shipped model: \(before)")
            for schema in SupervisionDomainSchema.all {
                let report = try DomainRiskModel.train(graph: server.graph, schema: schema, models: models, command: "test")
                let (version, model) = try DomainRiskModel.load(models: models, schema: schema)
                #expect(version == report.version)
                let outcome = try DomainRiskAlerts.scoreAndRaise(graph: server.graph, schema: schema, model: model, modelVersion: version)
                #expect(outcome.scored > 50 && outcome.created > 0, "\(schema.id): \(outcome)")
                created[schema.id] = outcome.created
            }
            // Listed per domain, each alert with its site, region and reasons in the domain's words.
            for schema in SupervisionDomainSchema.all {
                let (s, page, _) = try await get(URL(string: "\(base)/v1/risk/alerts?domain=\(schema.id)&limit=1000")!)
                let alerts = page["alerts"]?.arrayValue ?? []
                #expect(s == 200 && page["total"] == .int(Int64((before[schema.id] ?? -1) + (created[schema.id] ?? -1))),
                        "\(schema.id): \(page["total"] ?? .null), \(before[schema.id] ?? -1) before")
                #expect(alerts.allSatisfy { $0["domain"] == .string(schema.id) && $0["site"]?.stringValue?.isEmpty == false
                        && $0["siteName"]?.stringValue?.isEmpty == false && $0["adcode"]?.stringValue?.count == 6 && $0["modelVersion"] == .string("v1") })
                let noun = DomainReasonText.nouns(schema).zh
                #expect(alerts.contains { ($0["reasons"]?.arrayValue ?? []).contains { $0.stringValue?.contains(noun) == true } }, "\(schema.id) reasons")
            }
            let (_, market, _) = try await get(URL(string: "\(base)/v1/risk/alerts?domain=market&limit=1")!)
            #expect(market["alerts"]?.arrayValue?.first?["domain"] == .string("market") && market["alerts"]?.arrayValue?.first?["site"] == .null)
            // Pushed only where the filter lets them.
            let housing = created["housing"] ?? 0, ecology = created["ecology"] ?? 0
            #expect(await housingHook.wait(count: housing, seconds: 60), "\(housingHook.received.count) of \(housing)")
            #expect(await ecologyHook.wait(count: ecology, seconds: 60), "\(ecologyHook.received.count) of \(ecology)")
            try await Task.sleep(for: .milliseconds(1_500))
            for (hook, domain, count) in [(housingHook, "housing", housing), (ecologyHook, "ecology", ecology)] {
                let sent = try hook.received.map { try JSONParser.parse(bytes: $0.body) }
                #expect(sent.count == count && sent.allSatisfy { $0["event"] == .string("alert") && $0["alert"]?["domain"] == .string(domain) },
                        "\(domain): \(sent.count) pushed, \(count) raised")
            }
            // Handled: acknowledged, assigned to a housing office, resolved with an outcome, pushed as updates.
            let (_, page, _) = try await get(URL(string: "\(base)/v1/risk/alerts?domain=housing&limit=2")!)
            let ids = (page["alerts"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            try #require(ids.count == 2)
            let (_, offices) = try await post(base.appendingPathComponent("v1/query"),
                                              #"{"query": "MATCH (o:Office)-[:OF_TYPE]->(:DepartmentType {code: 'housing'}) RETURN o.code LIMIT 1"}"#)
            let office = offices["rows"]?.arrayValue?.first?.arrayValue?.first?.stringValue
            #expect((try await post(base.appendingPathComponent("v1/risk/alerts/\(ids[0])/ack"), "{}")).0 == 200)
            if let office {
                #expect((try await post(base.appendingPathComponent("v1/risk/alerts/\(ids[0])/assign"), #"{"office": "\#(office)"}"#)).0 == 200)
            }
            let (resolved, r) = try await post(base.appendingPathComponent("v1/risk/alerts/\(ids[0])/resolve"), #"{"outcome": "confirmed", "note": "整改到位"}"#)
            #expect(resolved == 200 && r["outcome"] == .string("confirmed") && r["domain"] == .string("housing"))
            let (_, r2) = try await post(base.appendingPathComponent("v1/risk/alerts/\(ids[1])/resolve"), #"{"outcome": "false_alarm"}"#)
            #expect(r2["status"] == .string("resolved"))
            #expect((try await post(base.appendingPathComponent("v1/risk/alerts/\(ids[0])/resolve"), #"{"outcome": "confirmed"}"#)).0 == 409)
            // The stream sees each alert's latest status once a second: at least one update per resolved alert.
            #expect(await housingHook.wait(count: housing + 2, seconds: 60), "updates pushed: \(housingHook.received.count)")
            var resolvedPushed = false
            for _ in 0..<120 {
                let updates = try housingHook.received.map { try JSONParser.parse(bytes: $0.body) }.filter { $0["event"] == .string("update") }
                resolvedPushed = updates.contains { $0["alert"]?["id"] == .string(ids[0]) && $0["alert"]?["outcome"] == .string("confirmed") }
                if resolvedPushed { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(resolvedPushed, "the resolution with its outcome is pushed")
            // Counted in the feedback of its domain and model version only.
            let (fs, feedback, _) = try await get(URL(string: "\(base)/v1/risk/alerts/feedback?domain=housing")!)
            let versions = feedback["versions"]?.arrayValue ?? []
            #expect(fs == 200 && versions.count == 1, "\(feedback)")
            let v = try #require(versions.first)
            #expect(v["domain"] == .string("housing") && v["modelVersion"] == .string("v1") && v["alerts"] == .int(Int64(housing + (before["housing"] ?? 0))))
            #expect(v["resolved"] == .int(2) && v["outcomes"]?["confirmed"] == .int(1) && v["outcomes"]?["false_alarm"] == .int(1))
            #expect(v["confirmedShare"]?.doubleValue == 0.5 && v["hoursToResolve"]?["count"] == .int(2) && v["hoursToAcknowledge"]?["count"] == .int(1))
            let (_, all, _) = try await get(URL(string: "\(base)/v1/risk/alerts/feedback")!)
            let domains = (all["versions"]?.arrayValue ?? []).compactMap { $0["domain"]?.stringValue }
            #expect(Set(domains) == ["market", "ecology", "emergency", "housing"] && domains.first == "market", "\(domains)")
            let ecologyFeedback = (all["versions"]?.arrayValue ?? []).first { $0["domain"] == .string("ecology") }
            #expect(ecologyFeedback?["resolved"] == .int(0))
            // An unknown domain is a 400 that names the four, on every route that takes one.
            for url in ["v1/risk/alerts?domain=forestry", "v1/risk/alerts/feedback?domain=forestry", "v1/risk/alerts/stream?domain=forestry"] {
                let (s, err, _) = try await get(URL(string: "\(base)/\(url)")!)
                let message = err["error"]?["message"]?.stringValue ?? ""
                #expect(s == 400 && message.contains("unknown supervision domain") && message.contains("ecology, emergency, housing"), "\(url): \(s) \(message)")
            }
            let (bad, err) = try await post(hooks, #"{"url": "http://127.0.0.1:\#(housingHook.port)/", "domain": "Housing"}"#)
            #expect(bad == 400 && err["error"]?["message"]?.stringValue?.contains("unknown supervision domain") == true, "\(err)")
        }
    }

    /// The alert stream's domain filter: each stream gets its domain's alerts only, and a dashboard
    /// key's frame says the domain (without the site or enterprise).
    @Test func alertStreamsFilterByDomain() async throws {
        try await withServer { base in
            let port = try #require(base.port)
            let housing = try SSEConnection(port: port, path: "/v1/risk/alerts/stream?domain=housing", key: Self.keys[.dashboard])
            let ecology = try SSEConnection(port: port, path: "/v1/risk/alerts/stream?domain=ecology&level=red", key: Self.keys[.supervisor])
            #expect(await housing.wait(for: ": connected", seconds: 120))
            #expect(await ecology.wait(for: ": connected", seconds: 120))
            // The hub's first look learns what exists; a heartbeat (after 15 looks) says it has looked,
            // however slow the machine (each look waits for the blocking pool, which the other
            // suites' servers share: 15 looks took over 120 s in a loaded CI run).
            #expect(await housing.wait(for: ": heartbeat", seconds: 300), "\(housing.text)")
            let (q, created) = try await post(base.appendingPathComponent("v1/query"), """
                {"query": "CREATE (:RiskAlert {code: 'RA-TEST-H', domain: 'housing', site: 'CP0000001', uscc: 'X', adcode: '450102', level: 'red', status: 'new', score: 70.5, trigger: 'score', period: '2099H1'}), (:RiskAlert {code: 'RA-TEST-E', domain: 'ecology', site: 'PS0000001', uscc: 'X', adcode: '450102', level: 'red', status: 'new', score: 71.5, trigger: 'score', period: '2099H1'}), (:RiskAlert {code: 'RA-TEST-M', uscc: 'X', adcode: '450102', level: 'red', status: 'new', score: 72.5, trigger: 'score', period: '2099H1'})"}
                """)
            #expect(q == 200, "\(created)")
            #expect(await housing.wait(for: "RA-TEST-H\nevent: alert", seconds: 120), "\(housing.text)")
            #expect(await ecology.wait(for: "RA-TEST-E\nevent: alert", seconds: 120), "\(ecology.text)")
            try await Task.sleep(for: .milliseconds(2_500))
            #expect(!housing.text.contains("RA-TEST-E") && !housing.text.contains("RA-TEST-M"), "\(housing.text)")
            #expect(!ecology.text.contains("RA-TEST-H") && !ecology.text.contains("RA-TEST-M"), "\(ecology.text)")
            let frame = housing.text.components(separatedBy: "\n").first { $0.hasPrefix("data: ") && $0.contains("RA-TEST-H") } ?? ""
            #expect(frame.contains("\"domain\":\"housing\"") && !frame.contains("CP0000001") && !frame.contains("uscc"), "\(frame)")
            let full = ecology.text.components(separatedBy: "\n").first { $0.hasPrefix("data: ") && $0.contains("RA-TEST-E") } ?? ""
            #expect(full.contains("\"domain\":\"ecology\"") && full.contains("\"site\":\"PS0000001\""), "\(full)")
        }
    }
}
