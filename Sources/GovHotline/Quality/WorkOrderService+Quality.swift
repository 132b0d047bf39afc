import Foundation
import KGCore
import KGEngine
import KGML

extension WorkOrderService {
    /// The quality inspection of every order in the graph, redone when the graph changes; the router
    /// reads only the texts of orders it has not read before (an order's text never changes).
    public func inspection() throws -> QualityInspector {
        let version = hotline.graph.graphVersion
        if let i = lock.withLock({ lastInspection }), i.graphVersion == version { return i.inspector }
        let router = try hotline.router()
        var readings = lock.withLock { routerReadings.version == router.version ? routerReadings.byCode : [:] }
        let built = QualityInspector(records: try records(), model: router.model) { order in
            if let known = readings[order.code] { return known }
            let p = router.model.predict(order.text)
            readings[order.code] = p
            return p
        }
        lock.withLock {
            lastInspection = (version, built)
            routerReadings = (router.version, readings)
        }
        return built
    }

    /// `GET /v1/hotline/quality`: flags of orders received since `since`, of `kind` (both when absent),
    /// strongest first.
    public func quality(_ request: QualityRequest, now: CypherDateTime? = nil) throws -> QualityPage {
        let now = now ?? WorkOrderBook.clock()
        let code = ErrorCode.invalidWorkOrderRequest
        let kind = try request.kind.map { text -> QualityKind in
            guard let k = QualityKind(rawValue: text) else {
                throw WorkOrderError.invalid("kind must be one of \(QualityKind.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(text.prefix(40))\"")
            }
            return k
        }
        let since = try Self.instant(request.since, field: "since")
        let limit = try RequestParameters.integer(request.limit, name: "limit", fallback: 50, range: 1...1000, code: code)
        let offset = try RequestParameters.integer(request.offset, name: "offset", fallback: 0, range: 0...Int(Int32.max), code: code)
        let inspector = try inspection()
        func inScope(_ received: String?) -> Bool {
            guard let since else { return true }
            guard let r = received.flatMap(CypherDateTime.init(iso:)) else { return false }
            return r.epochSeconds >= since.epochSeconds
        }
        let inspected = inspector.orders.filter { o in since.map { s in (o.receivedAt?.epochSeconds ?? .min) >= s.epochSeconds } ?? true }.count
        let scoped = inspector.flags.filter { inScope($0.receivedAt) }
        let counts = QualityPage.Counts(misroute: scoped.filter { $0.kind == .misroute }.count,
                                        unresolved: scoped.filter { $0.kind == .unresolved }.count)
        let chosen = kind.map { k in scoped.filter { $0.kind == k } } ?? scoped
        return QualityPage(asOf: now.description, since: since?.description, inspected: inspected, counts: counts, total: chosen.count,
                           limit: limit, offset: offset, flags: Array(chosen.dropFirst(offset).prefix(limit)))
    }

    /// An ISO 8601 date-time, or a date (its start, China time).
    static func instant(_ text: String?, field: String) throws -> CypherDateTime? {
        guard let text else { return nil }
        if text.count == 10, let t = CypherDateTime(iso: text + "T00:00:00+08:00") { return t }
        return try WorkOrder.time(text, field: field)
    }
}
