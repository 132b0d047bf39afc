import Foundation
import Prometheus

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

    /// Records one answered request.
    func observe(route: String, method: String, status: Int, duration: Duration, rowCount: Int) {
        registry.makeCounter(descriptor: requests, labels: [("route", route), ("method", method), ("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: latency, labels: [("route", route), ("method", method)], buckets: Self.latencyBuckets)
            .record(duration)
        if rowCount > 0 { registry.makeCounter(descriptor: rows, labels: [("route", route)]).increment(by: Int64(rowCount)) }
        if route == "/v1/query" {
            registry.makeDurationHistogram(descriptor: query, labels: [("outcome", status < 400 ? "ok" : "error")], buckets: Self.latencyBuckets)
                .record(duration)
        } else if let name = Self.modelRoutes[route], status < 400 {
            registry.makeDurationHistogram(descriptor: model, labels: [("model", name)], buckets: Self.latencyBuckets).record(duration)
        }
    }

    /// Records a cache look-up.
    func cacheLookup(_ name: String, hit: Bool) {
        registry.makeCounter(descriptor: cache, labels: [("cache", name), ("result", hit ? "hit" : "miss")]).increment()
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
