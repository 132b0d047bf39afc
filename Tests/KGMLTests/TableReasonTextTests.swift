import Foundation
import Testing
import KGCore
@testable import KGML

/// Reasons of the generic risk model as a supervisor reads them (`--columns`): the meaning, the
/// value with its unit and where it stands; column names (with value and standing) without one.
@Suite struct TableReasonTextTests {
    /// 100 rows: wage complaints 0 for 90 rows, then 1…10; a flag set on 4 rows; an industry.
    static func table() throws -> TabularData {
        var rows: [[String]] = []
        for i in 0..<100 {
            let wage: String = i < 90 ? "0" : String(i - 89)
            let flag: String = i < 4 ? "1" : "0"
            let industry: String = i % 2 == 0 ? "catering" : "retail"
            let arrears: String = i == 50 ? "" : String(format: "%.1f", Double(i) / 2)
            rows.append([wage, flag, industry, arrears])
        }
        return try TabularData(header: ["wage", "abnormal", "industry", "tax_arrears"], rows: rows)
    }

    static let descriptions = ColumnDescriptions(["wage": .init(zh: "近12个月欠薪投诉", en: "wage-arrears complaints in the last 12 months", unitZh: "次"),
                                                  "abnormal": .init(zh: "列入经营异常名录", en: "listed as operating abnormally"),
                                                  "tax_arrears": .init(zh: "欠税金额", en: "tax arrears", unitZh: "万元", unitEn: "10k CNY")])

    @Test func numbersSayMeaningValueUnitAndStanding() throws {
        let t = try Self.table(), population = ColumnPopulation(t)
        let cells = ["wage": "3", "abnormal": "1", "industry": "catering", "tax_arrears": "1.5"]
        let r = TableReasonText.make(factor: "wage", cell: { cells[$0] }, descriptions: Self.descriptions, population: population)
        #expect(r.zh == "近12个月欠薪投诉 3 次（高于 92% 的企业）")   // 92 rows hold less than 3
        #expect(r.en == "wage-arrears complaints in the last 12 months: 3 (higher than 92% of enterprises)")
        let low = TableReasonText.make(factor: "tax_arrears", cell: { cells[$0] }, descriptions: Self.descriptions, population: population)
        #expect(low.zh == "欠税金额 1.5 万元（低于 95% 的企业）" && low.en == "tax arrears: 1.5 10k CNY (lower than 95% of enterprises)")
        // Without a description: the column name, still with the value and where it stands.
        let bare = TableReasonText.make(factor: "wage", cell: { cells[$0] }, descriptions: ColumnDescriptions(), population: population)
        #expect(bare.zh == "wage 3（高于 92% 的企业）" && bare.en == "wage: 3 (higher than 92% of enterprises)")
        let missing = TableReasonText.make(factor: "tax_arrears", cell: { _ in "" }, descriptions: Self.descriptions, population: population)
        #expect(missing.zh == "欠税金额：无数据" && missing.en == "tax arrears: not available")
    }

    @Test func flagsCategoriesAndInteractions() throws {
        let t = try Self.table(), population = ColumnPopulation(t)
        #expect(population.isFlag("abnormal") && !population.isFlag("wage") && !population.isNumeric("industry"))
        let cells = ["wage": "3", "abnormal": "1", "industry": "catering", "tax_arrears": "1.5"]
        let flag = TableReasonText.make(factor: "abnormal", cell: { cells[$0] }, descriptions: Self.descriptions, population: population)
        #expect(flag.zh == "列入经营异常名录（仅 4% 的企业如此）" && flag.en == "listed as operating abnormally (true of only 4% of enterprises)")
        let bareFlag = TableReasonText.make(factor: "abnormal", cell: { _ in "1.0" }, descriptions: ColumnDescriptions(), population: population)
        #expect(bareFlag.zh == "abnormal = 1.0（仅 4% 的企业如此）")
        let category = TableReasonText.make(factor: "industry", cell: { cells[$0] }, descriptions: ColumnDescriptions(), population: population)
        #expect(category.zh == "industry：catering（该类风险高于最低风险类别）")
        let term = InteractionTerm(first: "wage", second: "tax_arrears", firstGrid: [], secondGrid: [], statistic: 20, pValue: 0.001)
        let pair = TableReasonText.make(factor: term.name, cell: { cells[$0] }, descriptions: Self.descriptions, population: population, interactions: [term])
        #expect(pair.zh == "近12个月欠薪投诉 3 次（高于 92% 的企业），且欠税金额 1.5 万元（低于 95% 的企业）")
        #expect(pair.en.hasPrefix("wage-arrears complaints in the last 12 months: 3 (higher than 92% of enterprises), together with tax arrears"))
        let model = RiskModel(model: Scorecard.baseRate(target: "event", rows: [0, 1], y: [0, 1], configuration: .init()), interactions: [term],
                              red: 0, orange: 0, yellow: 0)
        let lines = model.reasonLines([term.name, "wage"], cell: { cells[$0] }, descriptions: Self.descriptions, population: population)
        #expect(lines.map(\.value) == ["3; 1.5", "3"] && lines[1].text.zh.hasPrefix("近12个月欠薪投诉"))
        #expect(lines[0].json["textEn"]?.stringValue == pair.en)
    }

    @Test func theDescriptionsFileIsCheckedLineByLine() throws {
        let good = try TabularData(header: ["column", "name_zh", "name_en", "unit"], rows: [["wage", "近12个月欠薪投诉", "wage complaints", "次"]])
        let d = try ColumnDescriptions.parse(good, source: "cols.csv")
        #expect(d["wage"] == .init(zh: "近12个月欠薪投诉", en: "wage complaints", unitZh: "次", unitEn: ""))
        let noEnglish = try TabularData(header: ["column", "name_zh"], rows: [["wage", "欠薪"]])
        #expect(throws: ModelError.self) { try ColumnDescriptions.parse(noEnglish, source: "cols.csv") }
        do { _ = try ColumnDescriptions.parse(noEnglish, source: "cols.csv") } catch let e as ModelError { #expect(e.message.contains("name_en")) }
        let twice = try TabularData(header: ["column", "name_zh", "name_en"], rows: [["wage", "欠薪", "wage"], ["wage", "欠薪", "wage"]])
        do { _ = try ColumnDescriptions.parse(twice, source: "cols.csv"); Issue.record("accepted a column described twice") } catch let e as ModelError {
            #expect(e.message.contains("line 3") && e.message.contains("twice"))
        }
        let blank = try TabularData(header: ["column", "name_zh", "name_en"], rows: [["wage", "", "wage"]])
        #expect(throws: ModelError.self) { try ColumnDescriptions.parse(blank, source: "cols.csv") }
    }
}
