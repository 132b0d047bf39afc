import Foundation
import Prometheus
import Synchronization

/// GovBrain's Prometheus metrics (one registry per server, so test servers do not mix):
/// requests and latency per route, method and status; query and model latency; rows returned;
/// the store's size on disk; key-cache look-ups; expensive requests running and waiting.
/// (`@unchecked`: the registry is thread-safe and the descriptors are immutable.)
final class ServerMetrics: @unchecked Sendable {
    let registry = PrometheusCollectorRegistry()
    let databasePath: String

    private static let latencyBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
        .seconds(5), .seconds(10), .seconds(30),
    ]

    private let requests = MetricNameDescriptor(namespace: "govbrain", subsystem: "http", metricName: "requests", unitName: "total",
                                                helpText: "HTTP requests answered, by route, method and status")
    private let latency = MetricNameDescriptor(namespace: "govbrain", subsystem: "http", metricName: "request_duration", unitName: "seconds",
                                               helpText: "HTTP request latency, by route and method")
    private let rows = MetricNameDescriptor(namespace: "govbrain", subsystem: "http", metricName: "rows_returned", unitName: "total",
                                            helpText: "Rows or items returned, by route")
    private let query = MetricNameDescriptor(namespace: "govbrain", metricName: "query_duration", unitName: "seconds",
                                             helpText: "Cypher query latency over HTTP, by outcome")
    private let model = MetricNameDescriptor(namespace: "govbrain", metricName: "model_duration", unitName: "seconds",
                                             helpText: "Model-serving latency, by model")
    private let storeBytes = MetricNameDescriptor(namespace: "govbrain", subsystem: "store", metricName: "size", unitName: "bytes",
                                                  helpText: "Size of the database file and its write-ahead log")
    private let version = MetricNameDescriptor(namespace: "govbrain", subsystem: "graph", metricName: "version", unitName: "current",
                                               helpText: "The graph version this server's caches follow (servers over one PostgreSQL store agree within a second)")
    private let cache = MetricNameDescriptor(namespace: "govbrain", metricName: "cache_lookups", unitName: "total",
                                             helpText: "Cache look-ups, by cache and result (hit or miss)")
    private let gate = MetricNameDescriptor(namespace: "govbrain", subsystem: "expensive", metricName: "requests", unitName: "current",
                                            helpText: "Expensive requests running and waiting now")

    /// The route whose latency is a model's, and the model's name.
    private static let modelRoutes = ["/v1/hotline/route": "hotline-routing", "/v1/credit/score": "enterprise-credit",
                                      "/v1/risk/score": "enterprise-risk", "/v1/policies/recommend": "policy-recommender",
                                      "/v1/policies/search": "policy-search"]

    init(databasePath: String) { self.databasePath = databasePath }

    /// The metrics one kind of answer updates, looked up in the registry once.
    private struct RouteHandles {
        let requests: Counter
        let latency: DurationHistogram
        /// The query or model histogram of the route (per outcome for queries), if it has one.
        let outcome: DurationHistogram?
    }

    private struct RouteKey: Hashable {
        let route: String, method: String, status: Int
    }

    private struct CacheKey: Hashable {
        let cache: String, hit: Bool
    }

    /// The registry finds a metric by building its name and label list and hashing them under its
    /// lock, which cost a few per cent of a light request; the handles it returns are stable, so
    /// each route, method and status asks once. Bounded by the routes × methods × statuses the
    /// server answers (unmatched paths share one route label).
    private let handles = Mutex<[RouteKey: RouteHandles]>([:])
    private let cacheHandles = Mutex<[CacheKey: Counter]>([:])
    /// Rows per route, made at a route's first rows (a route that never returns any has no series).
    private let rowCounters = Mutex<[String: Counter]>([:])

    private func rowCounter(route: String) -> Counter {
        if let found = rowCounters.withLock({ $0[route] }) { return found }
        let made = registry.makeCounter(descriptor: rows, labels: [("route", route)])
        rowCounters.withLock { $0[route] = made }
        return made
    }

    private func routeHandles(route: String, method: String, status: Int) -> RouteHandles {
        let key = RouteKey(route: route, method: method, status: status)
        if let found = handles.withLock({ $0[key] }) { return found }
        var outcome: DurationHistogram?
        if route == "/v1/query" {
            outcome = registry.makeDurationHistogram(descriptor: query, labels: [("outcome", status < 400 ? "ok" : "error")], buckets: Self.latencyBuckets)
        } else if let name = Self.modelRoutes[route], status < 400 {
            outcome = registry.makeDurationHistogram(descriptor: model, labels: [("model", name)], buckets: Self.latencyBuckets)
        }
        let made = RouteHandles(
            requests: registry.makeCounter(descriptor: requests, labels: [("route", route), ("method", method), ("status", String(status))]),
            latency: registry.makeDurationHistogram(descriptor: latency, labels: [("route", route), ("method", method)], buckets: Self.latencyBuckets),
            outcome: outcome)
        handles.withLock { $0[key] = made }
        return made
    }

    /// Records one answered request.
    func observe(route: String, method: String, status: Int, duration: Duration, rowCount: Int) {
        let h = routeHandles(route: route, method: method, status: status)
        h.requests.increment()
        h.latency.record(duration)
        if rowCount > 0 { rowCounter(route: route).increment(by: Int64(rowCount)) }
        h.outcome?.record(duration)
    }

    /// Records a cache look-up.
    func cacheLookup(_ name: String, hit: Bool) {
        let key = CacheKey(cache: name, hit: hit)
        let counter = cacheHandles.withLock { $0[key] } ?? {
            let made = registry.makeCounter(descriptor: cache, labels: [("cache", name), ("result", hit ? "hit" : "miss")])
            cacheHandles.withLock { $0[key] = made }
            return made
        }()
        counter.increment()
    }

    /// The exposition text, with the gauges read now.
    /// `serverBytes`: the store's size on its database server (PostgreSQL), else the files are measured.
    func exposition(expensiveRunning: Int, expensiveWaiting: Int, graphVersion: Int64, serverBytes: Int64? = nil) -> String {
        let fm = FileManager.default
        var size = 0.0
        for suffix in ["", "-wal"] where serverBytes == nil {
            if let n = (try? fm.attributesOfItem(atPath: databasePath + suffix))?[.size] as? NSNumber { size += n.doubleValue }
        }
        if let serverBytes { size = Double(serverBytes) }
        registry.makeGauge(descriptor: storeBytes, labels: []).set(size)
        registry.makeGauge(descriptor: version, labels: []).set(Double(graphVersion))
        registry.makeGauge(descriptor: gate, labels: [("state", "running")]).set(Double(expensiveRunning))
        registry.makeGauge(descriptor: gate, labels: [("state", "waiting")]).set(Double(expensiveWaiting))
        return registry.emitToString()
    }
}
