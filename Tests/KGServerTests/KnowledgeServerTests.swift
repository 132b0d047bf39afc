import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import KGCore
import KGAccess

/// The editable knowledge base over HTTP on a tiny demo database with the promoted routing model:
/// the contract shapes and statuses (201, 200, 404, 409, 403, 400), the author taken from the key,
/// and search seeing a published edit at once.
extension ServerTests {
    func put(_ url: URL, _ body: String, as role: APIRole? = .admin) async throws -> (Int, JSON) {
        let (status, json, _) = try await send(url, method: "PUT", body: Data(body.utf8), as: role)
        return (status, json)
    }

    @Test func knowledgeEntriesOverHTTP() async throws {
        try await withServer { base in
            let entries = base.appendingPathComponent("v1/hotline/knowledge/entries")
            let search = base.appendingPathComponent("v1/hotline/knowledge/search")
            // A hotline key adds a draft; asking to publish is for reviewers.
            let body = #"{"intent": "public_security", "question": "无人机在小区上空航拍需要报备吗？", "answer": "无人机航拍应提前向公安机关报备飞行计划，联系13812345678。", "regions": ["450103"]}"#
            let (s403, refusal) = try await post(entries, String(body.dropLast()) + #", "status": "published"}"#, as: .hotline)
            #expect(s403 == 403 && refusal["error"]?["message"]?.stringValue?.contains("supervisor") == true, "\(refusal)")
            let (s201, created) = try await post(entries, body, as: .hotline)
            #expect(s201 == 201, "\(created)")
            let id = try #require(created["id"]?.stringValue)
            #expect(created["version"] == .int(1) && created["status"] == .string("draft") && created["origin"] == .string("added"))
            #expect(created["author"]?.stringValue?.hasSuffix("(test-hotline)") == true, "\(created)")
            #expect(created["versions"]?.arrayValue?.count == 1 && !JSONWriter.string(created).contains("13812345678"))
            func topHit() async throws -> JSON? {
                try await post(search, #"{"text": "无人机航拍报备", "k": 3}"#, as: .hotline).1["results"]?.arrayValue?.first
            }
            #expect(try await topHit()?["id"] != .string(id))
            // A supervisor publishes it; the next search finds it.
            let one = entries.appendingPathComponent(id)
            let (s200, published) = try await put(one, #"{"status": "published", "version": 1}"#, as: .supervisor)
            #expect(s200 == 200 && published["version"] == .int(2) && published["publishedVersion"] == .int(2), "\(published)")
            #expect(published["versions"]?.arrayValue?.compactMap { $0["author"]?.stringValue }.last?.hasSuffix("(test-supervisor)") == true)
            let hit = try #require(try await topHit())
            #expect(hit["id"] == .string(id) && hit["version"] == .int(2))
            // A stale version is refused.
            let (s409, stale) = try await put(one, #"{"answer": "改", "version": 1}"#, as: .hotline)
            #expect(s409 == 409 && stale["error"]?["code"] == .string("Conflict"))
            // Read by id and listed; analysts read, dashboards do not.
            let (sg, read, _) = try await get(one, as: .analyst)
            #expect(sg == 200 && read["versions"]?.arrayValue?.map { $0["version"] } == [.int(1), .int(2)])
            let (sl, page, _) = try await get(URL(string: "\(entries)?intent=public_security&status=published&limit=1000")!, as: .hotline)
            #expect(sl == 200 && (page["entries"]?.arrayValue ?? []).contains { $0["id"] == .string(id) && $0["versions"] == nil })
            #expect((page["entries"]?.arrayValue ?? []).allSatisfy { $0["intent"] == .string("public_security") })
            let (sd, _, _) = try await get(entries, as: .dashboard)
            #expect(sd == 403)
            // A generated entry: version 0 by system; editing it stores an override under its id.
            let generated = entries.appendingPathComponent("KB-water_outage")
            let (s0, zero, _) = try await get(generated, as: .hotline)
            #expect(s0 == 200 && zero["origin"] == .string("generated") && zero["version"] == .int(0) && zero["author"] == .string("system"))
            let (so, override) = try await put(generated, #"{"answer": "突发停水一般24小时内恢复。", "version": 0}"#, as: .hotline)
            #expect(so == 200 && override["origin"] == .string("edited") && override["versions"]?.arrayValue?.count == 2, "\(override)")
            // 404 and 400s.
            let (s404, _, _) = try await get(entries.appendingPathComponent("KE999999"), as: .hotline)
            #expect(s404 == 404)
            let (p404, _) = try await put(entries.appendingPathComponent("KB-nothing"), #"{"answer": "x"}"#, as: .hotline)
            #expect(p404 == 404)
            for bad in [#"{"intent": "water_outage", "question": "q"}"#, #"{"intent": "nope", "question": "q", "answer": "a"}"#,
                        #"{"intent": "water_outage", "question": "", "answer": "a"}"#, #"{"intent": "water_outage", "question": "q", "answer": "a", "answr": "x"}"#,
                        #"{"intent": "water_outage", "question": "q", "answer": "a", "office": "no-such-office"}"#,
                        #"{"intent": "water_outage", "question": "q", "answer": "a", "status": "approved"}"#] {
                let (s, err) = try await post(entries, bad, as: .hotline)
                #expect(s == 400 && err["error"]?["code"] == .string("InvalidKnowledgeRequest"), "\(bad): \(err)")
            }
            let (sq, _, _) = try await get(URL(string: "\(entries)?state=draft")!, as: .hotline)
            #expect(sq == 400)
        }
    }
}
