import Foundation
import KGML

/// The reasons of a supervision domain's risk score as a supervisor reads them, in Chinese and
/// English: the `DomainFeatures` column's meaning in the domain's words, the site's value with its
/// unit, and where it stands among the domain's sites scored the same day, e.g.
/// "近12个月重大隐患以外的隐患 3 项（高于 95% 的安全生产监管对象）". The comparison is the one
/// `ReasonText` makes for enterprises, with the domain's sites as the population.
public enum DomainReasonText {
    /// The sentences for `factor` with cell `value` of a site of `schema`.
    /// - Parameter population: the domain's scored sites (nil: no comparison).
    public static func make(factor: String, value: String, schema: SupervisionDomainSchema, population: ColumnPopulation?) -> ReasonText {
        let noun = nouns(schema)
        guard let m = meaning(factor, schema: schema) else { return ReasonText(zh: "\(factor)：\(value)", en: "\(factor): \(value)") }
        let cell = value.trimmingCharacters(in: .whitespaces)
        if TabularData.isMissing(cell) { return ReasonText(zh: "\(m.zh)：无数据", en: "\(m.en): not available") }
        switch m.kind {
        case .category:
            return ReasonText(zh: "\(m.zh)：\(cell)（该类\(noun.zh)风险高于最低风险类别）", en: "\(m.en): \(cell) (riskier than the lowest-risk category)")
        case .flag(let no, let noEn):
            let yes = cell == "1"
            var text = ReasonText(zh: yes ? m.zh : no, en: yes ? m.en : noEn)
            if let s = population?.share(of: cell, in: factor) {
                let p = ReasonText.percent(s.count, of: s.total)
                let rare = s.count * 2 < s.total
                text = ReasonText(zh: text.zh + (rare ? "（仅 \(p.zh) 的\(noun.zh)如此）" : "（\(p.zh) 的\(noun.zh)如此）"),
                                  en: text.en + (rare ? " (true of only \(p.en) of \(noun.en))" : " (true of \(p.en) of \(noun.en))"))
            }
            return text
        default:
            guard let x = Double(cell), x.isFinite else { return ReasonText(zh: "\(m.zh)：\(cell)", en: "\(m.en): \(cell)") }
            // The size column is log(1 + size): the supervisor reads the size itself.
            let shown = factor == "logSize" ? expm1(x) : x
            let digits: Int = if case .number(let d) = m.kind { d } else { 0 }
            let v = ReasonText.decimal(shown, digits: digits, dropZeros: digits > 0)
            var text = ReasonText(zh: "\(m.zh) \(v)\(m.unit.isEmpty ? "" : " " + m.unit)", en: "\(m.en): \(v)\(m.unitEn.isEmpty ? "" : " " + m.unitEn)")
            if let s = population?.standing(of: x, in: factor) {
                // The enterprise wording of the comparison, with the domain's sites as the population.
                let d = ReasonText.direction(s)
                text = text.appending(ReasonText(zh: d.zh.replacingOccurrences(of: "企业", with: noun.zh),
                                                 en: d.en.replacingOccurrences(of: "enterprises", with: noun.en)))
            }
            return text
        }
    }

    /// The domain's sites in both languages, as a population ("污染源" / "pollution sources").
    public static func nouns(_ schema: SupervisionDomainSchema) -> (zh: String, en: String) {
        switch schema.id {
        case "ecology": return ("污染源", "pollution sources")
        case "emergency": return ("安全生产监管对象", "work-safety sites")
        default: return ("在建工程项目", "construction projects")
        }
    }

    /// What column `factor` of `DomainFeatures` means for a site of `schema`; nil for an unknown column.
    public static func meaning(_ factor: String, schema: SupervisionDomainSchema) -> FeatureMeaning? {
        let (problem, problemEn, serious, seriousEn, key, keyEn, size, sizeUnit, sizeEn, sizeUnitEn, age, ageEn): (String, String, String, String, String, String, String, String, String, String, String, String)
        switch schema.id {
        case "ecology":
            (problem, problemEn, serious, seriousEn) = ("监测超标", "monitoring exceedances", "严重超标", "serious exceedances")
            (key, keyEn) = ("重点排污单位", "a key pollutant-discharging unit (重点排污单位)")
            (size, sizeUnit, sizeEn, sizeUnitEn) = ("年排放量", "吨", "annual emission", "t")
            (age, ageEn) = ("投运年限", "years in operation")
        case "emergency":
            (problem, problemEn, serious, seriousEn) = ("安全隐患", "hidden dangers", "重大隐患", "major hidden dangers")
            (key, keyEn) = ("构成重大危险源", "a major hazard installation (重大危险源)")
            (size, sizeUnit, sizeEn, sizeUnitEn) = ("从业人数", "人", "employees", "")
            (age, ageEn) = ("投产年限", "years in production")
        default:
            (problem, problemEn, serious, seriousEn) = ("质量安全问题", "quality or safety incidents", "重大质量安全问题", "major quality or safety incidents")
            (key, keyEn) = ("含危险性较大的分部分项工程", "includes hazardous sub-works (危大工程)")
            (size, sizeUnit, sizeEn, sizeUnitEn) = ("合同金额", "万元", "contract value", "10,000 CNY")
            (age, ageEn) = ("开工年限", "years since work started")
        }
        switch factor {
        case "category": return FeatureMeaning("类别", en: "category", kind: .category(names: [:]))
        case "keyUnit": return FeatureMeaning(key, en: keyEn, kind: .flag(no: "非" + key, noEn: "not " + keyEn))
        case "permitExpired": return FeatureMeaning("排污许可证已过期", en: "emission permit expired", kind: .flag(no: "排污许可证在有效期内", noEn: "emission permit valid"))
        case "logSize": return FeatureMeaning(size, unit: sizeUnit, en: sizeEn, unitEn: sizeUnitEn, kind: .number(digits: 1))
        case "ageYears": return FeatureMeaning(age, unit: "年", en: ageEn, unitEn: "years", kind: .number(digits: 1))
        case "problems12m": return FeatureMeaning("近12个月\(problem)", unit: "次", en: "\(problemEn) in the last 12 months")
        case "problems24m": return FeatureMeaning("近24个月\(problem)", unit: "次", en: "\(problemEn) in the last 24 months")
        case "seriousProblems24m": return FeatureMeaning("近24个月\(serious)", unit: "次", en: "\(seriousEn) in the last 24 months")
        case "overdueRectifications": return FeatureMeaning("逾期未整改或逾期整改", unit: "项", en: "rectifications overdue or late")
        case "daysSinceLastProblem": return FeatureMeaning("距上次\(problem)", unit: "天", en: "days since the last of the \(problemEn)", unitEn: "days")
        case "inspections12m": return FeatureMeaning("近12个月接受检查", unit: "次", en: "inspections in the last 12 months")
        case "enterpriseAdverse24m": return FeatureMeaning("所属企业近24个月市场监管违法及不良信用记录", unit: "条",
                                                          en: "the enterprise's market violations and negative credit records in the last 24 months")
        default: return nil
        }
    }
}
