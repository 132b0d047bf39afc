import Foundation
import Testing
import KGCore
import KGDatagen
import KGEngine
import GovBrainTestSupport
@testable import GovHotline

/// Quality inspection (智能质检) on a private tiny demo: live orders sent to the wrong office or
/// returned are flagged as misroutes, a closed order the caller calls about again is flagged as
/// unresolved, and on the generator's history the detectors are scored against its truth.
@Suite(.serialized) struct QualityInspectionTests {
    static let demo: Result<String, any Error> = Result { try TinyDemo.copyInNewFolder(prefix: "quality").path }
    static let shared: Result<WorkOrderService, any Error> = Result {
        try WorkOrderService(hotline: HotlineService(graph: try KnowledgeGraph.open(path: try demo.get())))
    }

    static func office(_ s: WorkOrderService, department: String) throws -> String {
        var found: String?
        try s.hotline.graph.query("MATCH (o:Office)-[:OF_TYPE]->(d:DepartmentType {code: '\(department)'}) RETURN o.code ORDER BY o.code LIMIT 1") { row, _ in
            if case .string(let c) = row[0] { found = c }
        }
        return try #require(found)
    }

    @Test func anOrderSentToTheWrongOfficeAndReturnedIsAMisroute() throws {
        let s = try Self.shared.get()
        let now = CypherDateTime(iso: "2024-09-02T12:00+08:00")!
        var order = try s.create(WorkOrderCreateRequest(text: "我是青秀区的，我们小区停水两天了，什么时候恢复供水？", receivedAt: "2024-09-02T10:00+08:00"),
                                 by: "agent", now: now)
        #expect(order.intent == "water_outage")
        let market = try Self.office(s, department: "market")
        if order.status == .pendingReview {
            order = try s.book.apply(order.id, .init(type: .dispatch, by: "agent", office: market), supervisor: false, now: now).order
        } else {
            order = try s.book.apply(order.id, .init(type: .reassign, by: "agent", office: market), supervisor: false, now: now).order
        }
        try s.book.apply(order.id, .init(type: .return, by: "market", note: "不属于本单位职责"), supervisor: false, now: now)
        let edu = try Self.office(s, department: "edu")
        try s.book.apply(order.id, .init(type: .reassign, by: "agent", office: edu), supervisor: false, now: now)
        let page = try s.quality(QualityRequest(since: "2024-09-01", kind: "misroute", limit: "1000"), now: now)
        let flag = try #require(page.flags.first { $0.id == order.id })
        let codes = Set(flag.evidence.map(\.code))
        #expect(codes.isSuperset(of: ["office_not_responsible", "router_disagrees", "returned", "reassigned"]))
        #expect(flag.office == edu && flag.intent == "water_outage" && flag.suggestedDepartment == "watersupply")
        #expect(flag.score > 0.9 && flag.score <= 1)
        #expect(page.flags.allSatisfy { $0.kind == .misroute })
        // The history (received before 2024-09) is out of the window.
        #expect(page.flags.allSatisfy { ($0.receivedAt ?? "") >= "2024-09" })
    }

    @Test func aClosedOrderCalledAboutAgainIsUnresolved() throws {
        let s = try Self.shared.get()
        let day1 = CypherDateTime(iso: "2024-08-01T12:00+08:00")!, day9 = CypherDateTime(iso: "2024-08-09T12:00+08:00")!
        let text = "我是兴宁区的，家门口的路灯坏了一个星期了，晚上很黑"
        var first = try s.create(WorkOrderCreateRequest(text: text, callerPhone: "13900001111", receivedAt: "2024-08-01T10:00+08:00"), by: "a", now: day1)
        if first.status == .pendingReview {
            first = try s.book.apply(first.id, .init(type: .dispatch, by: "a", office: try Self.office(s, department: "urban")),
                                     supervisor: false, now: day1).order
        }
        for type in [WorkOrderEventType.sign, .reply, .close] {
            try s.book.apply(first.id, .init(type: type, by: "o"), supervisor: false, now: day1)
        }
        let again = try s.create(WorkOrderCreateRequest(text: text, callerPhone: "13900001111", receivedAt: "2024-08-09T10:00+08:00"), by: "a", now: day9)
        let other = try s.create(WorkOrderCreateRequest(text: text, callerPhone: "13900002222", receivedAt: "2024-08-09T10:00+08:00"), by: "a", now: day9)
        #expect(again.intent == first.intent && other.intent == first.intent)
        let page = try s.quality(QualityRequest(since: "2024-08-01T00:00:00+08:00", kind: "unresolved", limit: "1000"), now: day9)
        let flag = try #require(page.flags.first { $0.id == first.id })
        #expect(flag.evidence.map(\.code) == ["repeat_call"])
        #expect(flag.evidence[0].detail.contains(again.id))
        #expect(!page.flags.contains { $0.id == again.id || $0.id == other.id })
        #expect(page.counts.unresolved == page.total)
    }

    @Test func badParametersAreRefused() throws {
        let s = try Self.shared.get()
        #expect(throws: WorkOrderError.self) { try s.quality(QualityRequest(kind: "late")) }
        #expect(throws: WorkOrderError.self) { try s.quality(QualityRequest(since: "yesterday")) }
        #expect(throws: (any Error).self) { try s.quality(QualityRequest(limit: "0")) }
    }

    @Test func onTheHistoryTheDetectorsAreScoredAgainstTheGeneratorsTruth() throws {
        let s = try Self.shared.get()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let reference = try ReferenceCatalog.load(folder: root.appendingPathComponent("Datasets/reference").path)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("quality-truth-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        // The tiny demo is the generator's tiny scale with seed 1: the same orders.
        _ = try DatasetGenerator(configuration: .init(scale: .tiny, seed: 1, outputFolder: out), reference: reference).run()
        let evaluation = try QualityEvaluation(inspector: try s.inspection(), truthFile: out + "/truth/work_orders.csv")
        #expect(evaluation.orders > 500)
        let share = Double(evaluation.misrouted) / Double(evaluation.orders)
        #expect(share > 0.06 && share < 0.2)
        let score = Dictionary(uniqueKeysWithValues: evaluation.scores.map { ($0.detector, $0) })
        let text = try #require(score["router_disagrees"]), all = try #require(score["inspection (any evidence)"])
        let baseline = try #require(score["baseline: dissatisfied follow-up"])
        #expect(text.recall > 0.8 && text.precision > 0.6)
        #expect(all.recall > 0.95 && all.precision > baseline.precision + 0.3)
        #expect(throws: (any Error).self) { try QualityEvaluation(inspector: try s.inspection(), truthFile: out + "/nothing.csv") }
    }
}

/// The close-time model on the tiny demo's history: a time-ordered evaluation against the office's
/// late rate, with probabilities and a reliability table that add up.
@Suite struct CloseTimeModelTests {
    @Test func theModelIsEvaluatedOnLaterOrdersAgainstTheOfficeRate() throws {
        let s = try QualityInspectionTests.shared.get()
        let cases = try s.closeTimeCases()
        let e = try OverdueEvaluation(cases: cases, calendar: s.book.calendar, trainShare: 0.7)
        #expect(e.trainingOrders > 700 && e.testOrders > 200 && e.lateShare > 0.2 && e.lateShare < 0.8)
        #expect(e.reliability.reduce(0) { $0 + $1.orders } == e.testOrders)
        let model = try #require(e.scores.first { $0.predictor.contains("Cox") })
        #expect(e.scores.count == 2 && e.scores.allSatisfy { (0...1).contains($0.auc) && (0...1).contains($0.brier) })
        #expect(model.auc > 0.52 && model.calibrationError < 0.15)
        // Sent to the wrong office: slower (the generator doubles such orders' handling time).
        #expect((e.hazardRatios["rerouted"] ?? 1) < 0.9)
        #expect(throws: (any Error).self) { try OverdueEvaluation(cases: cases, calendar: s.book.calendar, trainShare: 0.99) }
        #expect(throws: (any Error).self) { try OverdueEvaluation(cases: Array(cases.prefix(20)), calendar: s.book.calendar) }
    }
}
