/// What happens to a work order, and from which statuses it may happen.
public enum WorkOrderEventType: String, Sendable, Codable, CaseIterable {
    /// The order was accepted; the first event of every order.
    case create
    case dispatch, sign, `return`, reassign, reply, visit, close, reopen, extend, supervise

    /// The statuses this event may be applied in (`create` only starts an order).
    public var allowedFrom: Set<WorkOrderStatus> {
        switch self {
        case .create: return []
        case .dispatch: return [.pendingReview, .returned]
        case .sign: return [.dispatched]
        case .return: return [.dispatched, .signed]
        case .reassign: return [.pendingReview, .dispatched, .signed, .returned]
        case .reply: return [.signed]
        case .visit: return [.replied]
        case .close: return [.replied, .visited]
        case .reopen: return [.closed]
        case .extend: return [.dispatched, .signed, .returned]
        case .supervise: return [.pendingReview, .dispatched, .signed, .returned, .replied, .visited]
        }
    }

    /// The status after the event, from `status` (an allowed one).
    public func next(from status: WorkOrderStatus) -> WorkOrderStatus {
        switch self {
        case .create: return status
        case .dispatch, .reassign, .reopen: return .dispatched
        case .sign: return .signed
        case .return: return .returned
        case .reply: return .replied
        case .visit: return .visited
        case .close: return .closed
        case .extend, .supervise: return status
        }
    }

    /// Events that may be applied in `status`, in declaration order.
    public static func allowed(in status: WorkOrderStatus) -> [WorkOrderEventType] {
        allCases.filter { $0.allowedFrom.contains(status) }
    }
}
