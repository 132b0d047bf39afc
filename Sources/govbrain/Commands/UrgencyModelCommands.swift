import ArgumentParser
import Foundation
import KGCore
import KGEmbedding
import KGEngine
import KGML

/// `govbrain model train urgency`.
struct TrainUrgency: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "urgency",
        abstract: "Train the urgency model (urgent, priority, normal) and compare it with the keyword rule.",
        discussion: """
        Trains on train.jsonl of --data (lines {"text", "urgency"}), sets the urgent threshold on dev.jsonl, evaluates on
        test.jsonl and on --handwritten beside the keyword rule, and writes a new version of Models/urgency/ with MODEL.md,
        card.json and metrics.json. The first version is promoted.
        Example:
          govbrain datagen urgency --out Datasets/hotline-urgency
          govbrain model train urgency --handwritten Datasets/hotline-handwritten/urgency.jsonl
        """)

    @Option(help: "Folder with train.jsonl, dev.jsonl and test.jsonl (default: Datasets/hotline-urgency).") var data: String?
    @Option(help: "Hand-written texts with \"urgency\" labels, evaluated beside the test split (never trained on).") var handwritten: String?
    @Option(help: "Models folder (default: the project's Models/).") var models: String?
    @Option(help: "Seed of the homophone noise.") var seed: UInt64 = 7
    @Option(name: .customLong("extra-train"), help: ArgumentHelp("Labelled texts of another origin than the generated splits (JSON Lines with \"text\" and \"urgency\", e.g. calls written by hand) added to the training texts; repeatable.", valueName: "file"))
    var extraTrain: [String] = []
    @Option(name: .customLong("extra-repeats"), help: "Times each --extra-train text is added.") var extraRepeats: Int = 2
    @Option(help: "Labelled texts of another origin (JSON Lines with \"text\" and \"urgency\"), never trained on: the urgent threshold also keeps 98 % of their urgent texts.")
    var calibration: String?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...20).contains(extraRepeats) else { throw ValidationError("--extra-repeats must be 1–20") }
    }

    func run() throws {
        try CLIFailure.run {
            let datasets = try ResourceLocator.datasetsPath()
            let folder = data ?? (datasets as NSString).appendingPathComponent("hotline-urgency")
            let table = try PinyinTable.load(file: (datasets as NSString).appendingPathComponent("reference/pinyin.csv"))
            let hw = try handwritten.map { try LabeledText.readJSONLines($0, labelKey: "urgency") } ?? []
            var command = "govbrain model train urgency"
            if let data { command += " --data \(data)" }
            if let handwritten { command += " --handwritten \(handwritten)" }
            if seed != 7 { command += " --seed \(seed)" }
            for file in extraTrain { command += " --extra-train \(file)" }
            if !extraTrain.isEmpty { command += " --extra-repeats \(extraRepeats)" }
            let extra = try extraTrain.map { (file: $0, records: try LabeledText.readJSONLines($0, labelKey: "urgency")) }
            if let calibration { command += " --calibration \(calibration)" }
            let calibrationTexts = try calibration.map { (file: $0, records: try LabeledText.readJSONLines($0, labelKey: "urgency")) }
            let registry = ModelRegistry(models: try models ?? ResourceLocator.modelsPath(), name: "urgency")
            let o = try UrgencyTraining.run(data: folder, registry: registry, table: table, seed: seed, handwritten: hw,
                                            handwrittenSource: handwritten, extra: extra, extraRepeats: extraRepeats,
                                            calibration: calibrationTexts, command: command)
            switch output.format {
            case .json:
                var members: [(String, JSON)] = [("version", .string(o.version)), ("directory", .string(o.directory)), ("promoted", .bool(o.promoted)),
                                                 ("urgentThreshold", .double(o.model.urgentThreshold)), ("trainSeconds", .double(o.report.trainSeconds))]
                members += UrgencyTraining.json(o.test, prefix: "test") + UrgencyTraining.json(o.testKeywords, prefix: "testKeywords")
                if let h = o.handwritten, let k = o.handwrittenKeywords {
                    members += UrgencyTraining.json(h, prefix: "handwritten") + UrgencyTraining.json(k, prefix: "handwrittenKeywords")
                }
                print(JSONWriter.string(.object(members)))
            case .text:
                print("urgency \(o.version) in \(o.directory)\(o.promoted ? " (promoted)" : ""): \(o.report.features) features, "
                      + "threshold \(String(format: "%.4f", o.model.urgentThreshold)), \(String(format: "%.1f", o.report.trainSeconds)) s")
                print(UrgencyReport.table([("test split: model", o.test), ("test split: keyword rule", o.testKeywords)]
                                          + (o.handwritten.map { [("hand-written: model", $0), ("hand-written: keyword rule", o.handwrittenKeywords!)] } ?? [])))
            }
        }
    }
}

/// `govbrain model eval urgency`.
struct EvaluateUrgency: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "urgency",
        abstract: "Score an urgency model and the keyword rule on labelled texts.",
        discussion: """
        --data is a JSON Lines file or a folder (then its test.jsonl); lines need "text" and "urgency".
        Example:
          govbrain model eval urgency --data Datasets/hotline-handwritten/urgency.jsonl --errors /tmp/urgency_errors.jsonl
        """)

    @Option(help: "JSON Lines file, or a folder holding test.jsonl (default: Datasets/hotline-urgency).") var data: String?
    @Option(help: "Model version (default: the promoted one).") var version: String?
    @Option(help: "Models folder (default: the project's Models/).") var models: String?
    @Option(help: "Write the texts the model got wrong here (JSON Lines).") var errors: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLIFailure.run {
            var path = try data ?? (ResourceLocator.datasetsPath() as NSString).appendingPathComponent("hotline-urgency")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue { path = (path as NSString).appendingPathComponent("test.jsonl") }
            let registry = ModelRegistry(models: try models ?? ResourceLocator.modelsPath(), name: "urgency")
            guard let chosen = version ?? registry.promoted() ?? registry.versions(artifact: UrgencyTraining.artifact).last else {
                throw ModelError(code: .modelNotFound, "no urgency model in \(registry.root); train one with `govbrain model train urgency`")
            }
            let model = try UrgencyModel.read(from: (registry.directory(chosen) as NSString).appendingPathComponent(UrgencyTraining.artifact))
            let records = try LabeledText.readJSONLines(path, labelKey: "urgency")
            guard !records.isEmpty else { throw ModelError(code: .emptyFile, "\(path) holds no texts") }
            let (m, k) = UrgencyTraining.evaluate(model, on: records)
            if let errors {
                var lines = ""
                for r in records {
                    let p = model.predict(r.text)
                    guard p.urgency != r.label else { continue }
                    lines += JSONWriter.string(.object([("id", .string(r.id)), ("text", .string(r.text)), ("urgency", .string(r.label)),
                                                        ("predicted", .string(p.urgency)), ("probabilities", .array(p.probabilities.map { .double($0) }))])) + "\n"
                }
                do { try AtomicFile.write(Data(lines.utf8), to: errors) } catch {
                    throw ModelError(code: .pathNotWritable, "cannot write \(errors): \(error.localizedDescription)")
                }
            }
            switch output.format {
            case .json:
                print(JSONWriter.string(.object([("version", .string(chosen)), ("data", .string(path))]
                                                + UrgencyTraining.json(m, prefix: "model") + UrgencyTraining.json(k, prefix: "keywords"))))
            case .text:
                print("urgency \(chosen) on \(path) (\(m.items) texts)")
                print(UrgencyReport.table([("model", m), ("keyword rule", k)]))
            }
        }
    }
}

/// The text table of urgency evaluations.
enum UrgencyReport {
    static func table(_ rows: [(String, UrgencyEvaluation)]) -> String {
        var s = "| | items | urgent recall | urgent precision | priority F1 | normal F1 | macro-F1 | accuracy |\n|---|---|---|---|---|---|---|---|\n"
        for (name, e) in rows {
            s += "| \(name) | \(e.items) | " + [e.urgentRecall, e.urgentPrecision, e.classes[1].f1, e.classes[2].f1, e.macroF1, e.accuracy]
                .map { String(format: "%.4f", $0) }.joined(separator: " | ") + " |\n"
        }
        return s
    }
}
