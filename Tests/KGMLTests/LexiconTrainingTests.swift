import Foundation
import Testing
@testable import KGML

/// The domain lexicon teaches the routing model words its training corpus never uses.
@Suite struct LexiconTrainingTests {
    static func record(_ text: String, _ intent: String) -> HotlineRecord {
        let department = ["water_outage": "watersupply", "gas_supply": "gas", "power_outage": "power"][intent]!
        return HotlineRecord(id: UUID().uuidString, text: text, intent: intent, department: department)
    }

    static let train = [
        record("我们小区停水两天了，什么时候来水", "water_outage"), record("家里没水了，自来水一直不来", "water_outage"),
        record("停水也不通知，水压很低", "water_outage"), record("自来水发黄有异味", "water_outage"),
        record("燃气停供了，做不了饭", "gas_supply"), record("闻到燃气泄漏的味道", "gas_supply"),
        record("燃气费怎么这么贵", "gas_supply"), record("燃气灶打不着火", "gas_supply"),
        record("小区又停电了，冰箱的东西都坏了", "power_outage"), record("晚上经常停电，电压不稳", "power_outage"),
        record("电费比上个月多了一倍", "power_outage"), record("停电也不提前通知", "power_outage"),
    ]
    static let dev = [record("停水三天了", "water_outage"), record("燃气泄漏了", "gas_supply"), record("停电一整天", "power_outage")]
    static let lexicon = [record("液化石油瓶", "gas_supply"), record("煤气罐", "gas_supply"), record("跳闸", "power_outage"),
                          record("水管爆裂", "water_outage")]

    static func configuration(lexiconRepeats: Int, substitution: Int = 0) -> RoutingModel.Configuration {
        var c = RoutingModel.Configuration()
        c.buckets = 1 << 14; c.maxFeatures = 2000; c.maxIterations = 200; c.c = 10
        c.taxonomyRepeats = 0; c.clauseDropoutCopies = 0
        c.lexiconRepeats = lexiconRepeats; c.lexiconSubstitutionCopies = substitution
        return c
    }

    @Test func lexiconTermsRouteWordingTheCorpusNeverUses() throws {
        let (with, _) = try RoutingTrainer.train(train: Self.train, dev: Self.dev, lexicon: Self.lexicon, configuration: Self.configuration(lexiconRepeats: 10))
        let (without, _) = try RoutingTrainer.train(train: Self.train, dev: Self.dev, lexicon: Self.lexicon, configuration: Self.configuration(lexiconRepeats: 0))
        // No character of 液化石油瓶 or 跳闸 occurs in a training text; 家里 occurs in water texts only, so
        // without the lexicon the gas cylinder is taken for water.
        #expect(with.predict("家里的液化石油瓶空了").intents.first?.intent == "gas_supply")
        #expect(with.predict("家里总是跳闸").intents.first?.intent == "power_outage")
        #expect(without.predict("家里的液化石油瓶空了").intents.first?.intent != "gas_supply")
        // What the corpus teaches still holds.
        #expect(with.predict("停水好几天了").intents.first?.intent == "water_outage")
    }

    @Test func lexiconTermsOfIntentsNotInTheTrainSplitAreLeftOut() throws {
        let extra = Self.lexicon + [HotlineRecord(id: "x", text: "出租车拒载", intent: "taxi", department: "transport")]
        let (model, _) = try RoutingTrainer.train(train: Self.train, dev: Self.dev, lexicon: extra, configuration: Self.configuration(lexiconRepeats: 10))
        #expect(model.intents == ["gas_supply", "power_outage", "water_outage"])
    }

    @Test func substitutionSwapsTheLongestOwnTermForAnother() {
        let lexicon = [Self.record("燃气", "gas_supply"), Self.record("燃气泄漏", "gas_supply"), Self.record("煤气罐", "gas_supply"),
                       Self.record("停水", "water_outage"), Self.record("x", "water_outage")]
        let records = [Self.record("闻到燃气泄漏的味道，很害怕", "gas_supply"), Self.record("停電三天了", "power_outage"),
                       Self.record("家里停水了", "water_outage"), Self.record("燃氣費太貴", "gas_supply")]
        let copies = LexiconSubstitution(lexicon: lexicon, copies: 20).augment(records, seed: 3)
        // Power has no terms and water only one of two characters or more: no copies for them.
        #expect(copies.allSatisfy { $0.intent == "gas_supply" && $0.department == "gas" })
        // Copies are simplified: full-width punctuation half-width, traditional characters simplified.
        let first = copies.filter { $0.text.hasSuffix("的味道,很害怕") }, second = copies.filter { $0.text.hasSuffix("费太贵") }
        #expect(first.count == 20 && second.count == 20)
        // 燃气泄漏 (the longest match) is replaced, never by itself; 燃氣 is found after simplification.
        #expect(Set(first.map(\.text)) == ["闻到燃气的味道,很害怕", "闻到煤气罐的味道,很害怕"])
        #expect(Set(second.map(\.text)) == ["燃气泄漏费太贵", "煤气罐费太贵"])
        #expect(copies.map(\.text) == LexiconSubstitution(lexicon: lexicon, copies: 20).augment(records, seed: 3).map(\.text))
        #expect(LexiconSubstitution(lexicon: lexicon, copies: 0).augment(records, seed: 3).isEmpty)
    }

    @Test func aConfigurationWrittenBeforeTheLexiconDecodesWithout() throws {
        let old = #"{"maxFeatures":200000,"buckets":1048576,"targetPrecision":0.97,"maxN":3,"taxonomyRepeats":10,"c":3,"minN":1,"minDocumentFrequency":2,"maxIterations":300,"clauseDropoutCopies":1,"clauseKeepProbability":0.5}"#
        let c = try JSONDecoder().decode(RoutingModel.Configuration.self, from: Data(old.utf8))
        #expect(c.lexiconRepeats == 0 && c.lexiconSubstitutionCopies == 0 && c.clauseDropoutCopies == 1)
        #expect(RoutingModel.Configuration().lexiconRepeats == 10 && RoutingModel.Configuration().lexiconSubstitutionCopies == 1)
    }
}
