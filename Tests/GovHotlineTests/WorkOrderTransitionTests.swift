import Testing
@testable import GovHotline

/// The work-order state machine, event by event and status by status: the allowed transitions
/// lead where the loop says, every other pair is refused.
@Suite struct WorkOrderTransitionTests {
    /// The loop as a table, written out independently of `allowedFrom`: (event, from) → to.
    static let allowed: [WorkOrderEventType: [WorkOrderStatus: WorkOrderStatus]] = [
        .dispatch: [.pendingReview: .dispatched, .returned: .dispatched],
        .sign: [.dispatched: .signed],
        .return: [.dispatched: .returned, .signed: .returned],
        .reassign: [.pendingReview: .dispatched, .dispatched: .dispatched, .signed: .dispatched, .returned: .dispatched],
        .reply: [.signed: .replied],
        .visit: [.replied: .visited],
        .close: [.replied: .closed, .visited: .closed],
        .reopen: [.closed: .dispatched],
        .extend: [.dispatched: .dispatched, .signed: .signed, .returned: .returned],
        .supervise: [.pendingReview: .pendingReview, .dispatched: .dispatched, .signed: .signed, .returned: .returned,
                     .replied: .replied, .visited: .visited],
        .create: [:],
    ]

    @Test(arguments: WorkOrderEventType.allCases)
    func everyPairIsAllowedOrRefusedAsTheLoopSays(event: WorkOrderEventType) {
        let table = Self.allowed[event]!
        for status in WorkOrderStatus.allCases {
            if let to = table[status] {
                #expect(event.allowedFrom.contains(status), "\(event) from \(status) must be allowed")
                #expect(event.next(from: status) == to, "\(event) from \(status) must lead to \(to)")
                #expect(WorkOrderEventType.allowed(in: status).contains(event))
            } else {
                #expect(!event.allowedFrom.contains(status), "\(event) from \(status) must be refused")
                #expect(!WorkOrderEventType.allowed(in: status).contains(event))
            }
        }
    }

    @Test func aClosedOrderOnlyReopensAndNothingClosesWithoutAReply() {
        #expect(WorkOrderEventType.allowed(in: .closed) == [.reopen])
        for status in WorkOrderStatus.allCases where status != .replied && status != .visited {
            #expect(!WorkOrderEventType.close.allowedFrom.contains(status))
        }
        #expect(WorkOrderStatus.allCases.filter { !$0.isOpen } == [.closed])
    }

    @Test func statusesAndEventsKeepTheirWireNames() {
        #expect(WorkOrderStatus.allCases.map(\.rawValue) == ["pending_review", "dispatched", "signed", "returned", "replied", "visited", "closed"])
        #expect(WorkOrderEventType.allCases.map(\.rawValue) == ["create", "dispatch", "sign", "return", "reassign", "reply", "visit", "close", "reopen", "extend", "supervise"])
        #expect(Urgency.allCases.map(\.rawValue) == ["urgent", "priority", "normal"])
    }
}
