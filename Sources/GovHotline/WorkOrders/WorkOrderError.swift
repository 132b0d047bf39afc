import KGCore

/// Errors of the work-order loop: malformed requests (400), unknown orders (404), transitions the
/// state machine does not allow and concurrent changes (409), actions beyond the caller's role (403).
public struct WorkOrderError: GovBrainError {
    public let code: ErrorCode
    public let message: String
    public var phase: String { "workorder" }

    public init(code: ErrorCode, message: String) { self.code = code; self.message = message }

    public static func invalid(_ message: String) -> WorkOrderError { WorkOrderError(code: .invalidWorkOrderRequest, message: message) }
}
