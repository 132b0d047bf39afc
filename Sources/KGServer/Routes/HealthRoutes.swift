import Hummingbird
import KGCore
import KGEngine
import NIOCore
import GovHotline
import Foundation

/// Operations routes, open without a key except the metrics:
/// - `GET /healthz`: the process is alive.
/// - `GET /readyz`: 200 when the store answers and the models were loaded, else 503; lists each model's state.
/// - `GET /metrics`: Prometheus exposition (admin key; scrapers send it as a bearer token).
struct HealthRoutes {
    let graph: KnowledgeGraph
    let readiness: Readiness
    let metrics: ServerMetrics
    let gate: ConcurrencyGate
    /// The hotline's working calendar: readiness warns when it ends within a month.
    let calendar: WorkingCalendar

    /// Warnings that do not make the service unready: the working calendar running out within 31 days
    /// (deadlines past its last year count weekdays only, without the holidays the State Council announces).
    static func warnings(calendar: WorkingCalendar, now: Date = Date()) -> [String] {
        let chinaDay = Int((Int64(now.timeIntervalSince1970) + Int64(WorkingCalendar.offsetSeconds)) / 86_400)
        let soon = CypherDate(daysSinceEpoch: chinaDay + 31)
        guard !calendar.covers(soon) else { return [] }
        let covered = calendar.years.map { "\($0.lowerBound)–\($0.upperBound)" } ?? "no year"
        return ["the working calendar (Datasets/reference/cn_workdays.csv) covers \(covered); deadlines from \(soon.year) count weekdays only: "
                + "add that year's holidays and worked weekends (Tools/fixtures/make_cn_workdays.py) and restart"]
    }

    func register(on routes: RouteRegistrar) {
        routes.get("/healthz", access: .open) { _, context -> Response in
            JSONResponse.make(.object([("status", .string("ok")), ("version", .string(GovBrainVersion.current))]), context: context)
        }
        let graph = self.graph, readiness = self.readiness, calendar = self.calendar
        routes.get("/readyz", access: .open) { _, context -> Response in
            var storeState = "ok"
            do { try graph.ping() } catch { storeState = "unavailable: \(error)" }
            let (warmed, models) = readiness.snapshot
            let ready = storeState == "ok" && warmed
            let body = JSON.object([("status", .string(ready ? "ready" : "not ready")), ("store", .string(storeState)),
                                    ("modelsLoaded", .bool(warmed)),
                                    ("warnings", .array(Self.warnings(calendar: calendar).map(JSON.string))),
                                    ("models", .object(models.keys.sorted().map { ($0, .string(models[$0]!)) }))])
            return JSONResponse.make(body, context: context, status: ready ? .ok : .serviceUnavailable)
        }
        let metrics = self.metrics, gate = self.gate
        routes.get("/metrics", access: .adminOnly) { _, _ -> Response in
            let load = await gate.load
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            let (version, serverBytes) = try await BlockingPool.run { (graph.graphVersion, graph.serverStoreBytes()) }
            let text = metrics.exposition(expensiveRunning: load.running, expensiveWaiting: load.waiting, graphVersion: version,
                                          serverBytes: serverBytes)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
