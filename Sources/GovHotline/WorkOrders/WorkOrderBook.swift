import Foundation
import KGCore
import KGEngine

/// The live work orders in the graph: create, find, move and list them.
///
/// Every change is one write transaction that reads the order, applies the event and writes it
/// back, so concurrent events on one order serialize: the second sees the status the first left
/// and is refused (409) when it no longer applies. A repeated request with the same idempotency
/// key returns the order as it is without applying the event again.
public final class WorkOrderBook: @unchecked Sendable {
    let graph: KnowledgeGraph
    public let calendar: WorkingCalendar
    public let limits: TimeLimits
    private let lock = NSLock()
    private var lastNumber: Int?

    public init(graph: KnowledgeGraph, calendar: WorkingCalendar, limits: TimeLimits) {
        self.graph = graph
        self.calendar = calendar
        self.limits = limits
    }

    /// Filters of a listing; nil matches everything.
    public struct Filter: Sendable {
        public var status: WorkOrderStatus?
        public var office: String?
        /// An adcode: the order's region or one below it.
        public var region: String?
        public var intent: String?
        public var since: CypherDateTime?
        public init(status: WorkOrderStatus? = nil, office: String? = nil, region: String? = nil, intent: String? = nil, since: CypherDateTime? = nil) {
            self.status = status; self.office = office; self.region = region; self.intent = intent; self.since = since
        }
    }

    /// The next free id (`WO` and nine digits, after the highest stored), checked inside the write
    /// transaction: another process writing the same graph moves the counter on, and a clash
    /// rescans.
    private func nextID(_ tx: GraphTransaction) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        func highest() throws -> Int {
            var highest = 0
            for node in try tx.nodeIDs(label: WorkOrder.label) {
                if case .string(let code)? = try tx.property(ofNode: node, key: "code"), code.hasPrefix("WO"), let n = Int(code.dropFirst(2)) {
                    highest = max(highest, n)
                }
            }
            return highest
        }
        var number = try lastNumber ?? highest()
        for attempt in 0..<3 {
            number += 1
            let id = String(format: "WO%09d", number)
            if try Self.seek(tx, WorkOrder.label, "code", id) == nil {
                lastNumber = number
                return id
            }
            if attempt < 2 { number = try highest() }
        }
        throw WorkOrderError(code: .conflict, message: "could not find a free work-order id; try again")
    }

    /// Stores a new order built by `make` from its id, linked to its intent, office and region.
    public func create(callerPhone: String?, adcode: String?, _ make: (String) throws -> WorkOrder) throws -> WorkOrder {
        try graph.write { tx in
            let order = try make(try nextID(tx))
            var p = order.properties
            if let callerPhone { p["callerPhone"] = .string(callerPhone) }
            let node = try tx.createNode(labels: [WorkOrder.label], properties: p)
            if let intent = try Self.seek(tx, "Intent", "code", order.intent) {
                _ = try tx.createRelationship(type: "HAS_INTENT", start: node, end: intent, properties: [:])
            }
            if let adcode, let region = try Self.seek(tx, "Region", "adcode", adcode) {
                _ = try tx.createRelationship(type: "LOCATED_IN", start: node, end: region, properties: [:])
            }
            if order.status == .dispatched, let office = order.office {
                try link(tx, order: node, office: office, at: order.receivedAt)
            }
            return order
        }
    }

    /// The order with this id.
    /// - Throws: `.notFound` when there is none (or it is a historical order without the loop's fields).
    public func find(_ id: String) throws -> WorkOrder {
        // The key index is the ontology's; a read transaction has no validator, so look up outside it.
        guard let node = try graph.nodeID(label: WorkOrder.label, key: "code", value: .string(id))
                ?? (graph.schemaMode == .ontology ? nil : graph.read({ tx in try Self.seek(tx, WorkOrder.label, "code", id) })),
              let stored = try graph.node(id: node) else { throw Self.notFound(id) }
        guard let order = WorkOrder(properties: stored.properties) else { throw Self.historical(id) }
        return order
    }

    static func notFound(_ id: String) -> WorkOrderError {
        WorkOrderError(code: .notFound, message: "no work order \(id.prefix(40)); list them with GET /v1/hotline/workorders or `govbrain hotline list`")
    }

    static func historical(_ id: String) -> WorkOrderError {
        WorkOrderError(code: .notFound, message: "\(id) is a historical work order without the loop's record; only orders created through the loop can be shown and moved")
    }

    /// The node of `label` whose `key` is `value`: through the key index, or by a scan when the
    /// graph has no ontology (no key index).
    static func seek(_ tx: GraphTransaction, _ label: String, _ key: String, _ value: String) throws -> Int64? {
        if let hits = try tx.indexSeek(label: label, key: key, value: .string(value)) { return hits.first }
        for id in try tx.nodeIDs(label: label) where try tx.property(ofNode: id, key: key) == .string(value) { return id }
        return nil
    }

    /// Applies one event to an order (see `WorkOrder.apply`) and stores it; a request whose
    /// `idempotencyKey` was applied before returns the order unchanged.
    @discardableResult
    public func apply(_ id: String, _ request: WorkOrderEventRequest, supervisor: Bool, idempotencyKey: String? = nil,
                      now: CypherDateTime? = nil) throws -> (order: WorkOrder, replayed: Bool) {
        let now = now ?? Self.clock()
        if let key = idempotencyKey, key.isEmpty || key.count > 200 {
            throw WorkOrderError.invalid("Idempotency-Key must be 1 to 200 characters")
        }
        return try graph.write { tx in
            var (node, order, keys) = try load(tx, id)
            if let key = idempotencyKey, keys.contains(key) { return (order, true) }
            if let office = request.office, try Self.seek(tx, "Office", "code", office) == nil {
                throw WorkOrderError.invalid("no office \(office); offices are listed by `MATCH (o:Office) RETURN o.code, o.name`")
            }
            if let intent = request.intent, try Self.seek(tx, "Intent", "code", intent) == nil {
                throw WorkOrderError.invalid("no intent \(intent); the 53 intents are in Datasets/reference/intents.csv")
            }
            let event = try order.apply(request, now: now, supervisor: supervisor, calendar: calendar, limits: limits)
            var p = order.properties
            if let key = idempotencyKey { keys.append(key) }
            if !keys.isEmpty { p["idempotencyKeys"] = .string(JSONWriter.string(.array(keys.map { .string($0) }))) }
            var stored = try tx.properties(ofNode: node)
            for (k, v) in p { stored[k] = v }
            if order.status != .closed { stored["closedAt"] = nil }
            try tx.setProperties(ofNode: node, stored)
            if let office = event.office, event.type == .dispatch || event.type == .reassign, let at = CypherDateTime(iso: event.at) {
                try link(tx, order: node, office: office, at: at)
            }
            // A corrected intent moves the order's HAS_INTENT link (Cypher and the statistics see the intent it has now).
            if let intent = event.intent, let intentNode = try Self.seek(tx, "Intent", "code", intent) {
                for r in try tx.relationships(of: node, outgoing: true, incoming: false, types: ["HAS_INTENT"]) where r.end != intentNode {
                    try tx.deleteRelationship(r.id)
                }
                if try tx.relationships(of: node, outgoing: true, incoming: false, types: ["HAS_INTENT"]).isEmpty {
                    _ = try tx.createRelationship(type: "HAS_INTENT", start: node, end: intentNode, properties: [:])
                }
            }
            return (order, false)
        }
    }

    /// Orders matching `filter`, newest first, `offset` skipped, at most `limit`; with the total matched.
    public func list(_ filter: Filter, limit: Int = 50, offset: Int = 0) throws -> (total: Int, orders: [WorkOrder]) {
        var matched: [WorkOrder] = []
        try graph.forEachNode(label: WorkOrder.label) { _, p in
            guard case .string? = p["eventLog"], let o = WorkOrder(properties: p) else { return }
            if let s = filter.status, o.status != s { return }
            if let office = filter.office, o.office != office { return }
            if let intent = filter.intent, o.intent != intent { return }
            if let since = filter.since, o.receivedAt < since { return }
            if let region = filter.region {
                guard let adcode = o.adcode, AdcodeHierarchy.contains(region: region, adcode: adcode) else { return }
            }
            matched.append(o)
        }
        matched.sort { $0.receivedAt != $1.receivedAt ? $0.receivedAt > $1.receivedAt : $0.id > $1.id }
        return (matched.count, Array(matched.dropFirst(offset).prefix(limit)))
    }

    /// The current time at +08:00, to the second.
    static func clock() -> CypherDateTime {
        CypherDateTime(epochSeconds: Int64(Date().timeIntervalSince1970.rounded(.down)), offsetSeconds: WorkingCalendar.offsetSeconds)
    }

    /// The agents' corrections: the text of each loop order whose intent or office an agent changed
    /// (a dispatch after review or a reassign), with the intent it ended with. `govbrain model train
    /// routing --corrections` learns from them.
    public func corrections() throws -> [(id: String, text: String, intent: String)] {
        var out: [(id: String, text: String, intent: String)] = []
        try graph.forEachNode(label: WorkOrder.label) { _, p in
            guard case .string? = p["eventLog"], let o = WorkOrder(properties: p), o.events.contains(where: \.correction) else { return }
            out.append((o.id, o.text, o.intent))
        }
        return out.sorted { $0.id < $1.id }
    }

    private func load(_ tx: GraphTransaction, _ id: String) throws -> (node: Int64, order: WorkOrder, keys: [String]) {
        guard let node = try Self.seek(tx, WorkOrder.label, "code", id) else { throw Self.notFound(id) }
        let p = try tx.properties(ofNode: node)
        guard let order = WorkOrder(properties: p) else { throw Self.historical(id) }
        var keys: [String] = []
        if case .string(let text)? = p["idempotencyKeys"], case .array(let items)? = try? JSONParser.parse(text) {
            keys = items.compactMap { if case .string(let k) = $0 { return k } else { return nil } }
        }
        return (node, order, keys)
    }

    private func link(_ tx: GraphTransaction, order: Int64, office: String, at: CypherDateTime) throws {
        guard let officeNode = try Self.seek(tx, "Office", "code", office) else { return }
        _ = try tx.createRelationship(type: "ROUTED_TO", start: order, end: officeNode, properties: ["at": .dateTime(at)])
    }
}
