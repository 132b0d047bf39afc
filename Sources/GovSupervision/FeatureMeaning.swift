import Foundation

/// What one feature column of `SupervisionFeatures` means, in Chinese and English, and how its
/// cells read: a count or an amount with its unit, a ratio, a change between two annual reports,
/// a yes/no flag or a category. `ReasonText` writes a supervisor's sentence from it.
///
/// The wording states the window each column counts over (近12个月 = the last 365 days, 累计 =
/// every record before the scoring day), because "3 complaints" means nothing without it.
public struct FeatureMeaning: Sendable {
    /// How the cells of a column read.
    public enum Kind: Sendable {
        /// A number shown with `digits` decimals (0: a whole number) followed by the unit.
        case number(digits: Int)
        /// A multiple of a reference level ("3.2 倍" / "3.2×").
        case ratio
        /// The natural log of new/old between two annual reports, shown as a signed percentage
        /// change ("-40%"): `exp(x) - 1`.
        case logChange
        /// A registered-capital amount in 万元 (10,000 CNY), the unit of `regCapital`.
        case capitalWan
        /// 1 or 0; `no`/`noEn` say the 0 case, the meaning says the 1 case.
        case flag(no: String, noEn: String)
        /// A code with a name per value (unknown codes are shown as they are).
        case category(names: [String: (zh: String, en: String)])
    }

    /// Chinese meaning, e.g. "近12个月欠薪投诉".
    public let zh: String
    /// Chinese unit after the value, e.g. "次" ("" for none).
    public let unit: String
    /// English meaning, e.g. "wage-arrears complaints in the last 12 months".
    public let en: String
    /// English unit after the value ("" for none).
    public let unitEn: String
    public let kind: Kind

    public init(_ zh: String, unit: String = "", en: String, unitEn: String = "", kind: Kind = .number(digits: 0)) {
        self.zh = zh; self.unit = unit; self.en = en; self.unitEn = unitEn; self.kind = kind
    }
}
