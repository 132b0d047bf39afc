import Foundation
import Hummingbird
import HummingbirdCore
import KGCore
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine
import KGAccess
import KGBolt
import Logging
import NIOCore
import NIOPosix

/// The HTTP service: GovBrain's routes on Hummingbird 2, behind the access layer.
///
/// Every request passes, outermost first: `RequestLogMiddleware` (request id, audit entry,
/// metrics, structured log), `ErrorMiddleware` (every error as the JSON error body),
/// `AccessMiddleware` (body limit, API key, rate limit), then the route's own access rule and,
/// for expensive routes, the concurrency gate. SIGTERM and SIGINT shut the server down
/// gracefully (in-flight requests finish, the audit log is flushed).
public struct GovBrainServer: Sendable {
    public let graph: KnowledgeGraph
    public let configuration: ServerConfiguration
    /// Hotline routing, statistics and hotspots.
    public let hotline: HotlineService
    /// The hotline's work orders (the closed loop).
    public let workOrders: WorkOrderService
    /// The editable, versioned hotline knowledge base.
    public let knowledge: KnowledgeEntryService
    /// Credit and risk scores, alerts and inspection draws.
    public let supervision: SupervisionService
    /// Policy search, recommendation and push lists.
    public let policies: PolicyService
    /// API keys and the audit log.
    public let access: AccessStore
    /// Webhook subscriptions to risk alerts and their delivery queue.
    public let webhooks: WebhookStore
    /// Watches the alerts for the SSE stream and the webhooks.
    let alertHub: AlertStreamHub
    /// The routes registered, with their access rules (filled by `makeRouter`).
    public let routeTable = RouteTable()
    let metrics: ServerMetrics
    let readiness = Readiness()
    /// The dashboard's aggregate figures (computed during warm-up, then per graph version).
    let dashboard: DashboardSummary
    let gate: ConcurrencyGate
    /// One thread per expensive request the gate lets run (see `BlockingPool`).
    let expensivePool: NIOThreadPool
    let audit: AuditWriter
    let keys: KeyVerifier
    /// The rate limit per caller and the failed-authentication limit per address, shared by
    /// HTTP and Bolt.
    let limiter: RateLimiter
    let failures: RateLimiter
    let logger: Logger

    public init(graph: KnowledgeGraph, configuration: ServerConfiguration, logger: Logger? = nil) throws {
        self.graph = graph
        self.configuration = configuration
        hotline = HotlineService(graph: graph, modelsPath: configuration.models)
        workOrders = try WorkOrderService(hotline: hotline)
        knowledge = KnowledgeEntryService(hotline: hotline)
        supervision = SupervisionService(graph: graph)
        policies = PolicyService(graph: graph)
        if let models = configuration.models { supervision.modelsPath = models; policies.modelsPath = models }
        access = try AccessStore.open(store: graph.graphStore, auditSecretFile: configuration.auditSecretFile)
        webhooks = try WebhookStore.open(store: graph.graphStore)
        alertHub = AlertStreamHub(graph: graph)
        metrics = ServerMetrics(databasePath: graph.path)
        gate = ConcurrencyGate(limit: configuration.maxConcurrentExpensive, queueLimit: configuration.maxQueuedExpensive)
        // Started by `run` and shut down when it returns.
        expensivePool = NIOThreadPool(numberOfThreads: configuration.maxConcurrentExpensive)
        var log = logger ?? Logger(label: "govbrain") { JSONLogHandler(label: $0) }
        log.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info
        self.logger = log
        // The audit appends get a connection of their own: an append waiting for another server's
        // lock must not hold up the key checks of requests, which use `access`.
        audit = AuditWriter(store: try AccessStore.open(store: graph.graphStore, auditSecretFile: configuration.auditSecretFile),
                            interval: .milliseconds(configuration.auditFlushMilliseconds),
                            spillPath: graph.graphStore.sidecarBase + ".audit-spill.jsonl", logger: log)
        let metrics = self.metrics
        keys = KeyVerifier(store: access) { hit in metrics.cacheLookup("api-key", hit: hit) }
        dashboard = DashboardSummary(graph: graph)
        limiter = RateLimiter(ratePerSecond: configuration.rateLimitPerSecond, burst: configuration.rateLimitBurst)
        failures = RateLimiter(ratePerSecond: configuration.authFailuresPerSecond, burst: configuration.authFailureBurst)
    }

    /// The router with every route.
    public func makeRouter() -> Router<GovBrainRequestContext> {
        let router = Router(context: GovBrainRequestContext.self)
        router.add(middleware: RequestLogMiddleware(audit: audit, metrics: metrics, logger: logger))
        router.add(middleware: ErrorMiddleware(routes: routeTable))
        router.add(middleware: AccessMiddleware(keys: keys, limiter: limiter, failures: failures,
                                                bodies: BodyBudget(totalLimit: configuration.maxConcurrentBodyBytes,
                                                                   perCallerLimit: configuration.maxConcurrentBodyBytesPerKey),
                                                access: access, maxRequestBytes: configuration.maxRequestBytes,
                                                bodyTimeoutSeconds: configuration.bodyTimeoutSeconds, deadlines: BodyDeadlines()))
        let routes = RouteRegistrar(router: router, table: routeTable, gate: gate, expensivePool: expensivePool)
        HealthRoutes(graph: graph, readiness: readiness, metrics: metrics, gate: gate, calendar: workOrders.book.calendar).register(on: routes)
        StatsRoutes(graph: graph).register(on: routes)
        QueryRoutes(graph: graph, limits: configuration).register(on: routes)
        SimilarRoutes(graph: graph, limits: configuration).register(on: routes)
        AlgorithmRoutes(graph: graph, limits: configuration).register(on: routes)
        HotlineRoutes(hotline: hotline, limits: configuration).register(on: routes)
        WorkOrderRoutes(orders: workOrders, limits: configuration).register(on: routes)
        KnowledgeRoutes(knowledge: knowledge, limits: configuration).register(on: routes)
        SupervisionRoutes(supervision: supervision, policies: policies, limits: configuration, hub: alertHub).register(on: routes)
        SupervisionItemRoutes(supervision: supervision, limits: configuration).register(on: routes)
        WebhookRoutes(store: webhooks, limits: configuration).register(on: routes)
        DashboardRoutes(summary: dashboard, names: DashboardNames(graph: graph),
                        folder: ResourceLocator.projectRoot().map { $0 + "/Sources/KGServer/Dashboard" }).register(on: routes)
        OpenAPIRoutes(table: routeTable).register(on: routes)
        return router
    }

    /// Loads the models (the server reports ready when done); returns each model's state.
    @discardableResult
    public func warmUp() -> [String: String] {
        var states = Readiness.warmUp(hotline: hotline, supervision: supervision, policies: policies)
        do { _ = try dashboard.document(); states["dashboard-summary"] = "loaded" } catch { states["dashboard-summary"] = "unavailable: \(error)" }
        // Cypher's expansions from memory (CSRAdjacency): the file import left, or built now; without it they read SQLite.
        _ = try? graph.ensureAdjacency()
        readiness.finish(states)
        return states
    }

    /// Writes the queued audit entries now (tests and shutdown).
    public func flushAudit() { audit.flush() }

    /// The Bolt listener of `boltPort` (nil when the configuration has none), with the access
    /// layer of the HTTP routes.
    public func makeBoltServer() -> BoltServer? {
        guard let port = configuration.boltPort else { return nil }
        var bolt = BoltServer.Configuration(host: configuration.boltHost ?? configuration.host, port: port)
        bolt.transactionTimeoutSeconds = configuration.boltTransactionTimeoutSeconds
        bolt.maxMessageBytes = configuration.boltMaxMessageBytes
        bolt.maxConnections = configuration.boltMaxConnections
        bolt.maxHandshakingPerAddress = configuration.boltMaxHandshakingPerAddress
        bolt.idleTimeoutSeconds = configuration.boltIdleTimeoutSeconds
        bolt.databases = BoltDatabases.Configuration(directory: configuration.boltDatabases)
        bolt.databases.createMissing = configuration.boltCreateDatabases
        bolt.databases.maxOpen = configuration.boltMaxOpenDatabases
        if let certificate = configuration.boltTlsCert, let key = configuration.boltTlsKey {
            bolt.tls = BoltTLS(certificatePath: certificate, keyPath: key)
        }
        let gateway = BoltGateway(keys: keys, limiter: limiter, failures: failures, gate: gate, auditWriter: audit, access: access,
                                  configuration: configuration)
        return BoltServer(configuration: bolt, graph: graph, authority: gateway)
    }

    /// Serves until cancelled or signalled; calls `onStarted` with the bound HTTP port, and
    /// `onBoltStarted` with the Bolt port when `boltPort` is set. Models load in the
    /// background; `/readyz` says when they are in.
    public func run(onStarted: @escaping @Sendable (Int) async -> Void = { _ in },
                    onBoltStarted: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try configuration.validate()
        let bolt = makeBoltServer()
        if let bolt { await onBoltStarted(try await bolt.start()) }
        let app = Application(
            router: makeRouter(),
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "GovBrain"),
            services: [audit, WebhookDispatcher(store: webhooks, hub: alertHub, configuration: configuration, logger: logger),
                       AdjacencyRefresher(graph: graph, isWarm: { [readiness] in readiness.snapshot.warmed }, logger: logger)],
            onServerRunning: { channel in await onStarted(channel.localAddress?.port ?? 0) },
            logger: logger)
        let server = self
        // Warm-up is blocking work (reading the store, fitting nothing): off the cooperative pool.
        let warm = Task { _ = try? await BlockingPool.run { server.warmUp() } }
        defer { warm.cancel() }
        expensivePool.start()
        do {
            try await app.runService()
        } catch {
            await bolt?.stop()
            try? await expensivePool.shutdownGracefully()
            throw error
        }
        await bolt?.stop()
        try? await expensivePool.shutdownGracefully()
        audit.flush()
    }
}
