import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import KGCore
import KGAccess
import GovSupervision
@testable import KGServer

/// `GET /v1/supervision/items`, `GET /v1/supervision/claims` and `POST /v1/supervision/draws` on
/// the tiny demo database: filters, CSV, clear 400s, the claim rate in the efficacy report, and
/// joint draws that are reproducible, equal to the CLI's for the same seed, and recorded
/// (refused attempts too) in the graph and the audit log.
extension ServerTests {
    /// A GET's body as text (a CSV answer).
    func text(_ url: URL, headers: [String: String] = [:]) async throws -> (Int, String, String) {
        let (status, body, fields) = try await send(url, method: "GET", headers: headers)
        let type = fields.first { ($0.key as? String)?.lowercased() == "content-type" }?.value as? String ?? ""
        return (status, body.stringValue ?? "", type)
    }

    @Test func supervisionItemsAndClaimsRoutes() async throws {
        try await withServer { base in
            let (s1, joint, _) = try await get(URL(string: "\(base)/v1/supervision/items?domain=ecology&list=joint")!)
            let items = joint["items"]?.arrayValue ?? []
            #expect(s1 == 200 && items.count == 4 && joint["count"] == .int(4))
            #expect(items.allSatisfy { $0["departmentType"] == .string("ecoenv") && $0["jointSupervision"] == .bool(true) && $0["domain"] == .string("ecology") })
            let (s2, all, _) = try await get(URL(string: "\(base)/v1/supervision/items?departmentType=housing")!, as: .dashboard)
            #expect(s2 == 200 && all["count"] == .int(7))
            let (s3, csv, type) = try await text(URL(string: "\(base)/v1/supervision/items?format=csv")!)
            #expect(s3 == 200 && type.hasPrefix("text/csv"))
            #expect(csv.hasPrefix("code,name,domain,departmentType,checkMethod,doubleRandom,jointSupervision,claimedBy\n") && csv.split(separator: "\n").count == 30)
            let (_, accepted, acceptedType) = try await text(URL(string: "\(base)/v1/supervision/claims?level=department")!, headers: ["Accept": "text/csv"])
            #expect(acceptedType.hasPrefix("text/csv") && accepted.hasPrefix("level,key,name,offices,items,claimed,claimRate,target,meetsTarget,officesBelowTarget\n"))

            let (s4, claims, _) = try await get(URL(string: "\(base)/v1/supervision/claims?level=department&period=2024-Q4")!)
            let rows = claims["rows"]?.arrayValue ?? []
            #expect(s4 == 200 && claims["period"] == .string("2024-Q4") && claims["target"]?.doubleValue == 0.95 && claims["targetId"] == .string("PT121"))
            #expect(Set(rows.compactMap { $0["key"]?.stringValue }) == ["market", "ecoenv", "emergency", "housing"] && claims["units"] == .int(4))
            let met = rows.filter { $0["meetsTarget"] == .bool(true) }.count
            #expect(claims["unitsMeetingTarget"] == .int(Int64(met)))
            let pooled = Double(claims["claimed"]?.doubleValue ?? 0) / Double(claims["items"]?.doubleValue ?? 1)
            #expect(abs((claims["claimRate"]?.doubleValue ?? -1) - pooled) < 1e-12)
            let (s5, city, _) = try await get(URL(string: "\(base)/v1/supervision/claims?region=450100")!)
            let offices = city["rows"]?.arrayValue ?? []
            #expect(s5 == 200 && !offices.isEmpty && offices.allSatisfy { ($0["key"]?.stringValue ?? "").split(separator: "-").last?.hasPrefix("4501") == true })

            // Bad input: 400 (404 for a region without offices) with what was wrong and what is accepted.
            for (path, status, words) in [("items?domain=police", 400, "unknown domain 'police'; use one of ecology, emergency, housing, market"),
                                          ("items?list=random", 400, "use double_random or joint"),
                                          ("items?departmentType=police", 400, "department type 'police' has no supervision items"),
                                          ("items?format=xml", 400, "format \"xml\" is not json or csv"),
                                          ("items?colour=red", 400, "unknown query parameter \"colour\""),
                                          ("claims?level=county", 400, "level \"county\" is not one of office, department, region"),
                                          ("claims?period=2024Q4", 400, "YYYY-Qn"), ("claims?period=2024-13", 400, "YYYY-MM"),
                                          ("claims?region=4501", 400, "six-digit adcode"), ("claims?region=999999", 404, "no office")] {
                let (s, err, _) = try await get(URL(string: "\(base)/v1/supervision/\(path)")!)
                #expect(s == status && err["error"]?["message"]?.stringValue?.contains(words) == true, "\(path): \(s) \(err)")
                #expect(err["error"]?["requestId"]?.stringValue?.isEmpty == false)
            }
            let (forbidden, _, _) = try await get(URL(string: "\(base)/v1/supervision/claims")!, as: .hotline)
            #expect(forbidden == 403)

            // The efficacy report carries each unit's claim rate beside its index.
            let (s6, report, _) = try await get(URL(string: "\(base)/v1/supervision/efficacy?period=2024-Q4&level=department&domain=market")!)
            #expect(s6 == 200 && report["claimRates"]?.arrayValue?.map { $0["key"] } == [.string("market")])
            let marketRate = rows.first { $0["key"] == .string("market") }?["claimRate"]
            #expect(report["rows"]?.arrayValue?.first?["claimRate"] == marketRate && marketRate != nil)
        }
    }

    @Test func jointDrawsAreReproducibleTheCLIsAndAudited() async throws {
        try await withServer { base in
            let server = try #require(Self.server)
            let since = AccessStore.timestamp(Date().addingTimeInterval(-1))
            let url = base.appendingPathComponent("v1/supervision/draws")
            let body = #"{"domains": ["market", "ecology"], "region": "450000", "count": 3, "seed": 5, "by": "科长"}"#
            let (s1, a) = try await post(url, body), (s2, b) = try await post(url, body, as: .supervisor)
            #expect(s1 == 200 && s2 == 200, "\(a)")
            let visits = a["selected"]?.arrayValue ?? []
            #expect(visits.count == 3 && a["selected"] == b["selected"] && a["id"] != b["id"])
            #expect(a["departments"] == .array([.string("market"), .string("ecoenv")]) && a["seed"] == .int(5) && (a["population"]?.doubleValue ?? 0) >= 3)
            #expect(a["orderedBy"]?.stringValue?.hasPrefix("科长 [key ") == true && a["orderedBy"]?.stringValue?.hasSuffix("(test-admin)]") == true)
            #expect(b["orderedBy"]?.stringValue?.hasSuffix("(test-supervisor)]") == true)
            // The CLI (`govbrain risk sample --joint market,ecoenv --seed 5 --n 3`) draws the same visits.
            let cli = try JointInspectionSampler.draw(graph: server.supervision.graph, region: "450000", departments: ["market", "ecoenv"], n: 3, seed: 5, by: "cli")
            #expect(try Wire.json(cli.selected) == a["selected"])

            // Bad input: a clear 400 or 404, and the refused attempt recorded too.
            for (bad, status, words) in [(#"{"domains": ["market", "police"], "region": "450000", "count": 3, "seed": 5}"#, 400, "unknown department type 'police'"),
                                         (#"{"domains": ["ecology"], "region": "450000", "count": 3, "seed": 5}"#, 400, "at least two"),
                                         (#"{"domains": ["market", "ecology"], "region": "450000", "count": 0, "seed": 5}"#, 400, "n must be at least 1"),
                                         (#"{"domains": ["market", "ecology"], "region": "450000", "count": 5000, "seed": 5}"#, 400, "at most 1000"),
                                         (#"{"domains": ["market", "ecology"], "region": "999999", "count": 3, "seed": 5}"#, 404, "no region with adcode 999999"),
                                         (#"{"domains": ["market", "ecology"], "region": "450000", "count": 3, "seed": -1}"#, 400, "\"seed\" must be a non-negative integer"),
                                         (#"{"region": "450000", "count": 3, "seed": 5}"#, 400, "\"domains\" is required")] {
                let (s, err) = try await post(url, bad)
                #expect(s == status && err["error"]?["message"]?.stringValue?.contains(words) == true, "\(bad): \(s) \(err)")
            }
            let (_, recorded) = try await post(base.appendingPathComponent("v1/query"), #"{"query": "MATCH (d:InspectionDraw) WHERE d.departments IS NOT NULL AND NOT d.method STARTS WITH 'govbrain datagen' RETURN d.drawStatus AS status, count(*) AS n, count(d.refusal) AS reasons ORDER BY status"}"#)
            #expect(recorded["rows"] == .array([.array([.string("drawn"), .int(3), .int(0)]), .array([.string("refused"), .int(5), .int(5)])]), "\(recorded)")
            // The log of draws: newest first, who, seed, the visits or the reason; filters refused with 400.
            // The demo's planted history of joint draws (2023–2024) comes after this test's.
            let (sl, log, _) = try await get(URL(string: "\(base)/v1/supervision/draws?region=450000&limit=10")!, as: .supervisor)
            let all = log["draws"]?.arrayValue ?? []
            let entries = all.filter { ($0["createdAt"]?.stringValue ?? "") >= "2025" }
            #expect(sl == 200 && entries.count == 7 && Array(all.prefix(7)) == entries && all.count == 10 && log["limit"] == .int(10), "\(log)")
            let drawn = entries.filter { $0["status"] == .string("drawn") }
            #expect(drawn.count == 3 && drawn.allSatisfy { $0["seed"] == .int(5) && $0["count"] == .int(3) && $0["departments"] == a["departments"] })
            #expect(drawn.contains { $0["id"] == a["id"] && $0["visits"] == .array(visits.compactMap { $0["uscc"] }) && $0["orderedBy"] == a["orderedBy"] })
            let (_, refusedOnly, _) = try await get(URL(string: "\(base)/v1/supervision/draws?status=refused")!)
            #expect((refusedOnly["draws"]?.arrayValue ?? []).count == 5 && (refusedOnly["draws"]?.arrayValue ?? []).allSatisfy { $0["refusal"]?.stringValue?.isEmpty == false && $0["visits"] == .array([]) })
            for bad in ["status=lost", "limit=0", "region=45", "colour=red"] {
                let (s, err, _) = try await get(URL(string: "\(base)/v1/supervision/draws?\(bad)")!)
                #expect(s == 400 && err["error"]?["message"]?.stringValue?.isEmpty == false, "\(bad)")
            }
            server.flushAudit()
            let audited = try server.access.audit(since: since).filter { $0.route == "/v1/supervision/draws" && $0.method == "POST" }
            #expect(audited.count == 9 && audited.filter { $0.status == 200 }.count == 2 && audited.allSatisfy { $0.requestHash?.count == 64 && $0.keyID != nil })
            #expect(audited.filter { $0.status == 400 }.count == 6 && audited.filter { $0.status == 404 }.count == 1)
            #expect(audited.filter { $0.status == 200 }.allSatisfy { $0.rows == 3 }, "a draw's audit entry counts its visits")
        }
    }
}
