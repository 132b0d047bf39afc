import Hummingbird
import NIOCore

/// The request context of every GovBrain route: Hummingbird's core storage plus the shared
/// record of the caller, request id and result size, and the client's connection.
public struct GovBrainRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let record = RequestRecord()
    /// The connection the request came on; its address is written out only when asked for, and
    /// a body that is late is cut off through it (`BodyDeadlines`).
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The peer's IP address (rate limits of requests without a key). Written on each call:
    /// a request with a valid key never needs it (formatting it per request cost about 1 %).
    public var remoteAddress: String? { channel.remoteAddress?.ipAddress }

    /// Bodies are collected (and limited) by `AccessMiddleware`; this is only Hummingbird's own decoding cap.
    public var maxUploadSize: Int { 8 << 20 }

    /// The caller, for routes that mask or restrict by role.
    public var principal: Principal? { record.principal }
}
