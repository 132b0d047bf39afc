import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import KGCore
import KGAccess

/// The credit, risk, alert and inspection routes on a tiny demo database, graded and scored at
/// build time by the project's promoted enterprise-credit and enterprise-risk models.
extension ServerTests {
    @Test func scoresCreditAndRisk() async throws {
        try await withServer { base in
            // A market alert: its enterprise was scored red, orange or yellow by the enterprise model (a
            // site's alert names the enterprise operating it, which that model may score green).
            let (_, alerts, _) = try await get(URL(string: "\(base)/v1/risk/alerts?domain=market&limit=1")!)
            let uscc = try #require(alerts["alerts"]?.arrayValue?.first?["uscc"]?.stringValue)
            let (s1, credit) = try await post(base.appendingPathComponent("v1/credit/score"), #"{"uscc": "\#(uscc)"}"#)
            #expect(s1 == 200)
            #expect(["A", "B", "C", "D"].contains(credit["grade"]?.stringValue ?? ""))
            let p = credit["probability"]?.doubleValue ?? -1
            #expect(p > 0 && p < 1)
            #expect(credit["enterprise"]?["uscc"] == .string(uscc))
            #expect(credit["modelVersion"] == .string("v1"))
            let (s2, risk) = try await post(base.appendingPathComponent("v1/risk/score"), #"{"uscc": "\#(uscc)"}"#)
            #expect(s2 == 200)
            let score = risk["score"]?.doubleValue ?? -1
            #expect(score >= 0 && score <= 100)
            #expect(["red", "orange", "yellow"].contains(risk["level"]?.stringValue ?? ""))
            let reasons = risk["reasons"]?.arrayValue ?? []
            #expect(!reasons.isEmpty && reasons.count <= 3)
            #expect(reasons.allSatisfy { $0["factor"]?.stringValue != nil && $0["description"]?.stringValue != nil })
            // Each reason also reads as a sentence, in Chinese ("text") and English ("textEn"); credit's too.
            #expect(reasons.allSatisfy { $0["value"]?.stringValue != nil && $0["text"]?.stringValue?.isEmpty == false && $0["textEn"]?.stringValue?.isEmpty == false })
            #expect((credit["reasons"]?.arrayValue ?? []).allSatisfy { $0["text"]?.stringValue != nil && $0["textEn"]?.stringValue != nil })
            #expect(alerts["alerts"]?.arrayValue?.first?["reasonsEn"]?.arrayValue != nil)
            // By node id, and by a feature object (which must name every column the model uses).
            let nodeID = try #require(risk["enterprise"]?["nodeId"]?.doubleValue)
            let (s3, byID) = try await post(base.appendingPathComponent("v1/risk/score"), #"{"enterpriseId": \#(Int(nodeID))}"#)
            #expect(s3 == 200 && byID["score"] == risk["score"])
            let (s4, missing) = try await post(base.appendingPathComponent("v1/credit/score"), #"{"features": {"scale": "micro"}}"#)
            #expect(s4 == 400)
            #expect(missing["error"]?["message"]?.stringValue?.contains("lacks") == true)
            for (route, bad, status) in [("credit", #"{}"#, 400), ("credit", #"{"uscc": 5}"#, 400), ("risk", #"{"uscc": "NOPE"}"#, 404),
                                         ("risk", #"{"enterpriseId": 999999999}"#, 404), ("risk", "[1]", 400)] {
                let (s, err) = try await post(base.appendingPathComponent("v1/\(route)/score"), bad)
                #expect(s == status, "\(route) \(bad)")
                #expect(err["error"]?["code"] != nil)
            }
        }
    }

    @Test func alertLifecycleAndInspectionDraws() async throws {
        try await withServer { base in
            let (s1, page, _) = try await get(URL(string: "\(base)/v1/risk/alerts?level=red&status=new&domain=market&limit=5")!)
            #expect(s1 == 200)
            let list = page["alerts"]?.arrayValue ?? []
            #expect(!list.isEmpty && list.count <= 5)
            #expect(list.allSatisfy { $0["level"] == .string("red") && $0["status"] == .string("new") })
            #expect((page["total"]?.doubleValue ?? 0) >= Double(list.count))
            let id = try #require(list.first?["id"]?.stringValue)
            let (s2, acked) = try await post(base.appendingPathComponent("v1/risk/alerts/\(id)/ack"), #"{"by": "inspector-07"}"#)
            // Who acted comes from the key; "by" is only a display name beside it.
            #expect(s2 == 200 && acked["status"] == .string("acknowledged"))
            #expect(acked["acknowledgedBy"]?.stringValue?.hasPrefix("inspector-07 [key ") == true, "\(acked)")
            #expect(acked["acknowledgedBy"]?.stringValue?.hasSuffix("(test-admin)]") == true)
            #expect(acked["acknowledgedAt"]?.stringValue != nil)
            let (s3, again) = try await post(base.appendingPathComponent("v1/risk/alerts/\(id)/ack"), #"{"by": "someone"}"#)
            #expect(s3 == 409 && again["error"]?["code"] == .string("Conflict"))
            for (route, body, status) in [("assign", #"{}"#, 400), ("assign", #"{"office": "OF-NOWHERE"}"#, 404), ("assign", #"{"office": 5}"#, 400),
                                          ("resolve", #"{"outcome": "maybe"}"#, 400)] {
                let (s, err) = try await post(base.appendingPathComponent("v1/risk/alerts/\(id)/\(route)"), body)
                #expect(s == status && err["error"]?["code"] != nil, "\(route) \(body)")
            }
            let (s4, resolved) = try await post(base.appendingPathComponent("v1/risk/alerts/\(id)/resolve"), #"{"by": "inspector-07", "note": "rectified", "outcome": "confirmed"}"#)
            #expect(s4 == 200 && resolved["status"] == .string("resolved") && resolved["note"] == .string("rectified") && resolved["outcome"] == .string("confirmed"))
            let (twice, _) = try await post(base.appendingPathComponent("v1/risk/alerts/\(id)/resolve"), #"{"outcome": "false_alarm"}"#)
            #expect(twice == 409)
            let (sf, feedback, _) = try await get(URL(string: "\(base)/v1/risk/alerts/feedback")!)
            // Counted for the alert's domain and model version (the demo has alerts of every domain).
            let version = feedback["versions"]?.arrayValue?.first { $0["domain"] == resolved["domain"] && $0["modelVersion"] == resolved["modelVersion"] }
            #expect(sf == 200 && version?["outcomes"]?["confirmed"] == .int(1), "\(feedback)")
            let (_, done, _) = try await get(URL(string: "\(base)/v1/risk/alerts?status=resolved")!)
            #expect(done["alerts"]?.arrayValue?.map { $0["id"] } == [.string(id)])
            let (s5, _) = try await post(base.appendingPathComponent("v1/risk/alerts/RA-NOPE/ack"), #"{"by": "x"}"#)
            #expect(s5 == 404)
            let (s6, _) = try await post(base.appendingPathComponent("v1/risk/alerts/\(id)/resolve"), #"{"by": 5}"#)
            #expect(s6 == 400)
            for bad in ["level=purple", "status=closed", "region=nanning", "since=yesterday", "limit=0", "colour=red"] {
                let (s, _, _) = try await get(URL(string: "\(base)/v1/risk/alerts?\(bad)")!)
                #expect(s == 400, "\(bad)")
            }
            // A draw is reproducible from its seed and recorded.
            let body = #"{"region": "450100", "n": 5, "seed": 11}"#
            let (s7, first) = try await post(base.appendingPathComponent("v1/risk/inspections/sample"), body)
            #expect(s7 == 200)
            let picks = first["selected"]?.arrayValue ?? []
            #expect(picks.count == 5)
            #expect(picks.allSatisfy { $0["adcode"]?.stringValue?.hasPrefix("4501") == true && $0["inspectors"]?.arrayValue?.count == 2 })
            #expect(picks.allSatisfy { ($0["inspectors"]?.arrayValue ?? []).allSatisfy { $0.stringValue?.hasSuffix("**") == true } })
            let (_, second) = try await post(base.appendingPathComponent("v1/risk/inspections/sample"), body)
            #expect(second["selected"] == first["selected"] && second["id"] != first["id"])
            for bad in [#"{"region": "450100", "n": 0, "seed": 1}"#, #"{"region": "999999", "n": 1, "seed": 1}"#, #"{"n": 1, "seed": 1}"#] {
                let (s, _) = try await post(base.appendingPathComponent("v1/risk/inspections/sample"), bad)
                #expect(s == 400 || s == 404, "\(bad)")
            }
            // The risk-weighted draws (joint draws, with departments, are the demo's history and other tests').
            let (_, audit) = try await post(base.appendingPathComponent("v1/query"),
                                            #"{"query": "MATCH (d:InspectionDraw)-[s:SELECTED]->(:Enterprise) WHERE d.departments IS NULL RETURN count(DISTINCT d) AS draws, count(s) AS picks"}"#)
            #expect(audit["rows"]?.arrayValue?.first == .array([.int(2), .int(10)]))
        }
    }
}

/// `GET /v1/risk/alerts/stream`: Server-Sent Events for the dashboard and supervisors.
extension ServerTests {
    @Test func alertStreamSendsStatusChangesAndNewAlerts() async throws {
        try await withServer { base in
            let port = try #require(base.port)
            let full = try SSEConnection(port: port, path: "/v1/risk/alerts/stream", key: Self.keys[.supervisor])
            let map = try SSEConnection(port: port, path: "/v1/risk/alerts/stream?level=red", key: Self.keys[.dashboard])
            #expect(await full.wait(for: ": connected", seconds: 120), "\(full.text)")
            #expect(full.text.hasPrefix("HTTP/1.1 200") && full.text.lowercased().contains("content-type: text/event-stream"))
            #expect(await map.wait(for: ": connected", seconds: 120))
            try await Task.sleep(for: .milliseconds(1_500))  // the hub's first look learns what exists
            let (_, page, _) = try await get(URL(string: "\(base)/v1/risk/alerts?level=red&status=new&domain=market&limit=1")!)
            let id = try #require(page["alerts"]?.arrayValue?.first?["id"]?.stringValue)
            let (s, _) = try await post(base.appendingPathComponent("v1/risk/alerts/\(id)/ack"), #"{"by": "inspector-07"}"#)
            #expect(s == 200)
            #expect(await full.wait(for: "\(id)\nevent: update", seconds: 120), "\(full.text)")
            #expect(await map.wait(for: "\(id)\nevent: update", seconds: 120), "\(map.text)")
            let fullData = full.text.components(separatedBy: "\n").first { $0.hasPrefix("data: ") && $0.contains(id) } ?? ""
            #expect(fullData.contains("\"status\":\"acknowledged\"") && fullData.contains("\"uscc\""), "\(fullData)")
            // The dashboard's events carry no enterprise, USCC, reasons or who acted.
            let mapData = map.text.components(separatedBy: "\n").first { $0.hasPrefix("data: ") && $0.contains(id) } ?? ""
            #expect(mapData.contains("\"status\":\"acknowledged\"") && !mapData.contains("uscc") && !mapData.contains("reasons") && !mapData.contains("acknowledgedBy"), "\(mapData)")
            // A new alert (written by anyone: here through Cypher) is an `alert` event.
            let (q, created) = try await post(base.appendingPathComponent("v1/query"),
                                              #"{"query": "CREATE (:RiskAlert {code: 'RA-TEST-1', uscc: 'X', adcode: '450102', level: 'yellow', status: 'new', score: 12.5, trigger: 'score', period: '2099H1'})"}"#)
            #expect(q == 200, "\(created)")
            #expect(await full.wait(for: "RA-TEST-1\nevent: alert", seconds: 120), "\(full.text)")
            // The filters are checked; roles without alert access are refused.
            let (bad, _, _) = try await send(URL(string: "\(base)/v1/risk/alerts/stream?level=purple")!, method: "GET", headers: ["Accept": "text/event-stream"])
            #expect(bad == 400)
            // A client that does not read streams gets a 406 at once, not a request that never ends.
            let (plain, refusal, _) = try await get(URL(string: "\(base)/v1/risk/alerts/stream")!)
            #expect(plain == 406 && refusal["error"]?["message"]?.stringValue?.contains("text/event-stream") == true)
            let (forbidden, _, _) = try await get(URL(string: "\(base)/v1/risk/alerts/stream")!, as: .hotline)
            #expect(forbidden == 403)
        }
    }
}
