import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import KGCore

/// Policy Q&A and recommendation routes on a tiny demo database.
extension ServerTests {
    @Test func searchesPolicyPassages() async throws {
        try await withServer { base in
            let url = base.appendingPathComponent("v1/policies/search")
            let (s1, doc) = try await post(url, #"{"text": "小微企业房租减免和贷款贴息", "k": 3}"#)
            #expect(s1 == 200)
            let results = doc["results"]?.arrayValue ?? []
            #expect(results.count == 3)
            #expect(results.allSatisfy { $0["policyId"]?.stringValue?.hasPrefix("POL") == true && $0["text"]?.stringValue?.isEmpty == false })
            #expect(results.first?["text"]?.stringValue?.contains("房租减免") == true)
            for bad in [#"{}"#, #"{"text": ""}"#, #"{"text": "x", "k": 0}"#, #"{"text": "x", "mode": "magic"}"#] {
                let (s, err) = try await post(url, bad)
                #expect(s == 400, "\(bad)")
                #expect(err["error"]?["code"] != nil)
            }
        }
    }

    @Test func recommendsEligiblePoliciesAndPushLists() async throws {
        try await withServer { base in
            let url = base.appendingPathComponent("v1/policies/recommend")
            let (_, q) = try await post(base.appendingPathComponent("v1/query"),
                                        #"{"query": "MATCH (e:Enterprise)-[:APPLIED_FOR]->(p:Policy) RETURN e.uscc, p.code LIMIT 1"}"#)
            let row = try #require(q["rows"]?.arrayValue?.first?.arrayValue)
            let uscc = try #require(row[0].stringValue), applied = try #require(row[1].stringValue)
            let (s1, doc) = try await post(url, #"{"uscc": "\#(uscc)", "k": 5, "explain": "\#(applied)"}"#)
            #expect(s1 == 200)
            let items = doc["items"]?.arrayValue ?? []
            #expect(!items.isEmpty && items.count <= 5)
            // Every item is eligible: each of its rules is met, and says so in both languages.
            #expect(items.allSatisfy { item in
                (item["reasons"]?.arrayValue ?? []).allSatisfy { $0["met"] == .bool(true) && $0["zh"]?.stringValue != nil && $0["en"]?.stringValue != nil }
            })
            let scores = items.compactMap { $0["score"]?.doubleValue }
            #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 >= $1 })
            #expect(doc["explain"]?["policyId"] == .string(applied))
            // A profile instead of an enterprise; a profile outside every region-specific policy's area still gets province-wide ones.
            let (s2, byProfile) = try await post(url, #"{"profile": {"industry": "H61", "adcode": "450103", "scale": "micro", "ageYears": 3, "capital": 50, "scope": "住宿服务"}, "k": 3}"#)
            #expect(s2 == 200 && (byProfile["items"]?.arrayValue?.count ?? 0) > 0)
            for (bad, status) in [(#"{}"#, 400), (#"{"uscc": "NOPE"}"#, 404), (#"{"profile": {"industry": "H61"}}"#, 400), (#"{"uscc": "\#(uscc)", "k": 0}"#, 400)] {
                let (s, _) = try await post(url, bad)
                #expect(s == status, "\(bad)")
            }
            // The push list: eligible enterprises that have not applied, by fit.
            let top = try #require(items.first?["policyId"]?.stringValue)
            let (s3, push, _) = try await get(URL(string: "\(base)/v1/policies/\(top)/eligible?limit=5")!)
            #expect(s3 == 200)
            let listed = push["enterprises"]?.arrayValue ?? []
            #expect(!listed.isEmpty && listed.count <= 5 && (push["total"]?.doubleValue ?? 0) >= Double(listed.count))
            let fits = listed.compactMap { $0["fit"]?.doubleValue }
            #expect(zip(fits, fits.dropFirst()).allSatisfy { $0 >= $1 })
            let (s4, _, _) = try await get(URL(string: "\(base)/v1/policies/NOPE/eligible")!)
            #expect(s4 == 404)
            let (s5, _, _) = try await get(URL(string: "\(base)/v1/policies/\(top)/eligible?region=x")!)
            #expect(s5 == 400)
            // Cypher.
            let (_, cypher) = try await post(base.appendingPathComponent("v1/query"),
                                             #"{"query": "MATCH (e:Enterprise {uscc: $u}) CALL kg.model.recommendPolicies(e, 3) YIELD policy, score, reasons RETURN policy.code, score, size(reasons) > 0", "parameters": {"u": "\#(uscc)"}}"#)
            let rows = cypher["rows"]?.arrayValue ?? []
            #expect(rows.count == min(3, items.count))
            #expect(rows.first?.arrayValue?.first == items.first?["policyId"])
        }
    }
}
