import KGCore
import KGEngine

/// What the router shows about a past work order found by similarity: its code, text, intent,
/// region, the office it went to and how it ended. Loaded once from the store in streaming scans
/// of the labels and relationship types involved; like the text index it is a snapshot: rebuild both after
/// importing new work orders.
public struct CaseDirectory: Sendable {
    public struct Case: Sendable {
        public let code: String
        public let text: String
        public fileprivate(set) var intent: String?
        public fileprivate(set) var office: OfficeDirectory.Office?
        public fileprivate(set) var adcode: String?
        public let status: String?
        public let satisfaction: String?
        public let createdAt: CypherDateTime?
        public let closedAt: CypherDateTime?
    }

    private let cases: [Int64: Case]

    public var count: Int { cases.count }
    /// The node ids of every work order.
    public var nodeIDs: Set<Int64> { Set(cases.keys) }
    /// Every work order.
    public var all: Dictionary<Int64, Case>.Values { cases.values }

    /// The node ids of the work orders of each intent.
    public func nodeIDsByIntent() -> [String: Set<Int64>] {
        var out: [String: Set<Int64>] = [:]
        for (id, c) in cases { if let intent = c.intent { out[intent, default: []].insert(id) } }
        return out
    }

    public init(graph store: KnowledgeGraph) throws {
        var map: [Int64: Case] = [:]
        var intentCode: [Int64: String] = [:], regionCode: [Int64: String] = [:], officeRegion: [Int64: String] = [:]
        var officeInfo: [Int64: (code: String, name: String)] = [:]
        func string(_ v: Value?) -> String? { if case .string(let s)? = v { return s } else { return nil } }
        func time(_ v: Value?) -> CypherDateTime? { if case .dateTime(let t)? = v { return t } else { return nil } }
        try store.forEachNode(label: "WorkOrder") { id, p in
            map[id] = Case(code: string(p["code"]) ?? "\(id)", text: string(p["text"]) ?? "", intent: nil, office: nil, adcode: nil,
                           status: string(p["status"]), satisfaction: string(p["satisfaction"]),
                           createdAt: time(p["createdAt"]), closedAt: time(p["closedAt"]))
        }
        try store.forEachNode(label: "Intent") { id, p in intentCode[id] = string(p["code"]) }
        try store.forEachNode(label: "Region") { id, p in regionCode[id] = string(p["adcode"]) }
        try store.forEachNode(label: "Office") { id, p in
            if let code = string(p["code"]) { officeInfo[id] = (code, string(p["name"]) ?? code) }
        }
        try store.forEachRelationship(type: "HAS_INTENT") { w, i in if map[w] != nil { map[w]!.intent = intentCode[i] } }
        try store.forEachRelationship(type: "LOCATED_IN") { a, r in
            if map[a] != nil { map[a]!.adcode = regionCode[r] } else if officeInfo[a] != nil { officeRegion[a] = regionCode[r] }
        }
        try store.forEachRelationship(type: "ROUTED_TO") { w, o in
            guard map[w] != nil, let info = officeInfo[o] else { return }
            map[w]!.office = .init(nodeID: o, code: info.code, name: info.name, adcode: officeRegion[o] ?? "")
        }
        cases = map
    }

    public subscript(id: Int64) -> Case? { cases[id] }
}
