import Foundation
import Testing
import KGCore
@testable import KGML

/// Texts of another origin (`--extra-train`) join the routing and urgency training texts and are
/// named in the model card.
@Suite struct ExtraTrainingTests {
    static func record(_ text: String, _ intent: String) -> HotlineRecord {
        let department = ["water_outage": "watersupply", "gas_supply": "gas", "power_outage": "power"][intent]!
        return HotlineRecord(id: UUID().uuidString, text: text, intent: intent, department: department)
    }

    /// A folder with train, dev and test splits of the small corpus of `LexiconTrainingTests`.
    static func corpus() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("extra-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func write(_ records: [HotlineRecord], _ name: String) throws {
            let lines = records.map { #"{"text": "\#($0.text)", "intent": "\#($0.intent)", "department": "\#($0.department)"}"# }
            try (lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write(LexiconTrainingTests.train, "train.jsonl")
        try write(LexiconTrainingTests.dev, "dev.jsonl")
        try write(LexiconTrainingTests.dev, "test.jsonl")
        return folder
    }

    @Test func extraTextsTeachWordsTheCorpusNeverUses() throws {
        let folder = try Self.corpus()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Callers' words for a gas cylinder and a tripped switch: no character of 液化石油瓶 or 跳闸 is in the corpus.
        let extra = [Self.record("楼下那个液化石油瓶漏了", "gas_supply"), Self.record("液化石油瓶没人送", "gas_supply"),
                     Self.record("一开空调就跳闸", "power_outage"), Self.record("总闸跳闸好几次", "power_outage")]
        let extraFile = folder.appendingPathComponent("callers.jsonl")
        try (extra.map { #"{"text": "\#($0.text)", "intent": "\#($0.intent)", "department": "\#($0.department)"}"# }.joined(separator: "\n") + "\n")
            .write(to: extraFile, atomically: true, encoding: .utf8)
        let config = LexiconTrainingTests.configuration(lexiconRepeats: 0)
        func train(_ sources: [(file: String, records: [HotlineRecord])], models: String) throws -> RoutingTraining.Outcome {
            try RoutingTraining.run(data: folder.path, registry: ModelRegistry(models: models, name: "routing"), configuration: config, seed: 1,
                                    places: nil, extra: sources, extraRepeats: 3, command: "test")
        }
        let with = try train([(extraFile.path, extra)], models: folder.appendingPathComponent("with").path)
        let without = try train([], models: folder.appendingPathComponent("without").path)
        #expect(with.model.predict("家里的液化石油瓶空了").intents.first?.intent == "gas_supply")
        #expect(with.model.predict("家里总是跳闸").intents.first?.intent == "power_outage")
        #expect(without.model.predict("家里的液化石油瓶空了").intents.first?.intent != "gas_supply")
        // The card names the file with its digest; the metrics count its texts once.
        let card = try String(contentsOfFile: (with.directory as NSString).appendingPathComponent("MODEL.md"), encoding: .utf8)
        #expect(card.contains("callers.jsonl"))
        #expect(with.metrics["extraRecords"]?.integerValue == 4)
        #expect(with.metrics["trainRecords"]?.integerValue == Int64(LexiconTrainingTests.train.count + 12))
    }
}
