import KGCore
import KGEngine

/// Joint inspections (联合检查) as an indicator of the supervision offices beside the efficacy index:
/// the share of an office's inspections in the period done jointly with other departments.
///
/// A joint inspection is one visit of a joint double-random draw (`JointInspection` `FROM_DRAW` an
/// `InspectionDraw` with `departments`), recorded once and `CONDUCTED_BY` the office of each
/// participating department; the office's own inspections are its cases of the report
/// (`Inspection`, `EnvironmentalInspection`, `SafetyInspection`, `ConstructionInspection`
/// `CONDUCTED_BY` it). Share = joint ÷ (own + joint) over the period, pooled per unit at the report's
/// level (department type, region). Like the claim rate it describes the unit, it is not an outcome
/// of its cases: not in the index.
enum EfficacyJointInspections {
    /// One office's part in one joint inspection.
    struct Visit: Sendable {
        /// The joint inspection's `code`.
        let code: String
        let office: String
        /// Days since 1970-01-01.
        let day: Int
    }

    /// Every office's part in every joint inspection (all periods).
    static func read(graph: KnowledgeGraph) throws -> [Visit] {
        var visits: [Visit] = []
        try graph.query("MATCH (j:JointInspection)-[:CONDUCTED_BY]->(o:Office) RETURN j.code, o.code, j.date") { row, _ in
            guard case .string(let code) = row[0], case .string(let office) = row[1], case .date(let date) = row[2] else { return }
            visits.append(Visit(code: code, office: office, day: date.daysSinceEpoch))
        }
        return visits
    }

    /// The department types whose offices inspect in a report's domain (nil: every type; empty: the hotline).
    static func departmentTypes(_ domain: EfficacyDomain) -> Set<String>? {
        switch domain {
        case .all: return nil
        case .market: return ["market"]
        case .ecology: return ["ecoenv"]
        case .emergency: return ["emergency"]
        case .housing: return ["housing"]
        case .hotline: return []
        }
    }

    /// Joint inspections and their share per unit key.
    /// - Parameters:
    ///   - cases: the report's cases (period, domain and region already applied); the inspection ones count as own.
    ///   - visits: every joint visit (`read`); those of the period, of an office of the domain's
    ///     department types and, when given, of an office in `region` count.
    /// - Returns: per unit with any inspection, own or joint, in the period: its joint inspections and their share.
    static func shares(cases: [EfficacyGraphCase], visits: [Visit], period: EfficacyPeriod, domain: EfficacyDomain, region: String?,
                       level: EfficacyLevel, units: EfficacyUnits) -> [String: (joint: Int, share: Double)] {
        let types = departmentTypes(domain)
        guard types?.isEmpty != true else { return [:] }
        var own: [String: Int] = [:], joint: [String: Int] = [:]
        for c in cases where c.domain != .hotline { own[units.unit(c.office, level: level).key, default: 0] += 1 }
        for v in counted(visits, period: period, types: types, region: region, units: units) {
            joint[units.unit(v.office, level: level).key, default: 0] += 1
        }
        var out: [String: (joint: Int, share: Double)] = [:]
        for key in Set(own.keys).union(joint.keys) {
            let j = joint[key] ?? 0, total = j + (own[key] ?? 0)
            if total > 0 { out[key] = (j, Double(j) / Double(total)) }
        }
        return out
    }

    /// The joint inspections of the period with an office of the domain in `region` (each visit once).
    static func visitCount(_ visits: [Visit], period: EfficacyPeriod, domain: EfficacyDomain, region: String?, units: EfficacyUnits) -> Int {
        Set(counted(visits, period: period, types: departmentTypes(domain), region: region, units: units).map(\.code)).count
    }

    /// The offices' parts of the period, of the department types (nil: all) and region (nil: anywhere).
    private static func counted(_ visits: [Visit], period: EfficacyPeriod, types: Set<String>?, region: String?, units: EfficacyUnits) -> [Visit] {
        visits.filter { v in
            let office = units.offices[v.office]
            return period.contains(day: v.day) && (types.map { $0.contains(office?.department ?? "") } ?? true)
                && (region.map { EfficacyUnits.within(office?.adcode ?? "", region: $0) } ?? true)
        }
    }
}
