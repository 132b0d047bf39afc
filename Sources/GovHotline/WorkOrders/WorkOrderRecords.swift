import KGCore
import KGEngine

/// Every work order of the graph, history and live alike, as the models over orders need them: who
/// has it, what it is about, when it came and closed, how often it was sent back or moved; and the
/// department type of every office.
public struct WorkOrderRecords: Sendable {
    /// One order.
    public struct Order: Sendable {
        public let code: String
        public let text: String
        let phone: String?
        public let intent: String?
        public let office: String?
        public let adcode: String?
        public let receivedAt: CypherDateTime?
        public let closedAt: CypherDateTime?
        public let satisfaction: String?
        public let returns: Int
        public let reassignments: Int
        public let reopenings: Int
    }

    /// By code.
    public let orders: [Order]
    /// Office code → department type code.
    public let officeDepartment: [String: String]

    /// Reads the `WorkOrder` nodes of `graph`: a live order's intent and office are its current ones
    /// (`intentCode`, `officeCode`), a historical order's are its `HAS_INTENT` and `ROUTED_TO` links (in `cases`).
    public init(graph: KnowledgeGraph, cases: CaseDirectory) throws {
        var officeDepartment: [String: String] = [:]
        try graph.query("MATCH (o:Office)-[:OF_TYPE]->(d:DepartmentType) RETURN o.code, d.code") { row, _ in
            if case .string(let o) = row[0], case .string(let d) = row[1] { officeDepartment[o] = d }
        }
        var orders: [Order] = []
        try graph.forEachNode(label: "WorkOrder") { id, p in
            func s(_ k: String) -> String? { if case .string(let v)? = p[k], !v.isEmpty { return v } else { return nil } }
            func t(_ k: String) -> CypherDateTime? { if case .dateTime(let v)? = p[k] { return v } else { return nil } }
            let linked = cases[id]
            var returns = 0, reassignments = 0, reopenings = 0
            if let log = s("eventLog"), case .array(let events)? = try? JSONParser.parse(log) {
                for e in events {
                    guard case .string(let type)? = e["type"] else { continue }
                    if type == "return" { returns += 1 } else if type == "reassign" { reassignments += 1 } else if type == "reopen" { reopenings += 1 }
                }
            }
            orders.append(Order(code: s("code") ?? "\(id)", text: s("text") ?? "", phone: s("callerPhone"),
                                intent: s("intentCode") ?? linked?.intent, office: s("officeCode") ?? linked?.office?.code,
                                adcode: linked?.adcode, receivedAt: t("createdAt"), closedAt: t("closedAt"),
                                satisfaction: s("satisfaction"), returns: returns, reassignments: reassignments, reopenings: reopenings))
        }
        orders.sort { $0.code < $1.code }
        self.orders = orders
        self.officeDepartment = officeDepartment
    }
}
