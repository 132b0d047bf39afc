import Foundation
import KGCore
import KGEngine

/// The claim rate of the supervision items (监管事项认领率), an efficacy indicator with the plan's
/// target PT121 (各部门国家监管事项认领率 ≥ 95 %): the share of the catalogue items of an office's
/// department type that the office has claimed. Per department type and per region it is pooled
/// (claimed items over expected items of all their offices), so a large group is not averaged
/// with equal weight to a single office; a group meets the target when its pooled rate does.
public enum SupervisionClaimRates {
    /// What a row groups.
    public enum Level: String, Codable, Sendable, CaseIterable {
        case office, department, region
    }

    /// One office, department type or region.
    public struct Row: Codable, Sendable, Equatable {
        public let level: String
        /// Office code, department type id or region adcode.
        public let key: String
        /// Office name ("" for departments and regions).
        public let name: String
        public let offices: Int
        /// Items the offices should claim (their types' catalogue items, summed over offices).
        public let items: Int
        public let claimed: Int
        public let claimRate: Double
        public let target: Double
        public let meetsTarget: Bool
        /// Offices below the target.
        public let officesBelowTarget: Int
    }

    /// The plan's target (PT121, Datasets/reference/plan_targets.csv).
    public static let target = 0.95
    public static let targetID = "PT121"

    /// Claim rates at a level, sorted by rate (lowest first) and then key.
    /// - Parameter regionOf: maps an office's region adcode to the region it is reported under
    ///   (the region level); by default the city (the first four adcode digits + "00"), the
    ///   province's own offices under the province.
    public static func rows(_ catalog: SupervisionItemCatalog, level: Level,
                            regionOf: (String) -> String = SupervisionClaimRates.city) -> [Row] {
        let expected = Dictionary(grouping: catalog.items, by: \.departmentType).mapValues(\.count)
        struct Tally { var offices = 0, items = 0, claimed = 0, below = 0; var name = "" }
        var tally: [String: Tally] = [:]
        for o in catalog.offices {
            let n = expected[o.departmentType] ?? 0
            guard n > 0 else { continue }
            let key: String
            switch level {
            case .office: key = o.code
            case .department: key = o.departmentType
            case .region: key = regionOf(o.adcode)
            }
            let claimed = o.claimed.count
            var t = tally[key] ?? Tally()
            t.offices += 1; t.items += n; t.claimed += claimed
            if Double(claimed) / Double(n) < target { t.below += 1 }
            if level == .office { t.name = o.name }
            tally[key] = t
        }
        return tally.map { key, t in
            let rate = Double(t.claimed) / Double(t.items)
            return Row(level: level.rawValue, key: key, name: t.name, offices: t.offices, items: t.items, claimed: t.claimed,
                       claimRate: rate, target: target, meetsTarget: rate >= target, officesBelowTarget: t.below)
        }.sorted { ($0.claimRate, $0.key) < ($1.claimRate, $1.key) }
    }

    /// The city an adcode belongs to (`450102` → `450100`); a province adcode stays itself.
    public static func city(_ adcode: String) -> String {
        guard adcode.count == 6 else { return adcode }
        return adcode.hasSuffix("0000") ? adcode : String(adcode.prefix(4)) + "00"
    }

    /// The rows as CSV (header first), numbers with four decimals; a name a spreadsheet would take
    /// for a formula gets a leading apostrophe (`CSVWriter.spreadsheetLine`).
    public static func csv(_ rows: [Row]) -> String {
        var out = "level,key,name,offices,items,claimed,claimRate,target,meetsTarget,officesBelowTarget\n"
        for r in rows {
            out += CSVWriter.spreadsheetLine([r.level, r.key, r.name, String(r.offices), String(r.items), String(r.claimed), String(format: "%.4f", r.claimRate),
                                   "\(r.target)", String(r.meetsTarget), String(r.officesBelowTarget)]) + "\n"
        }
        return out
    }
}
