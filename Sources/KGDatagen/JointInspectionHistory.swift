import Foundation
import KGCore

/// Plants the history of joint double-random inspections (部门联合双随机抽查) of 2023–2024: market
/// supervision visiting, together with the ecology, emergency-management or housing office, the
/// enterprises of a county that operate or build a site of that domain.
///
/// Each county has a planted propensity to join up (uniform 0–0.5, `truth/joint_inspections.csv`
/// with its draws and visits). In every quarter, for each of the three domains, the county's market
/// office orders a joint draw with that probability: one to two enterprises in business drawn
/// without replacement from the county's operators of the domain's sites, recorded as an
/// `InspectionDraw` (`departments`, `drawStatus: drawn`, `SELECTED` each enterprise) and visited
/// once by both offices: a `JointInspection` (`INSPECTED` the enterprise, `CONDUCTED_BY` each of the
/// two offices, `FROM_DRAW` the draw).
///
/// Everything is written to files of its own from its own seeded stream (`joint-inspections`), and
/// a joint inspection has a label of its own, so every earlier file, and what the risk and credit
/// models and the efficacy cases read, is unchanged.
struct JointInspectionHistory {
    /// One supervision domain's sites, by the enterprise that operates or builds each.
    struct DomainSites {
        let department: String
        let enterprises: [Int]
    }

    let seed: UInt64

    static let method = "govbrain datagen: a synthetic history of joint double-random draws (uniform without replacement from the county's enterprises in business operating a site of the domain); not a replay of JointInspectionSampler"

    /// Writes the draws, the joint inspections and the planted propensities.
    /// - Parameters:
    ///   - counties: adcode of each county, by index (`enterpriseCounty` indexes it).
    ///   - office: the office of a department type for a county adcode (up the hierarchy).
    func write(domains: [DomainSites], enterpriseUSCC: [String], enterpriseCounty: [Int], active: [Bool], counties: [String],
               office: (String, String) -> String?, output: DomainSupervision.Output) throws {
        let draws = try output.node("joint_draws.csv", ["code:ID(InspectionDraw)", "createdAt:datetime", "adcode", "size:int", "population:int", "method",
                                                        "departments:string[]", "orderedBy", "drawStatus", ":LABEL"])
        let selected = try output.rel("joint_draws_selected.csv", [":START_ID(InspectionDraw)", ":END_ID(Enterprise)", "rank:int", "probability:double", ":TYPE"])
        let inspections = try output.node("joint_inspections.csv", ["code:ID(JointInspection)", "date:date", "kind", "result", "departments:string[]", ":LABEL"])
        let inspected = try output.rel("joint_inspections_inspected.csv", [":START_ID(JointInspection)", ":END_ID(Enterprise)", ":TYPE"])
        let conducted = try output.rel("joint_inspections_conducted_by.csv", [":START_ID(JointInspection)", ":END_ID(Office)", ":TYPE"])
        let fromDraw = try output.rel("joint_inspections_from_draw.csv", [":START_ID(JointInspection)", ":END_ID(InspectionDraw)", ":TYPE"])
        let truth = try output.other("truth/joint_inspections.csv", ["county", "propensity", "draws", "visits"])

        var rng = SeededRandom.stream(seed, "joint-inspections")
        let propensity = counties.map { _ in 0.5 * rng.unit() }
        // Each domain's pool per county: the enterprises in business operating one of its sites, in USCC order.
        let pools: [[Int: [Int]]] = domains.map { d in
            Dictionary(grouping: Set(d.enterprises.filter { active[$0] }), by: { enterpriseCounty[$0] }).mapValues { $0.sorted { enterpriseUSCC[$0] < enterpriseUSCC[$1] } }
        }
        let quarters = (0..<9).map { q in DatasetGenerator.epochDays(2023 + q / 4, q % 4 * 3 + 1, 1) }
        var drawCount = [Int](repeating: 0, count: counties.count), visitCount = drawCount
        var inspectionCount = 0
        for q in 0..<8 {
            for (k, adcode) in counties.enumerated() {
                guard let market = office("market", adcode) else { continue }
                for (d, domain) in domains.enumerated() {
                    guard var pool = pools[d][k], let other = office(domain.department, adcode), rng.chance(propensity[k]) else { continue }
                    let n = min(pool.count, rng.int(1...2))
                    let day = rng.int(quarters[q]...quarters[q + 1] - 1)
                    let ordered = max(quarters[q], day - rng.int(3...10))
                    let code = String(format: "JDRAW-G-%@-%@-%@", adcode, String(q + 1), domain.department)
                    let departments = ["market", domain.department].joined(separator: ";")
                    draws.write([code, DatasetGenerator.iso(Double(ordered) * 86_400 + 3_600), adcode, String(n), String(pool.count), Self.method,
                                 departments, market, "drawn", "InspectionDraw"])
                    drawCount[k] += 1
                    for rank in 0..<n {
                        pool.swapAt(rank, rank + rng.int(0...pool.count - 1 - rank))
                        let e = pool[rank]
                        selected.write([code, enterpriseUSCC[e], String(rank + 1), String(format: "%.4f", Double(n) / Double(pool.count)), "SELECTED"])
                        inspectionCount += 1
                        let visit = String(format: "JIN%07d", inspectionCount)
                        inspections.write([visit, DatasetGenerator.isoDate(day), "部门联合双随机抽查", rng.chance(0.2) ? "发现问题责令整改" : "未发现问题",
                                           departments, "JointInspection"])
                        inspected.write([visit, enterpriseUSCC[e], "INSPECTED"])
                        conducted.write([visit, market, "CONDUCTED_BY"])
                        conducted.write([visit, other, "CONDUCTED_BY"])
                        fromDraw.write([visit, code, "FROM_DRAW"])
                        visitCount[k] += 1
                    }
                }
            }
        }
        for (k, adcode) in counties.enumerated() {
            truth.write([adcode, String(format: "%.4f", propensity[k]), String(drawCount[k]), String(visitCount[k])])
        }
    }
}
