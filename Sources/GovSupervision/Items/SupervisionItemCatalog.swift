import Foundation
import KGCore
import KGEngine

/// The supervision-item catalogue (监管事项目录) as the graph holds it: `SupervisionItem` nodes
/// (code, name, domain, department type, check method, on the double-random list, on the
/// joint-supervision list) and the offices' `CLAIMS` of them. Read once; the claim rates
/// (`SupervisionClaimRates`) and joint draws (`JointInspectionSampler`) work from it.
public struct SupervisionItemCatalog: Sendable {
    /// One item and how many offices claim it.
    public struct Item: Codable, Sendable, Equatable {
        public let code: String
        public let name: String
        public let domain: String
        public let departmentType: String
        public let checkMethod: String
        public let doubleRandom: Bool
        public let jointSupervision: Bool
        /// Offices that have claimed it.
        public var claimedBy: Int
    }

    /// One office of a department type that has items: where it sits and what it claimed.
    public struct Office: Sendable, Equatable {
        public let code: String
        public let name: String
        public let departmentType: String
        /// The adcode of the region the office is located in ("" when the graph has none).
        public let adcode: String
        /// Codes of the items of its type it has claimed.
        public let claimed: Set<String>
    }

    /// Items by code order.
    public let items: [Item]
    /// Offices of the department types that have items, by code order.
    public let offices: [Office]

    /// Reads the catalogue and the claims.
    /// - Throws: `notFound` when the graph has no `SupervisionItem` (a graph built before the
    ///   catalogue: rebuild it with `govbrain demo build` or import `supervision_items.csv`).
    public init(graph: KnowledgeGraph) throws {
        var byNode: [Int64: Item] = [:]
        try graph.forEachNode(label: "SupervisionItem") { id, p in
            func text(_ k: String) -> String { if case .string(let s)? = p[k] { s } else { "" } }
            func flag(_ k: String) -> Bool { if case .bool(let b)? = p[k] { b } else { false } }
            byNode[id] = Item(code: text("code"), name: text("name"), domain: text("domain"), departmentType: text("departmentType"),
                              checkMethod: text("checkMethod"), doubleRandom: flag("doubleRandom"), jointSupervision: flag("jointSupervision"), claimedBy: 0)
        }
        guard !byNode.isEmpty else {
            throw EngineError(code: .notFound, message: "the graph has no supervision items (SupervisionItem); rebuild it with `govbrain demo build` or import supervision_items.csv and office_claims.csv from `govbrain datagen`")
        }
        var claims: [Int64: Set<String>] = [:]
        try graph.forEachRelationship(type: "CLAIMS") { office, item in
            guard let i = byNode[item] else { return }
            claims[office, default: []].insert(i.code)
        }
        let types = Set(byNode.values.map(\.departmentType))
        var typeOfItem: [String: String] = [:]
        for i in byNode.values { typeOfItem[i.code] = i.departmentType }
        var typeOf: [Int64: String] = [:], typeNode: [Int64: String] = [:]
        try graph.forEachNode(label: "DepartmentType") { id, p in if case .string(let c)? = p["code"] { typeNode[id] = c } }
        try graph.forEachRelationship(type: "OF_TYPE") { office, type in if let t = typeNode[type] { typeOf[office] = t } }
        var regionOf: [Int64: String] = [:]
        try graph.forEachNode(label: "Region") { id, p in if case .string(let a)? = p["adcode"] { regionOf[id] = a } }
        var locatedIn: [Int64: String] = [:]
        try graph.forEachRelationship(type: "LOCATED_IN") { start, end in if let a = regionOf[end] { locatedIn[start] = a } }
        var offices: [Office] = []
        try graph.forEachNode(label: "Office") { id, p in
            guard case .string(let code)? = p["code"] else { return }
            // The office's type from OF_TYPE, else from its code (`<type>-<adcode>`).
            let type = typeOf[id] ?? String(code.split(separator: "-").first ?? "")
            guard types.contains(type) else { return }
            var name = ""
            if case .string(let n)? = p["name"] { name = n }
            // Only the items of the office's own type count as its claims (a claim of another
            // type's item would push its rate past 100 %).
            let own = (claims[id] ?? []).filter { typeOfItem[$0] == type }
            offices.append(Office(code: code, name: name, departmentType: type, adcode: locatedIn[id] ?? "", claimed: own))
        }
        // An item is claimed by the distinct offices of its type that claim it.
        var claimedBy: [String: Int] = [:]
        for o in offices { for c in o.claimed { claimedBy[c, default: 0] += 1 } }
        for id in byNode.keys { byNode[id]!.claimedBy = claimedBy[byNode[id]!.code] ?? 0 }
        items = byNode.values.sorted { $0.code < $1.code }
        self.offices = offices.sorted { $0.code < $1.code }
    }

    /// A catalogue of the given items and offices (tests, filters).
    init(items: [Item], offices: [Office]) { self.items = items; self.offices = offices }

    /// Only the department types given (all when nil) and the offices inside a region (all when nil).
    public func restricted(to departmentTypes: Set<String>?, region: String?) -> SupervisionItemCatalog {
        SupervisionItemCatalog(items: items.filter { departmentTypes?.contains($0.departmentType) ?? true },
                               offices: offices.filter { o in
                                   (departmentTypes?.contains(o.departmentType) ?? true) && (region.map { AdcodeHierarchy.contains(region: $0, adcode: o.adcode) } ?? true)
                               })
    }

    /// The items of a department type.
    public func items(ofType type: String) -> [Item] { items.filter { $0.departmentType == type } }

    /// The items of a department type (all when nil), optionally only those of the
    /// joint-supervision or the double-random list.
    /// - Throws: `invalidSupervisionRequest` for a department type without items, naming those with.
    public func items(department: String?, jointOnly: Bool = false, doubleRandomOnly: Bool = false) throws -> [Item] {
        if let department, !items.contains(where: { $0.departmentType == department }) {
            let known = Set(items.map(\.departmentType)).sorted().joined(separator: ", ")
            throw EngineError(code: .invalidSupervisionRequest, message: "department type '\(department)' has no supervision items; use one of \(known)")
        }
        return items.filter { (department == nil || $0.departmentType == department) && (!jointOnly || $0.jointSupervision) && (!doubleRandomOnly || $0.doubleRandom) }
    }
}
