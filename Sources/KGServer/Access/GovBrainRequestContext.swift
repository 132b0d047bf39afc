import Hummingbird
import NIOCore

/// The request context of every GovBrain route: Hummingbird's core storage plus the shared
/// record of the caller, request id and result size, and the client's address.
public struct GovBrainRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let record = RequestRecord()
    /// The peer's IP address (rate limits of requests without a key).
    public let remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Bodies are collected (and limited) by `AccessMiddleware`; this is only Hummingbird's own decoding cap.
    public var maxUploadSize: Int { 8 << 20 }

    /// The caller, for routes that mask or restrict by role.
    public var principal: Principal? { record.principal }
}
