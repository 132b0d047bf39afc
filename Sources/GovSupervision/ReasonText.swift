import Foundation
import KGML

/// A reason as a supervisor reads it, in Chinese (`zh`, what the dashboard and the graph show)
/// and English (`en`): the column's meaning, the enterprise's value with its unit, and where the
/// value stands in the population scored on the same day.
///
/// - Numbers: "近12个月欠薪投诉 3 次（高于 95% 的企业）" / "wage-arrears complaints in the last 12
///   months: 3 (higher than 95% of enterprises)". The side named is the larger one: "高于 p%" with
///   p the share of the population with a strictly smaller value when that share is at least the
///   share with a strictly greater value (the value's mid-rank percentile is ≥ 50), else "低于 p%"
///   with p the share strictly greater; shares are floored to whole percents. So a factor whose
///   risky side is low (few employees, falling tax) reads "低于 …" on its own.
/// - Flags: "近12个月法定代表人和住所均有变更（仅 4% 的企业如此）": the share with the same value.
/// - Categories: "行业：批发和零售业（该类企业风险高于最低风险类别）": reasons are the factors the model
///   counts as adding risk against the factor's safest bin, and that is all a category reason claims.
/// - Related-party risk also says how many legal-representative or shareholder links separate the
///   enterprise from a known-bad one; the path itself (people never named) is the caller's.
///
/// Texts carry only feature values and public registry words, never a person's name or number.
public struct ReasonText: Sendable, Equatable {
    /// The Chinese sentence.
    public let zh: String
    /// The English sentence.
    public let en: String

    public init(zh: String, en: String) { self.zh = zh; self.en = en }

    /// The sentences for `factor` with cell `value`.
    /// - Parameters:
    ///   - population: the scored population's values of every factor (nil: no comparison).
    ///   - links: for related-party risk, the links (edges) on the path to a known-bad enterprise.
    public static func make(factor: String, value: String, population: ColumnPopulation?, links: Int? = nil) -> ReasonText {
        guard let m = SupervisionFeatures.meaning[factor] else {
            return ReasonText(zh: "\(factor)：\(value)", en: "\(SupervisionFeatures.describe[factor] ?? factor): \(value)")
        }
        let cell = value.trimmingCharacters(in: .whitespaces)
        if TabularData.isMissing(cell) {
            return ReasonText(zh: "\(m.zh)：无数据", en: "\(m.en): not available")
        }
        var text: ReasonText
        switch m.kind {
        case .category(let names):
            let name = names[cell] ?? (cell, cell)
            return ReasonText(zh: "\(m.zh)：\(name.zh)（该类企业风险高于最低风险类别）", en: "\(m.en): \(name.en) (riskier than the lowest-risk category)")
        case .flag(let no, let noEn):
            let yes = cell == "1"
            text = ReasonText(zh: yes ? m.zh : no, en: yes ? m.en : noEn)
            if let s = population?.share(of: cell, in: factor) {
                let p = percent(s.count, of: s.total)
                let rare = s.count * 2 < s.total
                text = ReasonText(zh: text.zh + (rare ? "（仅 \(p.zh) 的企业如此）" : "（\(p.zh) 的企业如此）"),
                                  en: text.en + (rare ? " (true of only \(p.en) of enterprises)" : " (true of \(p.en) of enterprises)"))
            }
            return text
        case .number, .ratio, .logChange, .capitalWan:
            guard let x = Double(cell), x.isFinite else { return ReasonText(zh: "\(m.zh)：\(cell)", en: "\(m.en): \(cell)") }
            let shown = format(x, m)
            text = ReasonText(zh: "\(m.zh) \(shown.zh)", en: "\(m.en): \(shown.en)")
            if let s = population?.standing(of: x, in: factor) { text = text.appending(direction(s)) }
        }
        if let links, factor == "relatedRisk" {
            text = ReasonText(zh: text.zh + "，经 \(links) 层法定代表人或股东关系关联到有不良记录的企业",
                              en: text.en + ", linked to a known-bad enterprise through \(links) legal-representative or shareholder links")
        }
        return text
    }

    /// "（高于 95% 的企业）" or "（低于 12% 的企业）" by the larger side (see the type's summary).
    static func direction(_ s: ColumnPopulation.Standing) -> ReasonText {
        let d = TableReasonText.direction(below: s.below, above: s.above, total: s.total)
        return ReasonText(zh: d.zh, en: d.en)
    }

    /// `count / total` floored to a whole percent (`TableReasonText.percent`).
    static func percent(_ count: Int, of total: Int) -> (zh: String, en: String) { TableReasonText.percent(count, of: total) }

    /// The value with its unit, in both languages.
    static func format(_ x: Double, _ m: FeatureMeaning) -> (zh: String, en: String) {
        func unit(_ u: String) -> String { u.isEmpty ? "" : " " + u }
        switch m.kind {
        case .ratio:
            let v = String(format: "%.1f", x)
            return ("\(v) 倍", "\(v)×")
        case .logChange:
            let change = Int(((exp(x) - 1) * 100).rounded())
            let v = (change > 0 ? "+" : "") + "\(change)%"
            return (v, v)
        case .capitalWan:
            return ("\(decimal(x, digits: 2, dropZeros: true))\(unit(m.unit))", "\(grouped(x * 10_000))\(unit(m.unitEn))")
        case .number(let digits):
            let v = decimal(x, digits: digits, dropZeros: false)
            return ("\(v)\(unit(m.unit))", (m.unitEn == "CNY" ? grouped(x) : v) + unit(m.unitEn))
        case .flag, .category:
            return ("\(x)", "\(x)")
        }
    }

    /// `x` with `digits` decimals ("3.0", "0.35"); with `dropZeros`, trailing zeros go ("30", "12.5").
    static func decimal(_ x: Double, digits: Int, dropZeros: Bool) -> String {
        guard digits > 0 else { return String(Int(x.rounded())) }
        var s = String(format: "%.\(digits)f", x)
        if dropZeros {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    /// A whole amount with thousands separators ("300,000").
    static func grouped(_ x: Double) -> String {
        let n = Int(x.rounded())
        var digits = Array(String(abs(n)))
        var out = ""
        while digits.count > 3 { out = "," + String(digits.suffix(3)) + out; digits.removeLast(3) }
        return (n < 0 ? "-" : "") + String(digits) + out
    }

    func appending(_ other: ReasonText) -> ReasonText { ReasonText(zh: zh + other.zh, en: en + other.en) }
}
