import Testing
import KGCore
@testable import GovHotline

/// The loop's rules beyond the transition table: required fields, time order, extensions,
/// escalation, corrections.
@Suite struct WorkOrderRulesTests {
    let calendar = WorkingCalendar(exceptions: [CypherDate(year: 2024, month: 10, day: 1)!: false])
    let received = CypherDateTime(iso: "2024-09-30T10:00+08:00")!

    func order(dispatch: Bool = true, office: String? = "market-450102") -> WorkOrder {
        WorkOrder.accept(id: "HL-1", text: "楼下餐馆油烟很大", address: nil, channel: "phone", receivedAt: received, urgency: .normal,
                         urgencySource: "model", intent: "food_safety", office: office, dispatch: dispatch, by: "agent-7",
                         calendar: calendar, limits: .defaults)
    }

    func later(_ hours: Int64) -> CypherDateTime { CypherDateTime(epochSeconds: received.epochSeconds + hours * 3600, offsetSeconds: 28800) }

    @discardableResult
    func apply(_ o: inout WorkOrder, _ type: WorkOrderEventType, hours: Int64 = 1, supervisor: Bool = false,
               office: String? = nil, intent: String? = nil, satisfaction: Satisfaction? = nil, until: String? = nil) throws -> WorkOrderEvent {
        try o.apply(WorkOrderEventRequest(type: type, by: "someone", office: office, intent: intent, satisfaction: satisfaction, until: until),
                    now: later(hours), supervisor: supervisor, calendar: calendar, limits: .defaults)
    }

    @Test func aSureOrderIsDispatchedByTheRouterAndRunsToClosure() throws {
        var o = order()
        #expect(o.status == .dispatched && o.events.map(\.type) == [.create, .dispatch] && o.events[1].by == "router")
        // 1 October is a holiday in this calendar: five working days end on 8 October.
        #expect(o.deadline.description == "2024-10-08T10:00+08:00")
        try apply(&o, .sign, hours: 1)
        try apply(&o, .reply, hours: 30)
        try apply(&o, .visit, hours: 40, satisfaction: .satisfied)
        let closed = try apply(&o, .close, hours: 41)
        #expect(o.status == .closed && closed.from == .visited && closed.sequence == 6)
        #expect(o.allowedEvents == [.reopen])
        let reopened = try apply(&o, .reopen, hours: 50)
        #expect(o.status == .dispatched && reopened.deadline != nil && o.deadline > later(50))
    }

    @Test func anUnsureOrderWaitsAndTheAgentsChangeIsACorrection() throws {
        var o = order(dispatch: false)
        #expect(o.status == .pendingReview && o.events.count == 1)
        let same = try apply(&o, .dispatch)
        #expect(!same.correction && o.status == .dispatched)
        var p = order(dispatch: false)
        let changed = try apply(&p, .dispatch, office: "urban-450102", intent: "urban_noise")
        #expect(changed.correction && p.office == "urban-450102" && p.intent == "urban_noise")
        #expect { try apply(&p, .reassign, office: "urban-450102") } throws: { ($0 as? WorkOrderError)?.code == .invalidWorkOrderRequest }
        let moved = try apply(&p, .reassign, office: "env-450102")
        #expect(moved.correction && p.status == .dispatched)
    }

    @Test func refusalsSayWhatIsAllowed() throws {
        var o = order()
        #expect { try apply(&o, .close) } throws: {
            let e = $0 as? WorkOrderError
            return e?.code == .conflict && e!.message.contains("allowed: sign, return, reassign, extend, supervise")
        }
        #expect { try apply(&o, .create) } throws: { ($0 as? WorkOrderError)?.code == .invalidWorkOrderRequest }
        #expect { try apply(&o, .supervise) } throws: { ($0 as? WorkOrderError)?.code == .forbidden }
        try apply(&o, .supervise, supervisor: true)
        #expect(o.status == .dispatched)
        try apply(&o, .sign)
        try apply(&o, .reply)
        #expect { try apply(&o, .visit) } throws: { ($0 as? WorkOrderError)?.message.contains("satisfaction") == true }
        #expect { try apply(&o, .close, office: "x") } throws: { ($0 as? WorkOrderError)?.code == .invalidWorkOrderRequest }
        #expect(o.status == .replied && o.events.count == 5)
    }

    @Test func extensionsMoveTheDeadlineAndAfterItOnlyASupervisorGrantsOne() throws {
        var o = order()
        #expect { try apply(&o, .extend) } throws: { ($0 as? WorkOrderError)?.message.contains("until") == true }
        #expect { try apply(&o, .extend, until: "2024-10-01T00:00+08:00") } throws: { ($0 as? WorkOrderError)?.message.contains("not after") == true }
        #expect { try apply(&o, .extend, until: "2025-10-01T00:00+08:00") } throws: { ($0 as? WorkOrderError)?.message.contains("90 days") == true }
        // Overdue is judged by the clock: a backdated request does not make an overdue order extendable.
        #expect { try o.apply(WorkOrderEventRequest(type: .extend, by: "x", until: "2024-10-20T10:00+08:00", at: "2024-10-07T10:00+08:00"),
                              now: later(264 + 12), supervisor: false, calendar: calendar, limits: .defaults) } throws: {
            ($0 as? WorkOrderError)?.message.contains("more than a day ago") == true
        }
        #expect { try apply(&o, .extend, until: "next week") } throws: { ($0 as? WorkOrderError)?.message.contains("ISO 8601") == true }
        let extended = try apply(&o, .extend, until: "2024-10-10T10:00+08:00")
        #expect(o.deadline.description == "2024-10-10T10:00+08:00" && extended.deadline == "2024-10-10T10:00+08:00")
        // 11 days later the order is overdue.
        #expect { try apply(&o, .extend, hours: 264, until: "2024-10-20T10:00+08:00") } throws: { ($0 as? WorkOrderError)?.code == .conflict }
        try apply(&o, .extend, hours: 264, supervisor: true, until: "2024-10-20T10:00+08:00")
        #expect(o.deadline.description == "2024-10-20T10:00+08:00")
    }

    @Test func eventsAreRecordedInTimeOrderAndNotInTheFuture() throws {
        var o = order()
        try apply(&o, .sign, hours: 5)
        #expect { try o.apply(WorkOrderEventRequest(type: .reply, by: "x", at: "2024-09-30T11:00+08:00"), now: later(6), supervisor: false,
                              calendar: calendar, limits: .defaults) } throws: { ($0 as? WorkOrderError)?.message.contains("before the order's last event") == true }
        #expect { try o.apply(WorkOrderEventRequest(type: .reply, by: "x", at: "2024-10-30T11:00+08:00"), now: later(6), supervisor: false,
                              calendar: calendar, limits: .defaults) } throws: { ($0 as? WorkOrderError)?.message.contains("future") == true }
        #expect { try o.apply(WorkOrderEventRequest(type: .reply, by: "  "), now: later(6), supervisor: false,
                              calendar: calendar, limits: .defaults) } throws: { ($0 as? WorkOrderError)?.message.contains("\"by\"") == true }
        #expect(o.status == .signed && o.events.count == 3)
    }

    @Test func anOrderWithoutAnOfficeCannotBeDispatchedWithoutOne() throws {
        var o = order(dispatch: true, office: nil)
        #expect(o.status == .pendingReview)
        #expect { try apply(&o, .dispatch) } throws: { ($0 as? WorkOrderError)?.message.contains("needs an \"office\"") == true }
        try apply(&o, .dispatch, office: "market-450102")
        #expect(o.status == .dispatched && o.events.last!.correction)
    }
}
