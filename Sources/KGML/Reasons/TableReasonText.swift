import Foundation

/// A reason of the generic risk model (`govbrain model predict risk`) as a supervisor reads it, in
/// Chinese (`zh`) and English (`en`): the column's meaning (from `ColumnDescriptions`, else its
/// name), the row's value with its unit, and where the value stands in the scored population.
///
/// - Numbers: "近12个月欠薪投诉 3 次（高于 95% 的企业）" / "wage-arrears complaints in the last 12
///   months: 3 (higher than 95% of enterprises)"; without a description "wage_arrears 3（高于 95%
///   的企业）". The side named is the larger one (see `direction`).
/// - Flags (0/1): the meaning for 1, "否" otherwise, with the share of rows alike: "列入经营异常名录
///   （仅 4% 的企业如此）".
/// - Text categories: "行业：catering（该类风险高于最低风险类别）" (a reason is a factor the model
///   counts as adding risk, which is all a category reason claims).
/// - An interaction `a×b` reads both columns: "… ，且 …" / "…, together with …".
public struct TableReasonText: Sendable, Equatable {
    public let zh: String
    public let en: String

    public init(zh: String, en: String) { self.zh = zh; self.en = en }

    /// The sentences for `factor`, reading cells through `cell` (nil: missing).
    public static func make(factor: String, cell: (String) -> String?, descriptions: ColumnDescriptions, population: ColumnPopulation?,
                            interactions: [InteractionTerm] = []) -> TableReasonText {
        if let t = interactions.first(where: { $0.name == factor }) {
            let a = make(factor: t.first, cell: cell, descriptions: descriptions, population: population)
            let b = make(factor: t.second, cell: cell, descriptions: descriptions, population: population)
            return TableReasonText(zh: "\(a.zh)，且\(b.zh)", en: "\(a.en), together with \(b.en)")
        }
        let d = descriptions[factor]
        let zhName = d?.zh ?? factor, enName = d?.en ?? factor
        let value = TabularData.trimmed(cell(factor) ?? "")
        if TabularData.isMissing(value) { return TableReasonText(zh: "\(zhName)：无数据", en: "\(enName): not available") }
        if population?.isFlag(factor) == true, let x = Double(value) {
            var text = d == nil ? TableReasonText(zh: "\(factor) = \(value)", en: "\(factor) = \(value)")
                : (x == 1 ? TableReasonText(zh: zhName, en: enName) : TableReasonText(zh: "\(zhName)：否", en: "not \(enName)"))
            if let s = population?.share(of: value, in: factor) {
                let p = percent(s.count, of: s.total), rare = s.count * 2 < s.total
                text = TableReasonText(zh: text.zh + (rare ? "（仅 \(p.zh) 的企业如此）" : "（\(p.zh) 的企业如此）"),
                                       en: text.en + (rare ? " (true of only \(p.en) of enterprises)" : " (true of \(p.en) of enterprises)"))
            }
            return text
        }
        guard let x = Double(value), x.isFinite else {
            return TableReasonText(zh: "\(zhName)：\(value)（该类风险高于最低风险类别）", en: "\(enName): \(value) (riskier than the lowest-risk category)")
        }
        let unitZh = d.map { $0.unitZh.isEmpty ? "" : " " + $0.unitZh } ?? "", unitEn = d.map { $0.unitEn.isEmpty ? "" : " " + $0.unitEn } ?? ""
        let text = TableReasonText(zh: "\(zhName) \(value)\(unitZh)", en: "\(enName): \(value)\(unitEn)")
        guard let s = population?.standing(of: x, in: factor) else { return text }
        let side = direction(below: s.below, above: s.above, total: s.total)
        return TableReasonText(zh: text.zh + side.zh, en: text.en + side.en)
    }

    /// "（高于 95% 的企业）" or "（低于 12% 的企业）": "高于 p%" with p the share of the population
    /// with a strictly smaller value when that share is at least the share with a strictly greater
    /// one, else "低于 p%" with p the share strictly greater (floored to whole percents).
    public static func direction(below: Int, above: Int, total: Int) -> (zh: String, en: String) {
        if below == 0 && above == 0 { return ("（与所有企业相同）", " (the same for all enterprises)") }
        if below >= above {
            let p = percent(below, of: total)
            return ("（高于 \(p.zh) 的企业）", " (higher than \(p.en) of enterprises)")
        }
        let p = percent(above, of: total)
        return ("（低于 \(p.zh) 的企业）", " (lower than \(p.en) of enterprises)")
    }

    /// `count / total` floored to a whole percent ("95%"); a share above 0 that floors to 0 says
    /// "不到 1%" / "under 1%" rather than a false 0 %.
    public static func percent(_ count: Int, of total: Int) -> (zh: String, en: String) {
        let p = total > 0 ? count * 100 / total : 0
        if p == 0 && count > 0 { return ("不到 1%", "under 1%") }
        return ("\(p)%", "\(p)%")
    }
}
