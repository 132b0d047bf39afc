import Foundation
import Testing
import KGML
@testable import GovSupervision

/// The sentences of `ReasonText` on small hand-made populations: a count, a change between two
/// annual reports, a flag, a category, an amount, related-party risk and where a value stands.
@Suite struct ReasonTextTests {
    /// A population of one column.
    static func population(_ column: String, _ values: [String]) throws -> ColumnPopulation {
        ColumnPopulation(supervision: try TabularData(header: [column], rows: values.map { [$0] }))
    }

    @Test func everyColumnOfBothPurposesHasAMeaning() {
        let columns = Set(SupervisionFeatures.columns(.credit) + SupervisionFeatures.columns(.risk))
        #expect(columns.subtracting(SupervisionFeatures.meaning.keys).isEmpty)
        #expect(columns.subtracting(SupervisionFeatures.describe.keys).isEmpty)
    }

    @Test func aCountSaysItsWindowUnitAndTheShareBelow() throws {
        let p = try Self.population("wageComplaints365", Array(repeating: "0", count: 19) + ["3"])
        let t = ReasonText.make(factor: "wageComplaints365", value: "3", population: p)
        #expect(t.zh == "近12个月欠薪投诉 3 次（高于 95% 的企业）")
        #expect(t.en == "wage-arrears complaints in the last 12 months: 3 (higher than 95% of enterprises)")
    }

    @Test func aFallInHeadcountIsAPercentageBelowMostEnterprises() throws {
        // ln(0.6): the headcount fell by 40 %; the missing cell is not part of the population.
        let p = try Self.population("employeeGrowth", ["-0.511", "0.100", "0.200", "0.000", ""])
        let t = ReasonText.make(factor: "employeeGrowth", value: "-0.511", population: p)
        #expect(t.zh == "近两期年报从业人数变化 -40%（低于 75% 的企业）")
        #expect(t.en == "headcount change between the last two annual reports: -40% (lower than 75% of enterprises)")
        #expect(ReasonText.make(factor: "taxGrowth", value: "0.405", population: nil).zh == "近两期年报纳税额变化 +50%")
        #expect(ReasonText.make(factor: "taxGrowth", value: "", population: p) == ReasonText(zh: "近两期年报纳税额变化：无数据",
                                                                                          en: "tax paid change between the last two annual reports: not available"))
        let ratio = ReasonText.make(factor: "complaintTrend", value: "3.214", population: try Self.population("complaintTrend", ["0.5", "1.0", "3.214"]))
        #expect(ratio.zh == "近90天投诉量为此前9个月同期水平的 3.2 倍（高于 66% 的企业）")
    }

    @Test func aFlagSaysHowManyEnterprisesShareIt() throws {
        let p = try Self.population("legalRepAndAddressChange365", ["1"] + Array(repeating: "0", count: 24))
        let yes = ReasonText.make(factor: "legalRepAndAddressChange365", value: "1", population: p)
        #expect(yes.zh == "近12个月法定代表人和住所均有变更（仅 4% 的企业如此）")
        #expect(yes.en == "legal representative and address both changed in the last 12 months (true of only 4% of enterprises)")
        let no = ReasonText.make(factor: "legalRepAndAddressChange365", value: "0", population: p)
        #expect(no.zh == "近12个月法定代表人和住所未同时变更（96% 的企业如此）")
    }

    @Test func aCategoryIsNamedByItsValue() {
        let t = ReasonText.make(factor: "industry", value: "F", population: nil)
        #expect(t.zh == "行业：批发和零售业（该类企业风险高于最低风险类别）")
        #expect(t.en == "industry: wholesale and retail trade (riskier than the lowest-risk category)")
        #expect(ReasonText.make(factor: "scale", value: "micro", population: nil).zh == "企业规模：微型（该类企业风险高于最低风险类别）")
        #expect(ReasonText.make(factor: "status", value: "吊销", population: nil).en == "registration status: licence revoked (吊销) (riskier than the lowest-risk category)")
        #expect(ReasonText.make(factor: "industry", value: "Z", population: nil).zh == "行业：Z（该类企业风险高于最低风险类别）")
    }

    @Test func amountsAndRelatedPartyRisk() throws {
        let capital = ReasonText.make(factor: "capital", value: "30", population: try Self.population("capital", ["30", "300", "3000", "12.5"]))
        #expect(capital.zh == "注册资本 30 万元（低于 50% 的企业）")
        #expect(capital.en == "registered capital: 300,000 CNY (lower than 50% of enterprises)")
        #expect(ReasonText.make(factor: "capital", value: "12.50", population: nil).zh == "注册资本 12.5 万元")
        #expect(ReasonText.make(factor: "penaltyAmount", value: "50000", population: nil).en == "penalty amounts on record: 50,000 CNY")
        let related = ReasonText.make(factor: "relatedRisk", value: "0.3521", population: try Self.population("relatedRisk", ["0.0000", "0.0000", "0.3521"]), links: 2)
        #expect(related.zh == "关联方风险指数 0.35（高于 66% 的企业），经 2 层法定代表人或股东关系关联到有不良记录的企业")
        #expect(related.en == "related-party risk index: 0.35 (higher than 66% of enterprises), linked to a known-bad enterprise through 2 legal-representative or shareholder links")
    }

    /// The larger side is named: the share strictly below when it is at least the share strictly
    /// above, else the share strictly above; whole percents, floored.
    @Test func theDirectionFollowsTheLargerSide() throws {
        let p = try Self.population("complaints365", ["1", "2", "2", "3", "4", "5", "6", "7", "8", "9"])
        #expect(p.standing(of: 2, in: "complaints365") == .init(below: 1, above: 7, total: 10))
        func zh(_ v: String, _ pop: ColumnPopulation) -> String { ReasonText.make(factor: "complaints365", value: v, population: pop).zh }
        #expect(zh("2", p) == "近12个月热线投诉 2 次（低于 70% 的企业）")
        #expect(zh("5", p) == "近12个月热线投诉 5 次（高于 50% 的企业）")
        #expect(zh("6", p) == "近12个月热线投诉 6 次（高于 60% 的企业）")
        #expect(zh("9", p) == "近12个月热线投诉 9 次（高于 90% 的企业）")
        #expect(zh("0", p) == "近12个月热线投诉 0 次（低于 100% 的企业）")
        #expect(zh("4", try Self.population("complaints365", ["4", "4"])) == "近12个月热线投诉 4 次（与所有企业相同）")
        // A share above 0 that floors to 0 is "under 1 %", never a false 0 %.
        let rare = try Self.population("complaints365", ["1"] + Array(repeating: "5", count: 199))
        #expect(zh("5", rare) == "近12个月热线投诉 5 次（高于 不到 1% 的企业）")
        #expect(ReasonText.percent(199, of: 200) == ("99%", "99%"))
    }
}
