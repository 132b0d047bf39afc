import Foundation

/// What the middlewares and the route learn about one request, shared between them (the
/// context is a value, so the outer middleware could not see what inner ones set otherwise).
public final class RequestRecord: @unchecked Sendable {
    private let lock = NSLock()
    private var _requestID = ""
    private var _principal: Principal?
    private var _rows = 0
    private var _requestHash: String?

    public init() {}

    private func locked<T>(_ body: () -> T) -> T { lock.lock(); defer { lock.unlock() }; return body() }

    /// The request id echoed in `X-Request-Id`.
    public var requestID: String {
        get { locked { _requestID } }
        set { locked { _requestID = newValue } }
    }
    /// The authenticated caller; nil without a valid key.
    public var principal: Principal? {
        get { locked { _principal } }
        set { locked { _principal = newValue } }
    }
    /// Rows (or items) the response returned, for the audit log and metrics.
    public var rows: Int {
        get { locked { _rows } }
        set { locked { _rows = newValue } }
    }
    /// SHA-256 of the request body and query string.
    public var requestHash: String? {
        get { locked { _requestHash } }
        set { locked { _requestHash = newValue } }
    }
}
