import Foundation
import KGCore

/// What the columns of a table mean, so that a reason reads as a supervisor would say it
/// ("近12个月欠薪投诉 3 次（高于 95% 的企业）") rather than as a column name.
///
/// The file is a CSV with a header row; `column`, `name_zh` and `name_en` are required, `unit`
/// (the Chinese unit after a value, e.g. 次, 万元) and `unit_en` optional, in any order:
/// ```
/// column,name_zh,name_en,unit,unit_en
/// wage_arrears_complaints,近12个月欠薪投诉,wage-arrears complaints in the last 12 months,次,
/// tax_arrears_wan,欠税金额,tax arrears,万元,10k CNY
/// abnormal_listing,列入经营异常名录,listed as operating abnormally,,
/// ```
/// A flag column (values 0 and 1) reads its name for the value 1 ("列入经营异常名录"). Columns the
/// file does not describe keep their name.
public struct ColumnDescriptions: Sendable, Equatable {
    /// One column's meaning and unit in both languages ("" for no unit).
    public struct Entry: Sendable, Equatable {
        public let zh: String, en: String, unitZh: String, unitEn: String
        public init(zh: String, en: String, unitZh: String = "", unitEn: String = "") {
            self.zh = zh; self.en = en; self.unitZh = unitZh; self.unitEn = unitEn
        }
    }

    public let entries: [String: Entry]

    public init(_ entries: [String: Entry] = [:]) { self.entries = entries }

    public subscript(column: String) -> Entry? { entries[column] }

    /// The descriptions in `table` (a parsed descriptions file); `source` names it in errors.
    /// - Throws: `ModelError` (`badHeader`) when a required column is missing, a row names no
    ///   column, names one twice, or has an empty name.
    public static func parse(_ table: TabularData, source: String) throws -> ColumnDescriptions {
        let example = "the header must be column,name_zh,name_en[,unit][,unit_en], e.g. `wage_arrears,近12个月欠薪投诉,wage-arrears complaints in the last 12 months,次,`"
        guard let column = table.column("column"), let zh = table.column("name_zh"), let en = table.column("name_en") else {
            let missing = ["column", "name_zh", "name_en"].filter { table.column($0) == nil }
            throw ModelError(code: .badHeader, "\(source) has no \(missing.joined(separator: ", ")) column; \(example)")
        }
        let unit = table.column("unit"), unitEn = table.column("unit_en")
        var entries: [String: Entry] = [:]
        for r in 0..<table.rowCount {
            let name = TabularData.trimmed(column[r]), line = r + 2
            guard !name.isEmpty else { throw ModelError(code: .badHeader, "\(source) line \(line): the column name is empty") }
            guard entries[name] == nil else { throw ModelError(code: .badHeader, "\(source) line \(line): \(name) is described twice; keep one line per column") }
            let z = TabularData.trimmed(zh[r]), e = TabularData.trimmed(en[r])
            guard !z.isEmpty, !e.isEmpty else {
                throw ModelError(code: .badHeader, "\(source) line \(line): \(name) needs both name_zh and name_en (the reason's Chinese and English wording)")
            }
            entries[name] = Entry(zh: z, en: e, unitZh: unit.map { TabularData.trimmed($0[r]) } ?? "", unitEn: unitEn.map { TabularData.trimmed($0[r]) } ?? "")
        }
        return ColumnDescriptions(entries)
    }
}
