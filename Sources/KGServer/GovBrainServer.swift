import Foundation
import Hummingbird
import KGCore
import KGEngine
import Logging
import NIOCore

/// The HTTP service: GovBrain's routes on Hummingbird 2.
///
/// Every response carries an `X-Request-Id`; every error is the JSON body
/// `{"error":{"code","message","line","column","requestId"}}`. SIGTERM and SIGINT shut the
/// server down gracefully (in-flight requests finish).
public struct GovBrainServer: Sendable {
    /// Where and how to serve.
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        /// The longest a query may run; a request may ask for less.
        public var queryTimeoutSeconds: Double
        /// The most rows a query may return; a request may ask for fewer.
        public var maxRows: Int
        /// The largest request body accepted.
        public var maxRequestBytes: Int
        /// The `Models/` folder (default: the project's).
        public var modelsPath: String?

        public init(host: String = "127.0.0.1", port: Int = 8080, queryTimeoutSeconds: Double = 30, maxRows: Int = 100_000,
                    maxRequestBytes: Int = 1 << 20, modelsPath: String? = nil) {
            self.host = host; self.port = port; self.modelsPath = modelsPath
            self.queryTimeoutSeconds = queryTimeoutSeconds; self.maxRows = maxRows; self.maxRequestBytes = maxRequestBytes
        }

        /// Checks the settings.
        public func validate() throws {
            guard (0...65535).contains(port) else {
                throw EngineError(code: ErrorCode("InvalidConfiguration"), message: "port \(port) is out of range 0–65535")
            }
            guard !host.isEmpty else { throw EngineError(code: ErrorCode("InvalidConfiguration"), message: "host is empty") }
            guard queryTimeoutSeconds > 0 else { throw EngineError(code: ErrorCode("InvalidConfiguration"), message: "the query timeout must be positive") }
            guard maxRows > 0 else { throw EngineError(code: ErrorCode("InvalidConfiguration"), message: "the row cap must be positive") }
        }
    }

    public let graph: KnowledgeGraph
    public let configuration: Configuration
    /// Hotline routing, statistics and hotspots.
    public let hotline: HotlineService

    public init(graph: KnowledgeGraph, configuration: Configuration) {
        self.graph = graph
        self.configuration = configuration
        hotline = HotlineService(graph: graph, modelsPath: configuration.modelsPath)
        if let models = configuration.modelsPath { graph.supervision.modelsPath = models }
    }

    /// The router with every route, for tests that call routes directly.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: ErrorMiddleware())
        HealthRoutes(graph: graph).register(on: router)
        StatsRoutes(graph: graph).register(on: router)
        QueryRoutes(graph: graph, limits: configuration).register(on: router)
        SimilarRoutes(graph: graph, limits: configuration).register(on: router)
        AlgorithmRoutes(graph: graph, limits: configuration).register(on: router)
        HotlineRoutes(hotline: hotline, limits: configuration).register(on: router)
        SupervisionRoutes(supervision: graph.supervision, limits: configuration).register(on: router)
        return router
    }

    /// Serves until cancelled or signalled; calls `onStarted` with the bound port.
    public func run(onStarted: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try configuration.validate()
        var logger = Logger(label: "govbrain")
        logger.logLevel = .warning
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "GovBrain"),
            onServerRunning: { channel in await onStarted(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.runService()
    }
}
