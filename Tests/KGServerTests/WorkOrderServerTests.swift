import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import KGCore
import KGAccess

/// The work-order routes on a tiny demo database with the project's promoted models: the contract
/// shapes, the statuses (201, 404, 409, 403) and idempotent events.
extension ServerTests {
    @Test func workOrdersOverHTTP() async throws {
        try await withServer { base in
            let orders = base.appendingPathComponent("v1/hotline/workorders")
            let (created, order) = try await post(orders, #"{"text": "我是青秀区的，我们小区停水两天了，什么时候恢复供水？", "channel": "phone", "callerPhone": "13812345678"}"#, as: .hotline)
            #expect(created == 201, "\(order)")
            let id = try #require(order["id"]?.stringValue)
            #expect(order["routing"]?["intent"] == .string("water_outage"))
            #expect(order["urgencySource"] == .string("model") && order["deadline"]?.stringValue != nil)
            #expect(order["events"]?.arrayValue?.first?["type"] == .string("create"))
            #expect(!JSONWriter.string(order).contains("13812345678"))
            let one = orders.appendingPathComponent(id)
            let (s1, read, _) = try await get(one, as: .dashboard)
            #expect(s1 == 200 && read["id"] == .string(id))
            let (s2, page, _) = try await get(URL(string: "\(orders)?region=450100&limit=5")!, as: .analyst)
            #expect(s2 == 200 && (page["orders"]?.arrayValue ?? []).contains { $0["id"] == .string(id) })
            // An address and a number in the text: whole for the hotline, hidden from dashboards and analysts.
            let (_, withAddress) = try await post(orders, #"{"text": "青秀区停水了，回电13912345678", "address": "南宁市青秀区民族大道100号3栋", "callerPhone": "13912345678"}"#, as: .hotline)
            let privateID = try #require(withAddress["id"]?.stringValue)
            #expect(withAddress["address"] == .string("南宁市青秀区民族大道100号3栋"))
            let (_, hotlineRead, _) = try await get(orders.appendingPathComponent(privateID), as: .hotline)
            #expect(hotlineRead["address"] == .string("南宁市青秀区民族大道100号3栋"))
            let (_, dashboardRead, _) = try await get(orders.appendingPathComponent(privateID), as: .dashboard)
            let (_, analystPage, _) = try await get(URL(string: "\(orders)?limit=1000")!, as: .analyst)
            for shown in [dashboardRead] + (analystPage["orders"]?.arrayValue ?? []).filter({ $0["id"] == .string(privateID) }) {
                #expect(shown["address"] == .string("***") && !JSONWriter.string(shown).contains("13912345678") && !JSONWriter.string(shown).contains("民族大道"))
            }
            let events = one.appendingPathComponent("events")
            if order["status"] == .string("pending_review") {
                let (sd, _) = try await post(events, #"{"type": "dispatch", "by": "agent"}"#, as: .hotline)
                #expect(sd == 200)
            }
            // Closing before a reply: 409 naming what is allowed.
            let (sc, refusal) = try await post(events, #"{"type": "close", "by": "agent"}"#, as: .hotline)
            #expect(sc == 409 && refusal["error"]?["message"]?.stringValue?.contains("allowed: sign") == true)
            // A dashboard key reads but does not move; only supervisors escalate.
            let (sr, _) = try await post(events, #"{"type": "sign", "by": "x"}"#, as: .dashboard)
            #expect(sr == 403)
            let (ss, _) = try await post(events, #"{"type": "supervise", "by": "x"}"#, as: .hotline)
            #expect(ss == 403)
            let (sv, supervised) = try await post(events, #"{"type": "supervise", "by": "chief", "note": "call back 13812345678"}"#, as: .supervisor)
            #expect(sv == 200 && !JSONWriter.string(supervised).contains("13812345678"))
            // The same event twice with one Idempotency-Key is applied once.
            let body = Data(#"{"type": "sign", "by": "office"}"#.utf8)
            let (k1, first, _) = try await send(events, method: "POST", body: body, as: .hotline, headers: ["Idempotency-Key": "sign-1"])
            let (k2, second, _) = try await send(events, method: "POST", body: body, as: .hotline, headers: ["Idempotency-Key": "sign-1"])
            #expect(k1 == 200 && k2 == 200 && first["events"]?.arrayValue?.count == second["events"]?.arrayValue?.count)
            let (k3, _, _) = try await send(events, method: "POST", body: body, as: .hotline, headers: ["Idempotency-Key": "sign-2"])
            #expect(k3 == 409)
            for (url, bad) in [(orders, #"{"text": "停水", "channel": "fax"}"#), (orders, #"{"text": "停水", "receivedAt": "soon"}"#),
                               (orders, #"{"text": "停水", "receivedAt": "2001-01-01T00:00:00+08:00"}"#),
                               (events, #"{"type": "reply", "by": "x", "at": "2001-01-01T00:00:00+08:00"}"#),
                               (events, #"{"type": "fly", "by": "x"}"#), (events, #"{"type": "reply"}"#)] {
                let (s, err) = try await post(url, bad, as: .hotline)
                #expect(s == 400, "\(bad): \(err)")
            }
            let (so, overdue, _) = try await get(URL(string: "\(base)/v1/hotline/overdue?region=450100&within=P30D")!, as: .dashboard)
            #expect(so == 200 && (overdue["orders"]?.arrayValue ?? []).contains { $0["id"] == .string(id) && $0["lateProbability"] != nil })
            let (sw, _, _) = try await get(URL(string: "\(base)/v1/hotline/overdue?within=24h")!, as: .hotline)
            #expect(sw == 400)
            let (s404, _, _) = try await get(orders.appendingPathComponent("WO999999999"), as: .hotline)
            #expect(s404 == 404)
            let (sq, _, _) = try await get(URL(string: "\(orders)?status=lost")!, as: .hotline)
            #expect(sq == 400)
            // Quality inspection: dashboards read it; a bad kind or an unknown parameter is 400.
            let (sqa, quality, _) = try await get(URL(string: "\(base)/v1/hotline/quality?kind=misroute&limit=5")!, as: .dashboard)
            #expect(sqa == 200 && quality["counts"]?["misroute"] != nil && (quality["flags"]?.arrayValue ?? []).allSatisfy {
                $0["kind"] == .string("misroute") && !($0["evidence"]?.arrayValue ?? []).isEmpty
            })
            let (sqk, _, _) = try await get(URL(string: "\(base)/v1/hotline/quality?kind=late")!, as: .dashboard)
            let (squ, _, _) = try await get(URL(string: "\(base)/v1/hotline/quality?office=x")!, as: .dashboard)
            #expect(sqk == 400 && squ == 400)
        }
    }
}
