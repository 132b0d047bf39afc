import ArgumentParser
import Foundation
import KGCore
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine
import KGML

/// `govbrain model eval`: scores a trained model version on a labelled split.
struct ModelEvaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a model version on labelled data.",
        subcommands: [EvaluateRouting.self, EvaluateUrgency.self, EvaluateRecommend.self])
}

/// `govbrain model eval routing`.
struct EvaluateRouting: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routing",
        abstract: "Print accuracy, macro-F1, department accuracy, calibration, automation and confusion pairs of a routing model.",
        discussion: """
        --data is a JSON Lines file or a folder (then its test.jsonl is used); lines need "text", "intent" and "department",
        and "regionAdcode" to score place resolution. Without --version the promoted version is evaluated.
        --out-of-scope reads texts that no intent covers (lines with "text" and optionally "kind") and prints how many
        would be dispatched automatically (each one a wrong dispatch) and how many the novelty gate sends to an agent.
        Example:
          govbrain model eval routing --data Datasets/hotline/
          govbrain model eval routing --data my_complaints.jsonl --version v2 --format json --errors /tmp/errors.jsonl
        """)

    @Option(help: "JSON Lines file, or a folder holding test.jsonl (default: Datasets/hotline).") var data: String?
    @Option(help: "Model version (default: the promoted one).") var version: String?
    @Option(help: "Models folder (default: the project's Models/).") var models: String?
    @Option(help: "Write the work orders routed to a wrong intent, department or place here (JSON Lines).") var errors: String?
    @Flag(name: .customLong("out-of-scope"), help: "--data holds texts no intent covers: report automatic dispatches and the novelty gate.") var outOfScope = false
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLIFailure.run {
            let datasets = try ResourceLocator.datasetsPath()
            var path = data ?? (datasets as NSString).appendingPathComponent("hotline")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue { path = (path as NSString).appendingPathComponent("test.jsonl") }
            let registry = ModelRegistry(models: try models ?? ResourceLocator.modelsPath(), name: "routing")
            let (chosen, model) = try RoutingModelLoader.load(registry: registry, version: version)
            if outOfScope {
                try OutOfScopeReport(model: model, version: chosen, path: path).print(format: output.format, errors: errors)
                return
            }
            let records = try HotlineRecord.read(path)
            guard !records.isEmpty else { throw ModelError(code: .emptyFile, "\(path) holds no work orders") }
            let predictions = ParallelMap.map(records.map(\.text)) { model.predict($0) }
            let evaluation = RoutingEvaluation(predictions: predictions, intents: records.map(\.intent), departments: records.map(\.department))
            let places = try RegionDirectory.fromReference(folder: (datasets as NSString).appendingPathComponent("reference"))
            let placeEvaluation = records.contains { $0.regionAdcode != nil } ? PlaceEvaluation(resolver: places, records: records) : nil
            if let errors {
                var lines = ""
                for (r, p) in zip(records, predictions) where p.intents[0].intent != r.intent || p.department != r.department || (r.regionAdcode != nil && places.resolve(text: r.text)?.adcode != r.regionAdcode) {
                    lines += JSONWriter.string(.object([
                        ("id", .string(r.id)), ("text", .string(r.text)), ("intent", .string(r.intent)), ("predicted", .string(p.intents[0].intent)),
                        ("probability", .double(p.intents[0].probability)), ("department", .string(r.department)),
                        ("predictedDepartment", .string(p.department)), ("confidence", .double(p.confidence)), ("automatic", .bool(!p.needsHuman)),
                        ("outOfDistribution", .bool(p.outOfDistribution)), ("coverage", p.coverage.map { .double($0) } ?? .null), ("energy", .double(p.energy)), ("regionAdcode", r.regionAdcode.map { .string($0) } ?? .null),
                        ("mention", r.mention.map { .string($0) } ?? .null), ("resolved", places.resolve(text: r.text).map { .string($0.adcode) } ?? .null),
                    ])) + "\n"
                }
                try AtomicFile.write(Data(lines.utf8), to: errors)
            }
            switch output.format {
            case .json:
                var members: [(String, JSON)] = [("model", .string("routing")), ("version", .string(chosen)), ("data", .string(path))]
                members += RoutingTraining.evaluationJSON(evaluation, prefix: "")
                    .map { (key, value) in (key.prefix(1).lowercased() + key.dropFirst(), value) }
                if let p = placeEvaluation { members += [("adcodeExact", .double(p.exact)), ("placesNamed", .int(Int64(p.named)))] }
                if model.novelty != nil { members.append(("outOfDistribution", .int(Int64(predictions.filter(\.outOfDistribution).count)))) }
                print(JSONWriter.string(.object(members)))
            case .text:
                print("routing \(chosen) on \(path)")
                print(RoutingReport.text(evaluation, title: "evaluation"))
                if model.novelty != nil {
                    let flagged = predictions.filter(\.outOfDistribution).count
                    print(String(format: "  out of distribution (novelty gate) %d of %d (%.1f %%), sent to an agent", flagged, predictions.count,
                                 100 * Double(flagged) / Double(predictions.count)))
                }
                if let p = placeEvaluation { print(String(format: "  adcode exact %.4f on %d texts naming a place", p.exact, p.named)) }
            }
        }
    }
}
