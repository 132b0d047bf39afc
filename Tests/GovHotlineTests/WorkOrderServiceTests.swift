import Foundation
import Testing
import KGCore
import KGEngine
import GovBrainTestSupport
@testable import GovHotline

/// The closed loop on a tiny demo graph with the promoted routing and urgency models of `Models/`:
/// accept, route, judge urgency, store, move through the loop, list; and what it refuses.
@Suite struct WorkOrderServiceTests {
    static let demo: Result<String, any Error> = Result { try TinyDemo.copyInNewFolder(prefix: "wo").path }

    /// One service for the suite's tests (they run in parallel on it, as requests do on a server).
    static let shared: Result<WorkOrderService, any Error> = Result {
        try WorkOrderService(hotline: HotlineService(graph: try KnowledgeGraph.open(path: try demo.get())))
    }

    static func service() throws -> WorkOrderService { try shared.get() }

    static let now = CypherDateTime(iso: "2024-09-30T12:00+08:00")!

    func offices(_ graph: KnowledgeGraph) throws -> [String] {
        var codes: [String] = []
        try graph.forEachNode(label: "Office") { _, p in if case .string(let c)? = p["code"] { codes.append(c) } }
        return codes
    }

    @Test func aCallIsRoutedJudgedStoredAndFollowedToClosure() throws {
        let s = try Self.service()
        let order = try s.create(WorkOrderCreateRequest(text: "我是青秀区的，我们小区停水两天了，什么时候恢复供水？", callerPhone: "138****1234",
                                                        receivedAt: "2024-09-30T10:00+08:00"), by: "agent-1", now: Self.now)
        #expect(order.id.hasPrefix("WO") && order.intent == "water_outage" && order.urgencySource == "model")
        #expect(order.events.first?.type == .create)
        if order.urgency == .normal { #expect(order.deadline.description == "2024-10-12T10:00+08:00") }
        let stored = try s.book.find(order.id)
        #expect(stored.id == order.id && stored.status == order.status && stored.events == order.events && stored.routing == order.routing)
        #expect(!JSONWriter.string(order.routing).contains("\"text\""))
        if order.status == .pendingReview {
            try s.book.apply(order.id, WorkOrderEventRequest(type: .dispatch, by: "agent-1"), supervisor: false, now: Self.now)
        }
        for (type, satisfaction) in [(WorkOrderEventType.sign, nil), (.reply, nil), (.visit, Satisfaction.satisfied), (.close, nil)] {
            try s.book.apply(order.id, WorkOrderEventRequest(type: type, by: "office", satisfaction: satisfaction), supervisor: false, now: Self.now)
        }
        let closed = try s.book.find(order.id)
        #expect(closed.status == .closed && closed.allowedEvents == [.reopen])
        let listed = try s.book.list(.init(status: .closed))
        #expect(listed.orders.contains { $0.id == order.id })
        #expect(try s.book.list(.init(status: .closed, region: "450100")).orders.contains { $0.id == order.id })
        #expect(try s.book.list(.init(status: .closed, region: "450200")).orders.isEmpty)
        // The stage times the statistics read are on the node.
        let node = try #require(try s.hotline.graph.nodeID(label: "WorkOrder", key: "code", value: .string(order.id)))
        let p = try #require(try s.hotline.graph.node(id: node)).properties
        #expect(p["closedAt"] != nil && p["satisfaction"] == .string("satisfied") && p["callerPhone"] == .string("138****1234"))
        // Linked to its intent and region, and to the office it was dispatched to.
        let linked = try s.hotline.graph.read { tx in try tx.allRelationships(types: ["HAS_INTENT", "LOCATED_IN", "ROUTED_TO"]).filter { $0.start == node } }
        #expect(Set(linked.map(\.type)) == ["HAS_INTENT", "LOCATED_IN", "ROUTED_TO"])
    }

    @Test func anAgentsUrgencyWinsAndSetsTheDeadline() throws {
        let s = try Self.service()
        let order = try s.create(WorkOrderCreateRequest(text: "小区门口的路灯坏了", receivedAt: "2024-09-30T10:00+08:00", urgency: .urgent),
                                 by: "agent-2", now: Self.now)
        #expect(order.urgency == .urgent && order.urgencySource == "agent" && order.deadline.description == "2024-09-30T12:00+08:00")
    }

    @Test func aFireIsUrgentByTheModel() throws {
        let s = try Self.service()
        let order = try s.create(WorkOrderCreateRequest(text: "我家楼下厨房着火了，烟很大，里面还有人，快派人来！", receivedAt: "2024-09-30T10:00+08:00"),
                                 by: "agent-3", now: Self.now)
        #expect(order.urgency == .urgent && order.urgencySource == "model")
    }

    @Test func repeatedAndConcurrentEventsApplyOnce() throws {
        let s = try Self.service()
        var order = try s.create(WorkOrderCreateRequest(text: "我们小区停水两天了", receivedAt: "2024-09-30T10:00+08:00"), by: "a", now: Self.now)
        if order.status == .pendingReview {
            let office = try #require(try offices(s.hotline.graph).first)
            order = try s.book.apply(order.id, WorkOrderEventRequest(type: .dispatch, by: "a", office: office), supervisor: false, now: Self.now).order
        }
        let first = try s.book.apply(order.id, WorkOrderEventRequest(type: .sign, by: "o"), supervisor: false, idempotencyKey: "k-1", now: Self.now)
        let again = try s.book.apply(order.id, WorkOrderEventRequest(type: .sign, by: "o"), supervisor: false, idempotencyKey: "k-1", now: Self.now)
        #expect(!first.replayed && again.replayed && again.order.events.count == first.order.events.count)
        // Two replies at once: one is applied, the other finds the order replied and gets a conflict.
        let results = ConcurrentResults(), id = order.id
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            results.add(Result { try s.book.apply(id, WorkOrderEventRequest(type: .reply, by: "o"), supervisor: false, now: Self.now) })
        }
        let outcomes = results.all
        #expect(outcomes.filter { (try? $0.get()) != nil }.count == 1)
        #expect(outcomes.contains { if case .failure(let e) = $0 { return (e as? WorkOrderError)?.code == .conflict } else { return false } })
        #expect(try s.book.find(order.id).events.filter { $0.type == .reply }.count == 1)
    }

    @Test func anAgentsReroutingIsACorrectionToLearnFrom() throws {
        let s = try Self.service()
        let order = try s.create(WorkOrderCreateRequest(text: "我们小区停水两天了", receivedAt: "2024-09-30T10:00+08:00"), by: "a", now: Self.now)
        let other = order.intent == "water_outage" ? "property_mgmt" : "water_outage"
        let type: WorkOrderEventType = order.status == .pendingReview ? .dispatch : .reassign
        let office = try #require(try offices(s.hotline.graph).first)
        try s.event(id: order.id, WorkOrderEventRequest(type: type, by: "agent", office: office, intent: other), actor: "key 1 (desk)",
                    supervisor: false, now: Self.now)
        let corrections = try s.book.corrections()
        #expect(corrections.contains { $0.id == order.id && $0.intent == other && $0.text == order.text })
        let moved = try s.book.find(order.id)
        #expect(moved.events.last?.correction == true && moved.events.last?.by == "agent [key 1 (desk)]")
        // The graph's HAS_INTENT link follows the correction.
        var linked: [String] = []
        try s.hotline.graph.query("MATCH (w:WorkOrder {code: '\(order.id)'})-[:HAS_INTENT]->(i:Intent) RETURN i.code") { row, _ in
            if case .string(let c) = row[0] { linked.append(c) }
        }
        #expect(linked == [other])
    }

    @Test func overdueListsWhatIsLateOrDueSoonWithTheChanceOfClosingLate() throws {
        let s = try Self.service()
        let order = try s.create(WorkOrderCreateRequest(text: "我们小区的路灯坏了好几天了", receivedAt: "2024-09-30T10:00+08:00", urgency: .normal),
                                 by: "a", now: Self.now)
        #expect(order.deadline.description == "2024-10-12T10:00+08:00")
        let soon = try s.overdue(OverdueRequest(), now: CypherDateTime(iso: "2024-10-11T12:00+08:00")!)
        let item = try #require(soon.orders.first { $0.id == order.id })
        #expect(!item.overdue && item.dueInSeconds == 22 * 3_600 && item.lateProbability >= 0 && item.lateProbability <= 1)
        #expect(item.why.first == "due in 22.0 hours" && item.basis == "model" && item.why.contains { $0.contains("working time used") })
        let narrow = try s.overdue(OverdueRequest(within: "PT1H"), now: CypherDateTime(iso: "2024-10-11T12:00+08:00")!)
        #expect(!narrow.orders.contains { $0.id == order.id })
        let late = try s.overdue(OverdueRequest(within: "P0D"), now: CypherDateTime(iso: "2024-10-13T10:00+08:00")!)
        let overdue = try #require(late.orders.first { $0.id == order.id })
        #expect(overdue.overdue && overdue.lateProbability == 1 && overdue.why.first == "overdue by 24.0 hours")
        #expect { try s.overdue(OverdueRequest(within: "24h")) } throws: { ($0 as? WorkOrderError)?.message.contains("ISO 8601 duration") == true }
        #expect(OverdueRequest.seconds("PT24H") == 86_400 && OverdueRequest.seconds("P1DT12H") == 129_600 && OverdueRequest.seconds("PT30M") == 1_800)
        for bad in ["P", "PT", "24H", "P1H", "PT1D", "P1DT", "PT1.5H", "P-1D"] { #expect(OverdueRequest.seconds(bad) == nil, "\(bad)") }
    }

    @Test func badRequestsAreRefusedWithTheirReason() throws {
        let s = try Self.service()
        func refused(_ r: WorkOrderCreateRequest, _ part: String) {
            #expect { try s.create(r, by: "a", now: Self.now) } throws: { "\($0)".contains(part) }
        }
        refused(WorkOrderCreateRequest(text: "停水", channel: "fax"), "\"channel\"")
        refused(WorkOrderCreateRequest(text: "停水", callerPhone: "call me"), "\"callerPhone\"")
        refused(WorkOrderCreateRequest(text: "停水", receivedAt: "yesterday"), "ISO 8601")
        refused(WorkOrderCreateRequest(text: "停水", receivedAt: "2030-01-01T00:00+08:00"), "future")
        refused(WorkOrderCreateRequest(text: "停水", receivedAt: "0001-01-01T00:00+08:00"), "30 days")
        refused(WorkOrderCreateRequest(text: "   "), "empty")
        #expect { try s.book.find("WO999999999") } throws: { ($0 as? WorkOrderError)?.code == .notFound }
        #expect { try s.book.find("WO000000001") } throws: { ($0 as? WorkOrderError)?.message.contains("historical") == true }
        let order = try s.create(WorkOrderCreateRequest(text: "我们小区停水两天了", receivedAt: "2024-09-30T10:00+08:00"), by: "a", now: Self.now)
        #expect { try s.book.apply(order.id, WorkOrderEventRequest(type: .reassign, by: "a", office: "no-such-office"), supervisor: false, now: Self.now) } throws: {
            ($0 as? WorkOrderError)?.message.contains("no office") == true
        }
        #expect { try s.book.apply(order.id, WorkOrderEventRequest(type: .reassign, by: "a", intent: "no_such_intent"), supervisor: false, now: Self.now) } throws: {
            ($0 as? WorkOrderError)?.message.contains("no intent") == true
        }
        #expect { try s.book.apply(order.id, WorkOrderEventRequest(type: .sign, by: "o"), supervisor: false, idempotencyKey: "", now: Self.now) } throws: {
            ($0 as? WorkOrderError)?.message.contains("Idempotency-Key") == true
        }
        #expect(try s.book.find(order.id).events == order.events)
    }
}

/// Results gathered from several threads.
final class ConcurrentResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<(order: WorkOrder, replayed: Bool), any Error>] = []
    func add(_ r: Result<(order: WorkOrder, replayed: Bool), any Error>) { lock.lock(); results.append(r); lock.unlock() }
    var all: [Result<(order: WorkOrder, replayed: Bool), any Error>] { lock.lock(); defer { lock.unlock() }; return results }
}
