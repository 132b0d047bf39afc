/// Where a work order is in the hotline's loop (接诉即办).
public enum WorkOrderStatus: String, Sendable, Codable, CaseIterable {
    /// Accepted (受理) but the router was not sure: an agent dispatches it.
    case pendingReview = "pending_review"
    /// Dispatched (派单) to an office, not yet signed for.
    case dispatched
    /// Signed for (签收) by the office, being handled (办理).
    case signed
    /// Returned (退单) by the office as not theirs: the centre dispatches it again.
    case returned
    /// The office replied (答复) to the caller.
    case replied
    /// The centre followed up with the caller (回访).
    case visited
    /// Closed (办结).
    case closed

    /// Every status but `closed`.
    public var isOpen: Bool { self != .closed }
}
