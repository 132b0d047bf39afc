import Foundation
import Testing
import KGCore
import KGEngine
import GovBrainTestSupport
@testable import GovHotline

/// The demo's live orders: simulated calls go through the loop up to a clock, leaving orders in
/// several states with events the state machine allowed, and the agents' corrections stored.
@Suite struct WorkOrderSimulationTests {
    @Test func simulatedCallsLeaveOrdersInManyStatesWithLawfulEvents() throws {
        let path = try TinyDemo.copyInNewFolder(prefix: "sim").path
        let service = try WorkOrderService(hotline: HotlineService(graph: try KnowledgeGraph.open(path: path)))
        let clock = CypherDateTime(iso: "2025-03-01T12:00+08:00")!.epochSeconds
        let texts: [(String, String?)] = [
            ("我是青秀区的，我们小区停水两天了，什么时候恢复供水？", "water_outage"), ("兴宁区朝阳路的路灯坏了一个星期了", "municipal_facilities"),
            ("西乡塘区有家饭店后厨很脏，吃了拉肚子", nil), ("楼下工地晚上十二点还在施工，吵得睡不着", nil),
            ("公司拖欠我们三个月工资了，老板联系不上", "wage_arrears"), ("我家厨房着火了，里面还有老人，快派人来！", nil),
        ]
        var calls: [WorkOrderSimulation.Call] = []
        for i in 0..<36 {
            let (text, intent) = texts[i % texts.count]
            calls.append(.init(text: text, intent: intent, adcode: "450103", callerPhone: "1390000\(String(format: "%04d", i))", channel: "phone",
                               receivedAt: clock - Int64(i) * 7 * 3_600 - 600))
        }
        var simulation = WorkOrderSimulation(service: service, seed: 3)
        let statuses = try simulation.run(calls, clock: clock)
        #expect(statuses.values.reduce(0, +) == 36)
        #expect(statuses.keys.count >= 4 && (statuses[.closed] ?? 0) > 0)
        let orders = try service.book.list(.init(), limit: 100, offset: 0).orders
        #expect(orders.count == 36)
        for order in orders {
            // Every event follows one the state machine allows, in time order, none after the clock.
            var status: WorkOrderStatus? = nil
            var last = Int64.min
            for e in order.events {
                if e.type != .create { #expect(status.map { e.type.allowedFrom.contains($0) } == true) }
                let at = try #require(CypherDateTime(iso: e.at)).epochSeconds
                #expect(at >= last && at <= clock)
                last = at
                status = e.to
            }
            #expect(status == order.status)
        }
    }
}
