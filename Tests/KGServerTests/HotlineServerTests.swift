import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import KGCore

/// The hotline routes on a tiny demo database with the project's promoted routing model.
extension ServerTests {
    @Test func routesAComplaint() async throws {
        try await withServer(vectors: true) { base in
            let url = base.appendingPathComponent("v1/hotline/route")
            let (s1, doc) = try await post(url, #"{"text": "我是青秀的，我们小区停水两天了，什么时候恢复供水？"}"#)
            #expect(s1 == 200)
            #expect(doc["intent"] == .string("water_outage"))
            #expect(doc["department"] == .string("watersupply"))
            #expect(doc["adcode"] == .string("450103"))
            #expect(doc["office"]?["id"] == .string("watersupply-450103"))
            #expect(doc["office"]?["name"]?.stringValue?.isEmpty == false)
            let confidence = doc["confidence"]?.doubleValue ?? -1
            #expect(confidence > 0 && confidence <= 1)
            guard case .bool? = doc["needsHuman"] else { Issue.record("needsHuman must be a boolean"); return }
            let alternatives = doc["alternatives"]?.arrayValue ?? []
            #expect(alternatives.count == 3)
            #expect(alternatives.first?["intent"] == .string("water_outage"))
            let cases = doc["similarCases"]?.arrayValue ?? []
            #expect(!cases.isEmpty && cases.count <= 5)
            #expect(cases.allSatisfy { $0["intent"] != nil && $0["office"] != nil && $0["outcome"] != nil })
            // Past cases of the routed intent come first.
            #expect(cases.first?["intent"] == .string("water_outage"))
            #expect(doc["answer"]?["answer"]?.stringValue?.isEmpty == false)
            // The caller's address decides the place; the office falls back up the hierarchy.
            let (_, addressed) = try await post(url, #"{"text": "停水两天了", "address": "南宁市江南区"}"#)
            #expect(addressed["adcode"] == .string("450105"))
            let (_, unplaced) = try await post(url, #"{"text": "药店卖的阿莫西林是假药"}"#)
            #expect(unplaced["adcode"] == .null && unplaced["office"] == .null)
            for bad in [#"{}"#, #"{"text": ""}"#, #"{"text": 5}"#, #"{"text": "x", "address": 3}"#, "[1]", "not json"] {
                let (s, err) = try await post(url, bad)
                #expect(s == 400, "\(bad)")
                #expect(err["error"]?["code"] != nil)
            }
            let (sk, kb) = try await post(base.appendingPathComponent("v1/hotline/knowledge/search"), #"{"text": "低保怎么申请", "k": 3}"#)
            #expect(sk == 200)
            let hits = kb["results"]?.arrayValue ?? []
            #expect(hits.count == 3)
            #expect(hits.first?["intent"] == .string("minimum_living"))
            let (sb, _) = try await post(base.appendingPathComponent("v1/hotline/knowledge/search"), #"{"text": "x", "k": 0}"#)
            #expect(sb == 400)
        }
    }

    @Test func hotlineStatisticsAndHotspots() async throws {
        try await withServer { base in
            let (s1, all, _) = try await get(URL(string: "\(base)/v1/hotline/stats")!)
            #expect(s1 == 200)
            #expect(all["total"] == .int(1500))
            let total = all["byIntent"]?.arrayValue?.reduce(0) { $0 + Int($1["count"]?.doubleValue ?? 0) }
            #expect(total == 1500)
            #expect((all["medianHoursToClose"]?.doubleValue ?? 0) > 0)
            let (s2, nanning, _) = try await get(URL(string: "\(base)/v1/hotline/stats?region=%E5%8D%97%E5%AE%81%E5%B8%82&from=2024-01-01&to=2024-12-31")!)
            #expect(s2 == 200)
            #expect(nanning["filter"]?["region"] == .string("450100"))
            let regional = nanning["total"]?.doubleValue ?? 0
            #expect(regional > 0 && regional < 1500)
            #expect(nanning["byRegion"]?.arrayValue?.allSatisfy { $0["adcode"]?.stringValue?.hasPrefix("4501") == true } == true)
            #expect(nanning["byDay"]?.arrayValue?.allSatisfy { $0["date"]?.stringValue?.hasPrefix("2024") == true } == true)
            for bad in ["region=nowhere", "from=yesterday", "intent=unknown_intent", "colour=red"] {
                let (s, err, _) = try await get(URL(string: "\(base)/v1/hotline/stats?\(bad)")!)
                #expect(s == 400, "\(bad)")
                #expect(err["error"]?["code"] == .string("BadValue"))
            }
            // The generator ends the period with an incident: a burst of one problem in one county.
            let (s3, spots, _) = try await get(URL(string: "\(base)/v1/hotline/hotspots?window=24h")!)
            #expect(s3 == 200)
            let hotspots = spots["hotspots"]?.arrayValue ?? []
            #expect(!hotspots.isEmpty)
            if let top = hotspots.first {
                #expect((top["count"]?.doubleValue ?? 0) >= 12)
                #expect((top["pValue"]?.doubleValue ?? 1) < 1e-3)
                #expect(top["workOrders"]?.arrayValue?.count == Int(top["count"]?.doubleValue ?? 0))
            }
            let (s4, _, _) = try await get(URL(string: "\(base)/v1/hotline/hotspots?window=soon")!)
            #expect(s4 == 400)
        }
    }

    @Test func hotlineRoutesWithoutAModelAnswer503() async throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-models-\(UUID().uuidString)").path
        try await withServer(models: empty) { base in
            let (s, err) = try await post(base.appendingPathComponent("v1/hotline/route"), #"{"text": "停水了"}"#)
            #expect(s == 503)
            #expect(err["error"]?["code"] == .string("ModelUnavailable"))
            let (h, _, _) = try await get(base.appendingPathComponent("healthz"))
            #expect(h == 200)
            let (st, stats, _) = try await get(URL(string: "\(base)/v1/hotline/stats?intent=water_outage")!)
            #expect(st == 200 && (stats["total"]?.doubleValue ?? 0) > 0)
        }
    }
}
