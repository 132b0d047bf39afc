import Foundation
import KGEngine
import NIOCore

/// The bytes of one Bolt connection: the handshake (magic, version negotiation, a timeout for
/// clients that never send it), then chunked messages, decoded and handed to the session.
/// Anything malformed ends in a FAILURE and a closed connection, never a crash.
final class BoltChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let databases: BoltDatabases
    private let authority: BoltAuthority
    private let configuration: BoltServer.Configuration
    private let connectionID: String
    private var handshake: [UInt8] = []
    private var assembler: ChunkAssembler
    private var session: BoltSession?
    private var handshakeTimer: Scheduled<Void>?
    private var idleTimer: Scheduled<Void>?
    /// Called once when the handshake has been read (frees the address's handshake slot).
    private let handshakeFinished: @Sendable () -> Void

    init(databases: BoltDatabases, authority: BoltAuthority, configuration: BoltServer.Configuration, connectionID: String,
         handshakeFinished: @escaping @Sendable () -> Void = {}) {
        self.databases = databases; self.authority = authority; self.configuration = configuration; self.connectionID = connectionID
        self.handshakeFinished = handshakeFinished
        assembler = ChunkAssembler(maxMessageBytes: configuration.maxMessageBytes)
    }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        handshakeTimer = context.eventLoop.scheduleTask(in: .milliseconds(Int64(configuration.handshakeTimeoutSeconds * 1000))) {
            channel.close(promise: nil)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        armIdleTimer(context: context)
        var bytes = Array(buffer.readableBytesView)
        if session == nil {
            let needed = 20 - handshake.count
            handshake += bytes.prefix(needed)
            bytes = Array(bytes.dropFirst(needed))
            if handshake.count >= 4, Array(handshake.prefix(4)) != BoltVersion.magic {
                context.close(promise: nil)
                return
            }
            guard handshake.count == 20 else { return }
            handshakeTimer?.cancel()
            handshakeFinished()
            guard let version = BoltVersion.negotiate(Array(handshake.suffix(16))) else {
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: [0, 0, 0, 0]))).whenComplete { _ in channel.close(promise: nil) }
                return
            }
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: version.handshakeBytes)), promise: nil)
            let address = context.remoteAddress?.ipAddress ?? "?"
            session = BoltSession(version: version, channel: context.channel, databases: databases, authority: authority,
                                  configuration: configuration, connectionID: connectionID, address: address)
        }
        guard let session, !bytes.isEmpty else { return }
        do {
            for message in try assembler.feed(bytes) {
                do {
                    session.receive(try BoltRequest.decode(message))
                } catch let failure as BoltFailure {
                    session.protocolError(failure)
                    return
                } catch {
                    session.protocolError(.invalidFormat("the message is not valid PackStream: \(error)"))
                    return
                }
            }
        } catch {
            session.protocolError(.invalidFormat("a message is larger than the limit of \(configuration.maxMessageBytes) bytes"))
        }
    }

    /// (Re)starts the idle timeout: when it passes with no message, the connection closes unless
    /// a query of it is running (then it waits another period).
    private func armIdleTimer(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        let loop = context.eventLoop, bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        idleTimer = loop.scheduleTask(in: .milliseconds(Int64(configuration.idleTimeoutSeconds * 1000))) {
            let (handler, context) = bound.value
            if handler.session?.busy == true || handler.session?.transactionOpen == true {
                handler.armIdleTimer(context: context)
            } else {
                context.close(promise: nil)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        idleTimer?.cancel()
        session?.closed()
        session = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
