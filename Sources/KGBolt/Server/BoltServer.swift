import Foundation
import KGEngine
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// GovBrain's Bolt listener: Neo4j drivers and tools connect here (`bolt://` and `neo4j://`
/// URLs, with TLS `bolt+s://` and `neo4j+s://`) and run Cypher with the same keys, roles, limits and audit as `POST /v1/query`.
///
/// Each connection has its own state machine (`BoltSession`) on a NIO event loop and its own
/// worker thread for its blocking work (key look-ups, admission, queries, transactions), started at
/// authentication and ended when the connection closes.
public final class BoltServer: Sendable {
    /// Settings of the listener.
    public struct Configuration: Sendable {
        public var host: String
        /// 0 picks a free port (see `start`'s answer).
        public var port: Int
        /// A connection that has not finished the handshake by then is closed.
        public var handshakeTimeoutSeconds: Double = 10
        /// The largest message accepted; a larger one closes the connection.
        public var maxMessageBytes: Int = 16 << 20
        /// The most connections open at once; one more is closed at once (drivers report the
        /// server unavailable and retry), so idle pools cannot exhaust the server's threads.
        public var maxConnections = 1000
        /// The most connections one address may hold that have not finished the Bolt handshake
        /// (TLS included); one more is closed at once, so silent sockets from one host cannot take
        /// the whole `maxConnections` (a finished handshake frees the slot).
        public var maxHandshakingPerAddress = 32
        /// A connection that sends nothing for this long while no query of it runs is closed
        /// (an open transaction ends by its own timeout first).
        public var idleTimeoutSeconds: Double = 1800
        /// The longest an explicit transaction may stay open (a client's `tx_timeout` may only lower it).
        public var transactionTimeoutSeconds: Double = 300
        /// How long the database lets a writing transaction of the served graph stay idle before
        /// it ends it and frees the writer lock (PostgreSQL's `idle_in_transaction_session_timeout`,
        /// set on the store's writing connection at `start`); nil: `transactionTimeoutSeconds` + 30 s,
        /// so this server's own timer ends an abandoned transaction first and the database's is the
        /// backstop for a server that hangs with one open. Nothing on SQLite.
        public var storeIdleTransactionTimeoutSeconds: Double?
        /// The `host:port` routing tables give; nil: the address each client reached.
        public var advertisedAddress: String?
        /// The databases besides the served one that `db` may select (`--bolt-databases`).
        public var databases = BoltDatabases.Configuration()
        /// TLS (`--bolt-tls-cert/--bolt-tls-key`); nil: plain TCP. With TLS every connection must
        /// start with a TLS handshake (drivers' `bolt+s://`, `neo4j+s://`, `bolt+ssc://`).
        public var tls: BoltTLS?

        public init(host: String, port: Int) { self.host = host; self.port = port }

        /// Checks the ranges.
        /// - Throws: `BoltFailure` naming the setting out of range.
        public func validate() throws {
            guard (0...65535).contains(port) else { throw BoltFailure.protocolViolation("the Bolt port \(port) is out of range 0–65535") }
            guard !host.isEmpty else { throw BoltFailure.protocolViolation("the Bolt host is empty") }
            guard maxConnections >= 1 else { throw BoltFailure.protocolViolation("the Bolt connection cap must be at least 1") }
            guard maxHandshakingPerAddress >= 1 else { throw BoltFailure.protocolViolation("the Bolt per-address handshake cap must be at least 1") }
            guard handshakeTimeoutSeconds > 0, transactionTimeoutSeconds > 0, idleTimeoutSeconds > 0, (storeIdleTransactionTimeoutSeconds ?? 1) > 0 else {
                throw BoltFailure.protocolViolation("the Bolt timeouts must be positive")
            }
            guard maxMessageBytes >= 1024 else { throw BoltFailure.protocolViolation("the Bolt message limit must be at least 1024 bytes") }
            try databases.validate()
        }
    }

    public let configuration: Configuration
    let databases: BoltDatabases
    let authority: BoltAuthority
    private let channel = NIOLockedValueBox<Channel?>(nil)
    private let connections = NIOLockedValueBox(0)
    /// The connections open now.
    private let active = NIOLockedValueBox(0)
    /// Connections still in the handshake, by remote address.
    private let handshaking = NIOLockedValueBox<[String: Int]>([:])

    public init(configuration: Configuration, graph: KnowledgeGraph, authority: BoltAuthority) {
        self.configuration = configuration; self.authority = authority
        databases = BoltDatabases(served: graph, configuration: configuration.databases)
    }

    /// Binds and starts accepting connections.
    /// - Returns: the bound port.
    /// - Throws: when the address cannot be bound.
    @discardableResult
    public func start() async throws -> Int {
        try configuration.validate()
        try databases.served.limitIdleWriteTransactions(
            seconds: configuration.storeIdleTransactionTimeoutSeconds ?? configuration.transactionTimeoutSeconds + Self.storeIdleMarginSeconds)
        let tlsContext = try configuration.tls?.makeContext()
        let databases = self.databases, authority = self.authority, configuration = self.configuration, connections = self.connections
        let active = self.active, handshaking = self.handshaking
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                let admitted = active.withLockedValue { open -> Bool in
                    guard open < configuration.maxConnections else { return false }
                    open += 1
                    return true
                }
                guard admitted else { return channel.close() }
                channel.closeFuture.whenComplete { _ in active.withLockedValue { $0 -= 1 } }
                let address = channel.remoteAddress?.ipAddress ?? "?"
                let slot = HandshakeSlot(address: address, table: handshaking)
                guard slot.take(limit: configuration.maxHandshakingPerAddress) else { return channel.close() }
                channel.closeFuture.whenComplete { _ in slot.release() }
                let id = connections.withLockedValue { count -> Int in count += 1; return count }
                return channel.eventLoop.makeCompletedFuture {
                    if let tlsContext { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tlsContext)) }
                    try channel.pipeline.syncOperations.addHandler(
                        BoltChannelHandler(databases: databases, authority: authority, configuration: configuration, connectionID: "bolt-\(id)",
                                           handshakeFinished: { slot.release() }))
                }
            }
        let bound = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        channel.withLockedValue { $0 = bound }
        return bound.localAddress?.port ?? configuration.port
    }

    /// What the database's idle-transaction limit adds to `transactionTimeoutSeconds` by default.
    public static let storeIdleMarginSeconds: Double = 30

    /// The number of connections open now.
    public var openConnections: Int { active.withLockedValue { $0 } }

    /// Stops accepting connections (open ones end with their clients).
    public func stop() async {
        let bound = channel.withLockedValue { c -> Channel? in defer { c = nil }; return c }
        try? await bound?.close()
    }
}
