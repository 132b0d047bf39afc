import Hummingbird
import KGCore
import KGEngine
import NIOCore

/// Operations routes, open without a key except the metrics:
/// - `GET /healthz`: the process is alive.
/// - `GET /readyz`: 200 when the store answers and the models were loaded, else 503; lists each model's state.
/// - `GET /metrics`: Prometheus exposition (admin key; scrapers send it as a bearer token).
struct HealthRoutes {
    let graph: KnowledgeGraph
    let readiness: Readiness
    let metrics: ServerMetrics
    let gate: ConcurrencyGate

    func register(on routes: RouteRegistrar) {
        routes.get("/healthz", access: .open) { _, context -> Response in
            JSONResponse.make(.object([("status", .string("ok")), ("version", .string(GovBrainVersion.current))]), context: context)
        }
        let graph = self.graph, readiness = self.readiness
        routes.get("/readyz", access: .open) { _, context -> Response in
            var storeState = "ok"
            do { try graph.ping() } catch { storeState = "unavailable: \(error)" }
            let (warmed, models) = readiness.snapshot
            let ready = storeState == "ok" && warmed
            let body = JSON.object([("status", .string(ready ? "ready" : "not ready")), ("store", .string(storeState)),
                                    ("modelsLoaded", .bool(warmed)),
                                    ("models", .object(models.keys.sorted().map { ($0, .string(models[$0]!)) }))])
            return JSONResponse.make(body, context: context, status: ready ? .ok : .serviceUnavailable)
        }
        let metrics = self.metrics, gate = self.gate
        routes.get("/metrics", access: .adminOnly) { _, _ -> Response in
            let load = await gate.load
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            let text = metrics.exposition(expensiveRunning: load.running, expensiveWaiting: load.waiting)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
