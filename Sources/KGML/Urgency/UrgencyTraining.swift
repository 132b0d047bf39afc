import Foundation
import KGCore
import KGEmbedding

/// `govbrain model train urgency`: trains on `train.jsonl`, sets the urgent threshold on `dev.jsonl`,
/// evaluates on `test.jsonl` and on hand-written texts when given, beside the keyword rule, and
/// writes a new version of `Models/urgency/` with the artifact, `MODEL.md`, `card.json` and
/// `metrics.json`. The first version trained is promoted.
public enum UrgencyTraining {
    public static let artifact = "model.bin"

    public struct Outcome: Sendable {
        public let model: UrgencyModel
        public let report: UrgencyTrainer.Report
        public let test: UrgencyEvaluation
        public let testKeywords: UrgencyEvaluation
        public let handwritten: UrgencyEvaluation?
        public let handwrittenKeywords: UrgencyEvaluation?
        public let version: String
        public let directory: String
        public let promoted: Bool
    }

    /// Scores of a model and of the keyword rule on labelled texts.
    public static func evaluate(_ model: UrgencyModel, on records: [LabeledText]) -> (model: UrgencyEvaluation, keywords: UrgencyEvaluation) {
        let predicted = ParallelMap.map(records.map(\.text)) { model.predict($0).urgency }
        return (UrgencyEvaluation(predicted: predicted, labels: records.map(\.label)),
                UrgencyEvaluation(predicted: records.map { UrgencyKeywordRule.predict($0.text) }, labels: records.map(\.label)))
    }

    /// - Parameter extra: labelled texts of another origin than the generated splits (calls written
    ///   by hand), each added `extraRepeats` times to the training texts, with their files for the card.
    public static func run(data: String, registry: ModelRegistry, table: PinyinTable, seed: UInt64, handwritten: [LabeledText],
                           handwrittenSource: String?, extra: [(file: String, records: [LabeledText])] = [], extraRepeats: Int = 1,
                           calibration: (file: String, records: [LabeledText])? = nil, command: String) throws -> Outcome {
        func path(_ split: String) -> String { (data as NSString).appendingPathComponent("\(split).jsonl") }
        let corpus = try LabeledText.readJSONLines(path("train"), labelKey: "urgency")
        var train = corpus
        for source in extra { for _ in 0..<max(0, extraRepeats) { train += source.records } }
        let dev = try LabeledText.readJSONLines(path("dev"), labelKey: "urgency")
        let test = try LabeledText.readJSONLines(path("test"), labelKey: "urgency")
        let (model, report) = try UrgencyTrainer.train(train: train, dev: dev, calibration: calibration?.records ?? [], table: table, seed: seed)
        let (testEval, testKeywords) = evaluate(model, on: test)
        let hw = handwritten.isEmpty ? nil : evaluate(model, on: handwritten)

        let version = registry.nextVersion()
        let directory = registry.directory(version)
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw ModelError(code: .pathNotWritable, "cannot create \(directory): \(error.localizedDescription)")
        }
        let modelPath = (directory as NSString).appendingPathComponent(artifact)
        try model.write(to: modelPath)
        var members: [(String, JSON)] = [("model", .string("urgency")), ("version", .string(version)), ("seed", .int(Int64(bitPattern: seed))),
                                         ("trainRecords", .int(Int64(train.count))), ("features", .int(Int64(report.features))),
                                         ("iterations", .int(Int64(report.iterations))), ("trainSeconds", .double(report.trainSeconds)),
                                         ("urgentThreshold", .double(model.urgentThreshold)), ("devUrgentRecall", .double(report.devUrgentRecall))]
        members += json(testEval, prefix: "test") + json(testKeywords, prefix: "testKeywords")
        if let hw { members += json(hw.model, prefix: "handwritten") + json(hw.keywords, prefix: "handwrittenKeywords") }
        do {
            try (JSONWriter.string(.object(members)) + "\n").write(toFile: (directory as NSString).appendingPathComponent("metrics.json"), atomically: true, encoding: .utf8)
        } catch {
            throw ModelError(code: .pathNotWritable, "cannot write metrics.json in \(directory): \(error.localizedDescription)")
        }
        var metrics: [ModelCard.Metric] = [
            .init("urgent recall", testEval.urgentRecall, "test split, \(testEval.classes[0].support) urgent texts (keyword rule: \(format(testKeywords.urgentRecall)))"),
            .init("urgent precision", testEval.urgentPrecision, "test split (keyword rule: \(format(testKeywords.urgentPrecision)))"),
            .init("macro-F1", testEval.macroF1, "test split, \(testEval.items) texts, three classes (keyword rule: \(format(testKeywords.macroF1)))"),
        ]
        if let hw {
            metrics += [
                .init("hand-written urgent recall", hw.model.urgentRecall, "\(hw.model.classes[0].support) urgent texts written by hand\(handwrittenSource.map { " (`\($0)`)" } ?? "") (keyword rule: \(format(hw.keywords.urgentRecall)))"),
                .init("hand-written urgent precision", hw.model.urgentPrecision, "same texts (keyword rule: \(format(hw.keywords.urgentPrecision)))"),
                .init("hand-written macro-F1", hw.model.macroF1, "\(hw.model.items) texts (keyword rule: \(format(hw.keywords.macroF1)))"),
            ]
        }
        var card = ModelCard(
            name: "urgency", version: version,
            summary: "12345 hotline urgency: a complaint text → urgent (danger now: fire, gas, people trapped or hurt, a child or elderly person in danger, flooding, a collapse), priority (a serious disruption without immediate danger) or normal. Multinomial logistic regression (L-BFGS, in Swift) over character 1–3-gram and pinyin syllable TF-IDF; urgent when P(urgent) ≥ a threshold set on the dev split\(calibration.map { " and on \(($0.file as NSString).lastPathComponent) (texts of another origin, never trained on)" } ?? "") for \(Int(UrgencyTrainer.targetRecall * 100)) % urgent recall.",
            intendedUse: "The urgency of a new work order (`POST /v1/hotline/workorders`), which sets its time limit (urgent 2 hours, priority 24 hours, normal 5 working days); an agent may override it. Not a substitute for 110/119/120: urgent calls are also passed on to the emergency services.",
            command: command,
            data: try [ModelCard.dataSource(path("train"), corpus.count), ModelCard.dataSource(path("dev"), dev.count), ModelCard.dataSource(path("test"), test.count)]
                + extra.map { try ModelCard.dataSource($0.file, $0.records.count) }
                + (calibration.map { [try ModelCard.dataSource($0.file, $0.records.count)] } ?? []),
            parameters: [("character n-grams", "1–3, TF-IDF, \(model.characters.featureCount) features"),
                         ("pinyin", "toneless syllables of `Datasets/reference/pinyin.csv` (pypinyin), confusable sounds merged, uni- and bigrams, \(model.syllables.featureCount) features, weight \(UrgencyModel.pinyinWeight)"),
                         ("homophone noise", "one copy of each training text with \(Int(UrgencyTrainer.noiseRate * 100)) % of its characters replaced by same-sound characters"),
                         ("urgent threshold", String(format: "%.4f", model.urgentThreshold)), ("L-BFGS iterations", "\(report.iterations)"),
                         ("training seconds", String(format: "%.1f", report.trainSeconds))],
            metrics: metrics,
            limitations: [
                "Trained on the synthetic urgency corpus (`govbrain datagen urgency`): its situations were written for it; the hand-written texts measure calls worded otherwise.",
                "Character and sound features do not understand negation well: 'the fire is out' still looks like a fire (so the threshold errs towards urgent).",
                "A model cannot hear a caller's voice: panic, crying or background noise, which agents use, are not in the text.",
            ])
        card.artifact = try ModelCard.artifactDigest(modelPath)
        try card.write(to: directory)
        var promoted = false
        if registry.promoted() == nil { try registry.promote(version, artifact: artifact); promoted = true }
        return Outcome(model: model, report: report, test: testEval, testKeywords: testKeywords, handwritten: hw?.model,
                       handwrittenKeywords: hw?.keywords, version: version, directory: directory, promoted: promoted)
    }

    /// The evaluation as JSON members named `<prefix>UrgentRecall`, `<prefix>MacroF1`, ….
    public static func json(_ e: UrgencyEvaluation, prefix: String) -> [(String, JSON)] {
        [("\(prefix)Items", .int(Int64(e.items))), ("\(prefix)Accuracy", .double(e.accuracy)), ("\(prefix)MacroF1", .double(e.macroF1)),
         ("\(prefix)UrgentRecall", .double(e.urgentRecall)), ("\(prefix)UrgentPrecision", .double(e.urgentPrecision)),
         ("\(prefix)Confusion", .array(e.confusion.map { .array($0.map { .int(Int64($0)) }) }))]
    }

    static func format(_ x: Double) -> String { String(format: "%.4f", x) }
}
