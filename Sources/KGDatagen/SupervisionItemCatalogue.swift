import Foundation
import KGCore

/// The supervision-item catalogue (监管事项目录) the generator plants: for each of the four
/// supervision domains, the items its department type carries out — code, name, check method —
/// flagged for the double-random list (双随机、一公开监管事项库) and the joint-supervision list
/// (联合监管事项库); and each office's claims (认领) of the items of its department type.
///
/// Planted truth (`truth/office_claim_rate.csv`): most offices (about 80 %) claim every item of
/// their type; the others leave one to three unclaimed, so their claim rate falls below the plan's
/// 95 % target (PT121). The claims come from their own seeded stream (`supervision-claims`), so the
/// rest of the generated graph is unchanged.
public enum SupervisionItemCatalogue {
    /// One catalogue entry.
    public struct Item: Sendable, Equatable {
        public let code: String
        public let name: String
        /// `market`, `ecology`, `emergency` or `housing`.
        public let domain: String
        /// The department type id (`market`, `ecoenv`, `emergency`, `housing`).
        public let departmentType: String
        public let checkMethod: String
        public let doubleRandom: Bool
        public let joint: Bool
    }

    /// Share of offices that claim every item of their type.
    static let fullClaimShare = 0.8

    /// The catalogue, grouped by department type, codes `JGSX-<type>-NNN` in order.
    public static let items: [Item] = {
        // (name, check method, double-random, joint)
        let entries: [(domain: String, type: String, list: [(String, String, Bool, Bool)])] = [
            ("market", "market", [
                ("对食品生产者生产活动的监督检查", "现场检查", true, true),
                ("对食品经营者经营活动的监督检查", "现场检查", true, false),
                ("对企业公示信息的抽查", "书面检查", true, false),
                ("对产品质量的监督抽查", "抽样检测", true, false),
                ("对特种设备使用单位的监督检查", "现场检查", true, true),
                ("对计量器具使用情况的监督检查", "现场检查", true, false),
                ("对广告发布行为的监测检查", "网络监测", false, false),
                ("对危险化学品生产企业工业产品生产许可的监督检查", "现场检查", true, true),
            ]),
            ("ecology", "ecoenv", [
                ("对排污单位执行排污许可制度情况的检查", "现场检查", true, true),
                ("对污染源自动监测设施运行情况的检查", "现场检查", true, false),
                ("对建设项目环境影响评价制度执行情况的检查", "书面检查", true, true),
                ("对危险废物规范化环境管理情况的检查", "现场检查", true, true),
                ("对排污单位污染物排放的监督性监测", "抽样检测", true, false),
                ("对施工工地扬尘污染防治的检查", "现场检查", false, true),
                ("对辐射安全许可执行情况的检查", "现场检查", true, false),
            ]),
            ("emergency", "emergency", [
                ("对危险化学品生产经营单位安全生产的监督检查", "现场检查", true, true),
                ("对非煤矿山企业安全生产的监督检查", "现场检查", true, false),
                ("对工贸企业安全生产标准化建设情况的检查", "书面检查", true, false),
                ("对烟花爆竹经营单位安全生产的监督检查", "现场检查", true, false),
                ("对生产经营单位安全生产培训情况的检查", "书面检查", true, false),
                ("对重大危险源监测监控情况的检查", "现场检查", false, true),
                ("对生产安全事故应急预案管理情况的检查", "书面检查", true, true),
            ]),
            ("housing", "housing", [
                ("对建筑施工企业安全生产许可条件的检查", "书面检查", true, false),
                ("对建设工程质量的监督检查", "现场检查", true, true),
                ("对建筑施工现场安全生产的监督检查", "现场检查", true, true),
                ("对建设工程质量检测机构的检查", "抽样检测", true, false),
                ("对房地产开发企业资质的检查", "书面检查", true, false),
                ("对建筑工地扬尘治理的检查", "现场检查", false, true),
                ("对预拌混凝土质量的抽样检测", "抽样检测", true, false),
            ]),
        ]
        return entries.flatMap { e in
            e.list.enumerated().map { i, x in
                Item(code: String(format: "JGSX-%@-%03d", e.type, i + 1), name: x.0, domain: e.domain, departmentType: e.type,
                     checkMethod: x.1, doubleRandom: x.2, joint: x.3)
            }
        }
    }()

    /// The department types with items in the catalogue.
    public static var departmentTypes: [String] { ["market", "ecoenv", "emergency", "housing"] }

    /// Writes the catalogue, the offices' claims and the planted claim rates.
    /// - Parameters:
    ///   - offices: every office code of the graph (`<type>-<adcode>`); those of a catalogue type claim.
    ///   - seed: the run's seed (the claims use their own stream).
    ///   - output: where the files go.
    static func write(offices: Set<String>, seed: UInt64, output: DomainSupervision.Output) throws {
        let itemCSV = try output.node("supervision_items.csv", ["code:ID(SupervisionItem)", "name", "domain", "departmentType", "checkMethod",
                                                                 "doubleRandom:boolean", "jointSupervision:boolean", ":LABEL"])
        for i in items {
            itemCSV.write([i.code, i.name, i.domain, i.departmentType, i.checkMethod, i.doubleRandom ? "true" : "false", i.joint ? "true" : "false", "SupervisionItem"])
        }
        let claims = try output.rel("office_claims.csv", [":START_ID(Office)", ":END_ID(SupervisionItem)", ":TYPE"])
        let truth = try output.other("truth/office_claim_rate.csv", ["office", "departmentType", "items", "claimed", "claimRate"])
        var rng = SeededRandom.stream(seed, "supervision-claims")
        let byType = Dictionary(grouping: items, by: \.departmentType)
        for type in departmentTypes {
            let own = byType[type] ?? []
            for office in offices.filter({ $0.hasPrefix(type + "-") }).sorted() {
                var unclaimed = Set<Int>()
                if !rng.chance(fullClaimShare) {
                    let missing = rng.int(1...3)
                    while unclaimed.count < missing { unclaimed.insert(rng.int(0...own.count - 1)) }
                }
                for (k, item) in own.enumerated() where !unclaimed.contains(k) { claims.write([office, item.code, "CLAIMS"]) }
                let claimed = own.count - unclaimed.count
                truth.write([office, type, String(own.count), String(claimed), String(format: "%.4f", Double(claimed) / Double(own.count))])
            }
        }
    }
}
