import KGCore
import KGEngine

/// A work order as a `WorkOrder` node: the demo's properties (code, text, channel, createdAt, status,
/// the stage times, satisfaction) plus the loop's (urgency, deadline, officeCode, intentCode, the
/// routing at acceptance and the event log as JSON text).
extension WorkOrder {
    static let label = "WorkOrder"

    /// The node's properties (the caller's phone number is added by the book at creation only).
    var properties: [String: Value] {
        var p: [String: Value] = [
            "code": .string(id), "text": .string(text), "channel": .string(channel), "createdAt": .dateTime(receivedAt),
            "acceptedAt": .dateTime(receivedAt), "status": .string(status.rawValue), "urgency": .string(urgency.rawValue),
            "urgencySource": .string(urgencySource), "deadline": .dateTime(deadline), "intentCode": .string(intent),
            "routing": .string(JSONWriter.string(routing)),
            "eventLog": .string(JSONWriter.string((try? JSONValueEncoder().encode(events)) ?? .array([]))),
        ]
        if let address { p["address"] = .string(address) }
        if let office { p["officeCode"] = .string(office) }
        // The stage times the hotline statistics read: the last time each stage was reached.
        for e in events {
            guard let at = CypherDateTime(iso: e.at) else { continue }
            switch e.type {
            case .dispatch, .reassign, .reopen: p["dispatchedAt"] = .dateTime(at)
            case .reply: p["handledAt"] = .dateTime(at)
            case .visit:
                p["visitedAt"] = .dateTime(at)
                if let s = e.satisfaction { p["satisfaction"] = .string(s.rawValue) }
            case .close: p["closedAt"] = .dateTime(at)
            default: break
            }
        }
        if status != .closed { p["closedAt"] = nil }
        return p
    }

    /// The order stored in a node, or nil when the node is not a loop order (the demo's history
    /// has no event log).
    init?(properties p: [String: Value]) {
        func s(_ k: String) -> String? { if case .string(let v)? = p[k] { return v } else { return nil } }
        func t(_ k: String) -> CypherDateTime? { if case .dateTime(let v)? = p[k] { return v } else { return nil } }
        guard let id = s("code"), let log = s("eventLog"), let status = s("status").flatMap(WorkOrderStatus.init(rawValue:)),
              let received = t("createdAt"), let deadline = t("deadline"), let urgency = s("urgency").flatMap(Urgency.init(rawValue:)),
              let intent = s("intentCode"),
              let events = try? JSONValueDecoder().decode([WorkOrderEvent].self, from: JSONParser.parse(log)) else { return nil }
        self.init(id: id, status: status, text: s("text") ?? "", address: s("address"), channel: s("channel") ?? "phone",
                  receivedAt: received, urgency: urgency, urgencySource: s("urgencySource") ?? "model", deadline: deadline,
                  intent: intent, office: s("officeCode"), events: events,
                  routing: s("routing").flatMap { try? JSONParser.parse($0) } ?? .null)
    }
}
