import Foundation
import KGCore
import KGEngine

extension EfficacyReport {
    /// The department types whose supervision items an efficacy report of a domain covers
    /// (`all`: every type; `hotline`: none).
    static func claimDepartmentTypes(domain: String) -> Set<String>? {
        switch domain {
        case "all": return nil
        case "market": return ["market"]
        case "ecology": return ["ecoenv"]
        case "emergency": return ["emergency"]
        case "housing": return ["housing"]
        default: return []
        }
    }

    /// The claim rate of the supervision items (认领率, plan target PT121) at the report's level,
    /// domain and region, for the plan's targets in the printed report; empty when the graph has
    /// no catalogue or the domain has no items (hotline).
    /// - Parameter cache: keeps the catalogue between reports at one graph version (nil: read afresh).
    public static func claimRates(graph: KnowledgeGraph, request: EfficacyReportRequest, cache: EfficacyCaseCache? = nil) throws -> [SupervisionClaimRates.Row] {
        let types = claimDepartmentTypes(domain: request.domain ?? "all")
        guard types?.isEmpty != true, let level = SupervisionClaimRates.Level(rawValue: request.level ?? "office") else { return [] }
        guard let catalog = try (cache ?? EfficacyCaseCache()).catalog(graph: graph) else { return [] }
        return SupervisionClaimRates.rows(catalog.restricted(to: types, region: request.region), level: level)
    }

    /// The plan-target section of the printed report: the claim rate per unit against ≥ 95 %.
    func claimRateSection(_ rows: [SupervisionClaimRates.Row], escape e: (String) -> String) -> String {
        guard !rows.isEmpty else { return "" }
        let met = rows.filter(\.meetsTarget).count
        var s = "<h2 class=\"page\">四、规划目标：监管事项认领率（\(SupervisionClaimRates.targetID)，目标 ≥ \(Self.fixed(SupervisionClaimRates.target * 100, 0))%）</h2>\n"
        s += "<p>达标单位 \(met) / \(rows.count)（认领率由低到高排列）。</p>\n"
        s += "<table><tr><th>单位</th><th>机构数</th><th>应认领事项</th><th>已认领</th><th>认领率</th><th>是否达标</th><th>未达标机构</th></tr>\n"
        for r in rows {
            let name = r.name.isEmpty ? r.key : "\(r.name)（\(r.key)）"
            s += "<tr><td class=\"t\">\(e(name))</td><td>\(r.offices)</td><td>\(r.items)</td><td>\(r.claimed)</td><td>\(Self.fixed(r.claimRate * 100, 1))%</td>"
            s += "<td class=\"t\">\(r.meetsTarget ? "达标" : "未达标")</td><td>\(r.officesBelowTarget)</td></tr>\n"
        }
        s += "</table>\n<p class=\"note\">认领率 = 已认领的本部门类型监管事项数 ÷ 应认领数；部门类型与地区（地级市，自治区本级单列）按其下机构合计。</p>\n"
        return s
    }
}
