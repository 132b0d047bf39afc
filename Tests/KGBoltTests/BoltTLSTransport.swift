import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// A blocking TLS connection to 127.0.0.1 for `BoltTestClient`: verifies the server against
/// `trustRoot` (a PEM file) for the host name `localhost`, or verifies nothing (`bolt+ssc://`).
final class BoltTLSTransport: BoltTestTransport {
    /// The bytes received and whether the connection has ended.
    private struct Inbox { var bytes: [UInt8] = []; var closed = false }

    /// Appends what arrives to the inbox; an end or an error marks it closed.
    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let inbox: NIOLockedValueBox<Inbox>
        init(_ inbox: NIOLockedValueBox<Inbox>) { self.inbox = inbox }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let bytes = Array(unwrapInboundIn(data).readableBytesView)
            inbox.withLockedValue { $0.bytes += bytes }
        }
        func channelInactive(context: ChannelHandlerContext) { inbox.withLockedValue { $0.closed = true } }
        func errorCaught(context: ChannelHandlerContext, error: Error) {
            inbox.withLockedValue { $0.closed = true }
            context.close(promise: nil)
        }
    }

    private let channel: Channel
    private let inbox = NIOLockedValueBox(Inbox())
    private let timeout: Double

    init(port: Int, trustRoot: String?, timeout: Double = 10) throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let trustRoot { tls.trustRoots = .file(trustRoot) } else { tls.certificateVerification = .none }
        let context = try NIOSSLContext(configuration: tls)
        let inbox = self.inbox
        self.timeout = timeout
        channel = try ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: "localhost"))
                    try channel.pipeline.syncOperations.addHandler(Collector(inbox))
                }
            }
            .connect(host: "127.0.0.1", port: port).wait()
    }

    deinit { channel.close(promise: nil) }

    func send(_ bytes: [UInt8]) {
        try? channel.writeAndFlush(ByteBuffer(bytes: bytes)).wait()
    }

    func receive(_ count: Int) -> [UInt8]? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let taken = inbox.withLockedValue { box -> [UInt8]?? in
                if box.bytes.count >= count {
                    defer { box.bytes.removeFirst(count) }
                    return .some(Array(box.bytes.prefix(count)))
                }
                return box.closed ? .some(nil) : nil
            }
            if let taken { return taken }
            usleep(2_000)
        }
        return nil
    }
}
