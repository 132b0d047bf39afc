import KGCore
import KGEngine
import KGML

/// The offices of the graph by department type and region, for dispatch: the office of a
/// department type in the named region, or in the nearest region above it that has one.
public struct OfficeDirectory: Sendable {
    /// One office (an `Office` node).
    public struct Office: Sendable, Equatable {
        public let nodeID: Int64
        /// The office's code, e.g. `watersupply-450921`.
        public let code: String
        public let name: String
        /// Where it sits.
        public let adcode: String
    }

    private let byDepartment: [String: [String: Office]]

    /// Loads every `(:Office)-[:OF_TYPE]->(:DepartmentType)` with its `LOCATED_IN` region.
    public init(graph: KnowledgeGraph) throws {
        var map: [String: [String: Office]] = [:]
        try graph.query("""
            MATCH (o:Office)-[:OF_TYPE]->(d:DepartmentType), (o)-[:LOCATED_IN]->(r:Region)
            RETURN id(o), o.code, o.name, d.code, r.adcode
            """) { row, _ in
            guard case .int(let id) = row[0], case .string(let code) = row[1], case .string(let department) = row[3],
                  case .string(let adcode) = row[4] else { return }
            var name = code
            if case .string(let n) = row[2] { name = n }
            map[department, default: [:]][adcode] = Office(nodeID: id, code: code, name: name, adcode: adcode)
        }
        byDepartment = map
    }

    /// The office of `department` for the region chain `ancestry` (the region first, then its parents).
    public func office(department: String, ancestry: [String]) -> Office? {
        guard let offices = byDepartment[department] else { return nil }
        for adcode in ancestry { if let o = offices[adcode] { return o } }
        return nil
    }

    /// Offices known for `department`.
    public func count(department: String) -> Int { byDepartment[department]?.count ?? 0 }
}
