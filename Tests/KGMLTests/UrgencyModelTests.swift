import Foundation
import Testing
import GovBrainTestSupport
import KGCore
import KGEmbedding
@testable import KGML

/// The urgency model on a slice of the urgency corpus: it beats the keyword rule, keeps urgent
/// recall high, survives a save and load, and reads homophones.
@Suite struct UrgencyModelTests {
    static let root = SmallTextEncoder.repositoryRoot
    static func split(_ name: String, _ count: Int) throws -> [LabeledText] {
        Array(try LabeledText.readJSONLines(root.appendingPathComponent("Datasets/hotline-urgency/\(name).jsonl").path, labelKey: "urgency").prefix(count))
    }
    static let table = try! PinyinTable.load(file: root.appendingPathComponent("Datasets/reference/pinyin.csv").path)
    static let trained = try! UrgencyTrainer.train(train: split("train", 1_000), dev: split("dev", 300), table: table, seed: 7)

    @Test func beatsTheKeywordRuleAndKeepsUrgentRecallHigh() throws {
        let test = try Self.split("test", 600)
        let (model, keywords) = UrgencyTraining.evaluate(Self.trained.0, on: test)
        #expect(model.urgentRecall >= 0.85, "urgent recall \(model.urgentRecall)")
        #expect(model.macroF1 > keywords.macroF1, "model \(model.macroF1), keywords \(keywords.macroF1)")
        #expect(Self.trained.1.devUrgentRecall >= 0.9)
        #expect(Self.trained.0.urgentThreshold > 0 && Self.trained.0.urgentThreshold <= 0.5)
    }

    @Test func aSavedModelPredictsTheSame() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("urgency-\(UUID().uuidString).bin").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Self.trained.0.write(to: file)
        let back = try UrgencyModel.read(from: file)
        for text in ["厨房着火了快来人", "小区停水一天了", "想问一下社保怎么转移", "煤起泄露了好大味道"] {
            #expect(back.predict(text) == Self.trained.0.predict(text))
        }
        try Data("GBURGNT1 not a model".utf8).write(to: URL(fileURLWithPath: file))
        #expect { try UrgencyModel.read(from: file) } throws: { ($0 as? ModelError)?.code == .invalidArtifact }
        #expect { try UrgencyModel.read(from: file + ".missing") } throws: { ($0 as? ModelError)?.code == .modelNotFound }
    }

    @Test func theDecisionFavoursUrgentAboveTheThreshold() {
        #expect(UrgencyModel.decide([0.3, 0.6, 0.1], urgentThreshold: 0.25) == "urgent")
        #expect(UrgencyModel.decide([0.2, 0.3, 0.5], urgentThreshold: 0.25) == "normal")
        #expect(UrgencyModel.decide([0.2, 0.5, 0.3], urgentThreshold: 0.25) == "priority")
        #expect(UrgencyTrainer.threshold(urgentScores: [0.9, 0.8, 0.2, 0.7], targetRecall: 0.75) == 0.5)
        #expect(UrgencyTrainer.threshold(urgentScores: [0.9, 0.8, 0.2, 0.3], targetRecall: 1) == 0.2)
    }

    @Test func homophoneNoiseKeepsTheSound() {
        var rng = SplitMix64(seed: 1)
        let noise = HomophoneNoise(table: Self.table, alphabet: Set("煤梅没着招火伙或气汽器".unicodeScalars))
        let noisy = noise.apply("煤气着火", rate: 1, rng: &rng)
        #expect(noisy != "煤气着火" && noisy.count == 4)
        for (a, b) in zip("煤气着火".unicodeScalars, noisy.unicodeScalars) {
            #expect(!Set(Self.table.readings(of: a)).isDisjoint(with: Self.table.readings(of: b)), "\(a) → \(b)")
        }
        #expect(noise.apply("abc，。", rate: 1, rng: &rng) == "abc，。")
    }

    @Test func calibrationTextsLowerTheThresholdToKeepTheirUrgentRecall() throws {
        // Urgent texts in words the generated splits never use: the dev-split threshold misses most of them.
        let callers = ["楼道里一股臭鸡蛋味，隔壁阿婆敲门冇人应", "河堤那边渗水渗得厉害，屋企门口水已经到膝盖", "工地塔吊晃得好犀利，下面好多工人",
                       "我妈跌倒在厕所起不来，叫她都不出声", "小区门口电线杆倒了，电线拖在地上还在冒火花"].enumerated()
            .map { LabeledText(id: "u\($0.offset)", text: $0.element, label: "urgent") }
        let (plain, _) = Self.trained
        let (calibrated, _) = try UrgencyTrainer.train(train: Self.split("train", 1_000), dev: Self.split("dev", 300), calibration: callers,
                                                       table: Self.table, seed: 7)
        let lowest = callers.map { plain.predict($0.text).probabilities[0] }.min()!
        #expect(calibrated.urgentThreshold <= plain.urgentThreshold)
        #expect(calibrated.urgentThreshold <= max(lowest, 0.01) + 1e-9, "threshold \(calibrated.urgentThreshold), lowest urgent score \(lowest)")
        #expect(callers.allSatisfy { calibrated.predict($0.text).urgency == "urgent" })
    }

    @Test func badLabelsAndMissingClassesAreRefused() throws {
        let ok = [LabeledText(id: "a", text: "着火了", label: "urgent"), LabeledText(id: "b", text: "停水了", label: "priority"),
                  LabeledText(id: "c", text: "问社保", label: "normal")]
        #expect { try UrgencyTrainer.train(train: ok + [LabeledText(id: "d", text: "x", label: "later")], dev: ok, table: Self.table, seed: 1) } throws: {
            ($0 as? ModelError)?.message.contains("d: urgency must be") == true
        }
        #expect { try UrgencyTrainer.train(train: ok, dev: Array(ok.prefix(2)), table: Self.table, seed: 1) } throws: {
            ($0 as? ModelError)?.code == .insufficientData
        }
    }

    @Test func theKeywordRuleIsTheBaselineItSaysItIs() {
        #expect(UrgencyKeywordRule.predict("厨房着火了") == "urgent")
        #expect(UrgencyKeywordRule.predict("停电一天了") == "priority")
        #expect(UrgencyKeywordRule.predict("想问社保") == "normal")
        let e = UrgencyEvaluation(predicted: ["urgent", "normal", "priority", "urgent"], labels: ["urgent", "urgent", "priority", "normal"])
        #expect(e.urgentRecall == 0.5 && e.urgentPrecision == 0.5 && e.classes[1].f1 == 1 && e.items == 4)
        #expect(e.confusion == [[1, 0, 1], [0, 1, 0], [1, 0, 0]])
    }
}
