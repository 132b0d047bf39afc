import Foundation
import Testing
import KGCore
import KGEngine
import GovBrainTestSupport
@testable import GovHotline

/// The editable knowledge base on a tiny demo graph with the promoted routing model of `Models/`:
/// entries added and edited with every version kept (author, time), the review rules, stale
/// edits refused, generated entries overridden, and search that sees published versions only.
@Suite struct KnowledgeEntryServiceTests {
    static let demo: Result<String, any Error> = Result { try TinyDemo.copyInNewFolder(prefix: "kb").path }

    /// One service for the suite's tests (they run in parallel on it, as requests do on a server).
    static let shared: Result<KnowledgeEntryService, any Error> = Result {
        KnowledgeEntryService(hotline: HotlineService(graph: try KnowledgeGraph.open(path: try demo.get())))
    }

    static func service() throws -> KnowledgeEntryService { try shared.get() }

    static let now = CypherDateTime(iso: "2024-09-30T12:00+08:00")!
    static let desk = "key k1 (desk)"
    static let chief = "key k2 (chief)"

    func code(_ error: any Error) -> ErrorCode? { (error as? KnowledgeEntryError)?.code }

    @Test func anEntryIsAddedEditedAndKeepsEveryVersion() throws {
        let s = try Self.service()
        let office = try #require(try firstOffice(s))
        let created = try s.create(KnowledgeEntryCreateRequest(intent: "water_outage", question: "  老旧小区二次供水水箱多久清洗一次？ ",
                                                               answer: "二次供水设施每半年至少清洗消毒一次，由物业负责。", office: office,
                                                               regions: ["450103"], sources: ["桂建城〔2023〕12号"]),
                                   author: Self.desk, mayPublish: false, now: Self.now)
        #expect(created.id.hasPrefix("KE") && created.id.count == 8 && created.origin == .added && created.kind == "custom")
        #expect(created.versions.count == 1 && created.latest.version == 1 && created.latest.status == .draft && created.published == nil)
        #expect(created.latest.question == "老旧小区二次供水水箱多久清洗一次？" && created.latest.author == Self.desk)
        #expect(created.latest.at == "2024-09-30T12:00+08:00" && created.latest.office == office && created.department != nil)
        let later = CypherDateTime(iso: "2024-10-01T09:30+08:00")!
        let edited = try s.update(id: created.id, KnowledgeEntryUpdateRequest(answer: "二次供水设施每半年清洗消毒一次，结果在小区公示。", version: 1),
                                  author: Self.chief, mayPublish: true, now: later)
        #expect(edited.versions.map(\.version) == [1, 2] && edited.versions.map(\.author) == [Self.desk, Self.chief])
        #expect(edited.latest.question == created.latest.question && edited.latest.regions == ["450103"] && edited.latest.office == office)
        #expect(edited.latest.status == .draft && edited.latest.at == "2024-10-01T09:30+08:00")
        // Read back from the graph: the node holds every version and the latest one's fields.
        let found = try s.find(created.id)
        #expect(found == edited)
        let node = try #require(try s.hotline.graph.nodeID(label: "KnowledgeEntry", key: "code", value: .string(created.id)))
        let p = try #require(try s.hotline.graph.node(id: node)).properties
        #expect(p["version"] == .int(2) && p["status"] == .string("draft") && p["intentCode"] == .string("water_outage") && p["createdAt"] != nil)
        // Listed among the drafts of the office, not among the published entries.
        let drafts = try s.list(KnowledgeEntryListRequest(office: office, status: "draft", limit: "1000"))
        #expect(drafts.entries.contains { $0.id == created.id })
        #expect(try !s.list(KnowledgeEntryListRequest(status: "published", limit: "1000")).entries.contains { $0.id == created.id })
        // Personal numbers are masked before they are stored.
        let masked = try s.update(id: created.id, KnowledgeEntryUpdateRequest(answer: "请致电13812345678咨询"), author: Self.desk, mayPublish: false)
        #expect(!masked.latest.answer.contains("13812345678") && masked.versions.count == 3)
    }

    @Test func onlyReviewersPublishAndStaleEditsAreRefused() throws {
        let s = try Self.service()
        let request = KnowledgeEntryCreateRequest(intent: "water_outage", question: "停水期间能申请送水吗？", answer: "独居老人等困难群众可向社区申请送水。",
                                                  status: .published)
        #expect { try s.create(request, author: Self.desk, mayPublish: false) } throws: { code($0) == .forbidden }
        var draft = request
        draft.status = nil
        let entry = try s.create(draft, author: Self.desk, mayPublish: false)
        #expect { try s.update(id: entry.id, .init(status: .published, version: 1), author: Self.desk, mayPublish: false) } throws: { code($0) == .forbidden }
        let published = try s.update(id: entry.id, .init(status: .published, version: 1), author: Self.chief, mayPublish: true)
        #expect(published.latest.status == .published && published.published?.version == 2 && published.latest.answer == entry.latest.answer)
        // Two edits based on version 2: the second finds version 3 and is refused.
        _ = try s.update(id: entry.id, .init(answer: "可向社区申请送水上门。", version: 2), author: Self.desk, mayPublish: false)
        #expect { try s.update(id: entry.id, .init(answer: "另一个修改", version: 2), author: Self.desk, mayPublish: false) } throws: {
            code($0) == .conflict && "\($0)".contains("version 3")
        }
        #expect(try s.find(entry.id).versions.count == 3)
        #expect { try s.update(id: "KE999999", .init(answer: "x"), author: Self.desk, mayPublish: false) } throws: { code($0) == .notFound }
        #expect { try s.find("KB-no_such_intent") } throws: { code($0) == .notFound }
    }

    @Test func anEditOfAGeneratedEntryOverridesItOncePublished() throws {
        let s = try Self.service()
        let id = "KB-municipal_facilities"
        let generated = try s.find(id)
        #expect(generated.origin == .generated && generated.versions.count == 1 && generated.latest.author == KnowledgeEntryVersion.system)
        let answer = "路灯报修后，城管部门一般在三个工作日内修复；主干道路灯故障当天处理。"
        let draft = try s.update(id: id, .init(answer: answer, version: 0), author: Self.desk, mayPublish: false)
        #expect(draft.origin == .edited && draft.versions.map(\.version) == [0, 1] && draft.latest.intent == generated.latest.intent)
        // A draft does not change what agents find.
        func hit() throws -> HotlineKnowledgeBase.Hit? {
            try s.hotline.knowledgeSearch(KnowledgeSearchRequest(text: "路灯坏了多久能修好", k: 100, intent: "municipal_facilities")).results.first { $0.entry.id == id }
        }
        #expect(try hit()?.entry.answer == generated.latest.answer)
        #expect { try s.update(id: id, .init(status: .published, version: 0), author: Self.chief, mayPublish: true) } throws: { code($0) == .conflict }
        _ = try s.update(id: id, .init(status: .published, version: 1), author: Self.chief, mayPublish: true)
        let found = try #require(try hit())
        #expect(found.entry.answer == answer && found.entry.version == 2)
        let ids = try s.hotline.knowledgeSearch(KnowledgeSearchRequest(text: "路灯", k: 100, intent: "municipal_facilities")).results.map(\.entry.id)
        #expect(ids.filter { $0 == id }.count == 1)
        let listed = try s.list(KnowledgeEntryListRequest(intent: "municipal_facilities", limit: "1000")).entries.first { $0.id == id }
        #expect(listed?.origin == .edited && listed?.latest.version == 2)
    }

    @Test func searchFindsPublishedVersionsNeverDrafts() throws {
        let s = try Self.service()
        let question = "无人机在小区上空航拍需要报备吗？"
        let entry = try s.create(.init(intent: "public_security", question: question, answer: "无人机航拍应提前向公安机关报备飞行计划。"),
                                 author: Self.desk, mayPublish: false)
        func top() throws -> HotlineKnowledgeBase.Hit? {
            try s.hotline.knowledgeSearch(KnowledgeSearchRequest(text: "无人机航拍报备", k: 3)).results.first
        }
        #expect(try top()?.entry.id != entry.id)
        _ = try s.update(id: entry.id, .init(status: .published, version: 1), author: Self.chief, mayPublish: true)
        #expect(try top()?.entry.id == entry.id && top()?.entry.version == 2)
        // A newer draft leaves the published version in search.
        _ = try s.update(id: entry.id, .init(answer: "草稿：无人机航拍无需报备。", version: 2), author: Self.desk, mayPublish: false)
        #expect(try top()?.entry.answer == "无人机航拍应提前向公安机关报备飞行计划。")
    }

    @Test func badRequestsAreRefusedWithTheirField() throws {
        let s = try Self.service()
        let ok = KnowledgeEntryCreateRequest(intent: "water_outage", question: "问", answer: "答")
        var bad: [(KnowledgeEntryCreateRequest, String)] = []
        var r = ok; r.question = "  "; bad.append((r, "\"question\""))
        r = ok; r.answer = String(repeating: "答", count: KnowledgeEntryService.maxAnswer + 1); bad.append((r, "\"answer\""))
        r = ok; r.question = String(repeating: "问", count: KnowledgeEntryService.maxQuestion + 1); bad.append((r, "\"question\""))
        r = ok; r.intent = "no_such_intent"; bad.append((r, "intent"))
        r = ok; r.office = "no-such-office"; bad.append((r, "office"))
        r = ok; r.regions = ["999999"]; bad.append((r, "\"regions\""))
        r = ok; r.sources = ["a\nb"]; bad.append((r, "\"sources\""))
        for (request, field) in bad {
            #expect { try s.create(request, author: Self.desk, mayPublish: true) } throws: {
                code($0) == .invalidKnowledgeRequest && "\($0)".contains(field)
            }
        }
        #expect { try s.list(.init(status: "approved")) } throws: { code($0) == .invalidKnowledgeRequest }
        // Unknown members are refused, not dropped.
        let decoder = JSONValueDecoder(code: .invalidKnowledgeRequest)
        #expect { try decoder.decode(KnowledgeEntryUpdateRequest.self, from: try JSONParser.parse(#"{"answr": "x"}"#)) } throws: {
            ($0 as? any GovBrainError)?.code == .invalidKnowledgeRequest && "\($0)".contains("answr")
        }
        #expect { try decoder.decode(KnowledgeEntryCreateRequest.self, from: try JSONParser.parse(#"{"intent": "water_outage", "question": "q"}"#)) } throws: {
            ($0 as? any GovBrainError)?.message == "\"answer\" is required"
        }
    }

    func firstOffice(_ s: KnowledgeEntryService) throws -> String? {
        var codes: [String] = []
        try s.hotline.graph.forEachNode(label: "Office") { _, p in if case .string(let c)? = p["code"] { codes.append(c) } }
        return codes.sorted().first
    }
}
