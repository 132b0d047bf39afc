import Synchronization

/// What the middlewares and the route learn about one request, shared between them (the
/// context is a value, so the outer middleware could not see what inner ones set otherwise).
/// One mutex, stored inline in the record, guards all fields (an `NSLock` was a second object
/// allocated per request; a record is hardly ever contended).
public final class RequestRecord: Sendable {
    private struct Fields {
        var requestID = ""
        var principal: Principal?
        var rows = 0
        var requestHash: String?
    }

    private let fields = Mutex(Fields())

    public init() {}

    /// The request id echoed in `X-Request-Id`.
    public var requestID: String {
        get { fields.withLock { $0.requestID } }
        set { fields.withLock { $0.requestID = newValue } }
    }
    /// The authenticated caller; nil without a valid key.
    public var principal: Principal? {
        get { fields.withLock { $0.principal } }
        set { fields.withLock { $0.principal = newValue } }
    }
    /// Rows (or items) the response returned, for the audit log and metrics.
    public var rows: Int {
        get { fields.withLock { $0.rows } }
        set { fields.withLock { $0.rows = newValue } }
    }
    /// SHA-256 of the request body and query string.
    public var requestHash: String? {
        get { fields.withLock { $0.requestHash } }
        set { fields.withLock { $0.requestHash = newValue } }
    }
}
