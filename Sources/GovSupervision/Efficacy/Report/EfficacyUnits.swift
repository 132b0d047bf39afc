import KGCore
import KGEngine

/// The offices of the graph with what a report aggregates them by: their department type
/// (`OF_TYPE`) and their region (`LOCATED_IN`; a county office counts for its prefecture-level
/// city through `PART_OF`).
struct EfficacyUnits: Sendable {
    /// One office.
    struct Office: Sendable {
        let code: String
        let name: String
        let department: String
        let departmentName: String
        /// The adcode and name of the region the office sits in (its county, city or province).
        let adcode: String
        /// The prefecture-level city (or province) the region level pools it into.
        let region: String
        let regionName: String
    }

    let offices: [String: Office]

    init(graph: KnowledgeGraph) throws {
        var offices: [String: Office] = [:]
        let query = """
        MATCH (o:Office) OPTIONAL MATCH (o)-[:OF_TYPE]->(d:DepartmentType) OPTIONAL MATCH (o)-[:LOCATED_IN]->(r:Region)
        OPTIONAL MATCH (r)-[:PART_OF]->(c:City)
        RETURN o.code, o.name, d.code, d.name, r.adcode, r.name, c.adcode, c.name
        """
        try graph.query(query) { row, _ in
            func s(_ i: Int) -> String? { if case .string(let v) = row[i], !v.isEmpty { return v } else { return nil } }
            guard let code = s(0) else { return }
            offices[code] = Office(code: code, name: s(1) ?? code, department: s(2) ?? "unknown", departmentName: s(3) ?? s(2) ?? "未知",
                                   adcode: s(4) ?? "", region: s(6) ?? s(4) ?? "unknown", regionName: s(7) ?? s(5) ?? "未知")
        }
        self.offices = offices
    }

    /// The unit an office is pooled into at `level`: its key, display name and peer group.
    func unit(_ code: String, level: EfficacyLevel) -> (key: String, name: String, group: String) {
        let o = offices[code]
        switch level {
        case .office: return (code, o?.name ?? code, o?.department ?? "unknown")
        case .department: return (o?.department ?? "unknown", o?.departmentName ?? "未知", "")
        case .region: return (o?.region ?? "unknown", o?.regionName ?? "未知", "")
        }
    }

    /// Whether a unit lies in region `adcode` (its sub-regions included): `450000` matches every
    /// adcode starting `45`, `450100` those starting `4501`.
    static func within(_ unitAdcode: String, region adcode: String) -> Bool {
        var prefix = Substring(adcode)
        while prefix.count > 2 && prefix.hasSuffix("00") { prefix = prefix.dropLast(2) }
        return unitAdcode.hasPrefix(prefix)
    }
}
