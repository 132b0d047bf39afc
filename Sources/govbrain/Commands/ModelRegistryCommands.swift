import ArgumentParser
import Foundation
import KGCore
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine
import KGML

/// The versioned models of `Models/` and the artifact file of each.
enum VersionedModels {
    static let artifacts = ["routing": RoutingTraining.artifact, "urgency": UrgencyTraining.artifact,
                            EnterpriseCreditModel.registryName: ScorecardTraining.artifact, EnterpriseRiskModel.registryName: RiskModel.artifact]

    /// How to train each model.
    static let trainCommand = ["routing": "govbrain model train routing", "urgency": "govbrain model train urgency",
                               EnterpriseCreditModel.registryName: "govbrain model train credit --graph",
                               EnterpriseRiskModel.registryName: "govbrain model train risk --graph"]

    /// The headline metrics of each model's versions (key in metrics.json, label, shown as a percentage).
    static let headline: [String: [(key: String, label: String, percent: Bool)]] = [
        "routing": [("testTop1", "intent top-1", true), ("testDepartmentAccuracy", "department", true), ("testAutomationRate", "automation", true)],
        "urgency": [("testUrgentRecall", "urgent recall", true), ("handwrittenUrgentRecall", "hand-written urgent recall", true),
                    ("handwrittenMacroF1", "hand-written macro-F1", false)],
        EnterpriseCreditModel.registryName: [("testAUC", "test AUC", false), ("cvAUCMean", "CV AUC", false)],
        EnterpriseRiskModel.registryName: [("testAUC", "out-of-time AUC", false), ("testPrecisionAt1Percent", "precision@1%", false)],
    ]

    static func registry(_ name: String, models: String?) throws -> ModelRegistry {
        guard artifacts[name] != nil else {
            throw ValidationError("unknown versioned model \"\(name)\"; versioned models: \(artifacts.keys.sorted().joined(separator: ", "))")
        }
        return ModelRegistry(models: try models ?? ResourceLocator.modelsPath(), name: name)
    }

    static func metrics(_ registry: ModelRegistry, _ version: String) -> JSON? {
        let path = (registry.directory(version) as NSString).appendingPathComponent("metrics.json")
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return try? JSONParser.parse(text)
    }
}

/// `govbrain model list [NAME]`.
struct ModelList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the versions of the versioned models, the promoted one marked with *.",
        discussion: "Example:\n  govbrain model list\n  govbrain model list routing --format json")

    @Argument(help: "Model name (default: all versioned models).") var name: String?
    @Option(help: "Models folder (default: the project's Models/).") var models: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLIFailure.run {
            var rows: [JSON] = []
            for model in name.map({ [$0] }) ?? VersionedModels.artifacts.keys.sorted() {
                let registry = try VersionedModels.registry(model, models: models)
                let promoted = registry.promoted()
                for v in registry.versions(artifact: VersionedModels.artifacts[model]!) {
                    let m = VersionedModels.metrics(registry, v)
                    rows.append(.object([("model", .string(model)), ("version", .string(v)), ("promoted", .bool(v == promoted))]
                                        + (VersionedModels.headline[model] ?? []).map { ($0.key, m?[$0.key] ?? .null) }))
                }
            }
            switch output.format {
            case .json: print(JSONWriter.string(.array(rows)))
            case .text:
                if rows.isEmpty { print("no versions; train one with `govbrain model train routing` (or credit/risk --graph)") }
                for r in rows {
                    let model = r["model"]!.stringValue!
                    let figures = (VersionedModels.headline[model] ?? []).map { h in
                        "\(h.label) " + (r[h.key]?.doubleValue.map { h.percent ? String(format: "%.2f %%", $0 * 100) : String(format: "%.4f", $0) } ?? "–")
                    }
                    print("\(r["promoted"] == .bool(true) ? "*" : " ") \(model) \(r["version"]!.stringValue!)  " + figures.joined(separator: "  "))
                }
            }
        }
    }
}

/// `govbrain model show NAME [VERSION]`.
struct ModelShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a model version's card (MODEL.md), or its metrics.json with --format json.",
        discussion: "Example:\n  govbrain model show routing\n  govbrain model show routing v1 --format json")

    @Argument(help: "Model name.") var name: String
    @Argument(help: "Version (default: the promoted one).") var version: String?
    @Option(help: "Models folder (default: the project's Models/).") var models: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLIFailure.run {
            let registry = try VersionedModels.registry(name, models: models)
            let known = registry.versions(artifact: VersionedModels.artifacts[name]!)
            guard let chosen = version ?? registry.promoted() ?? known.last, known.contains(chosen) else {
                throw ModelError(code: .modelNotFound, "\(name) has no version \(version ?? "")\(known.isEmpty ? "; train one with `\(VersionedModels.trainCommand[name] ?? "govbrain model train \(name)")`" : " (versions: \(known.joined(separator: ", ")))")")
            }
            let file = output.format == .json ? "metrics.json" : "MODEL.md"
            let path = (registry.directory(chosen) as NSString).appendingPathComponent(file)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw ModelError(code: .fileNotFound, "cannot read \(path)") }
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
    }
}

/// `govbrain model promote NAME VERSION`.
struct ModelPromote: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Make a model version the one the service and `govbrain route` load.",
        discussion: "Example:\n  govbrain model promote routing v2")

    @Argument(help: "Model name.") var name: String
    @Argument(help: "Version.") var version: String
    @Option(help: "Models folder (default: the project's Models/).") var models: String?

    func run() throws {
        try CLIFailure.run {
            let registry = try VersionedModels.registry(name, models: models)
            try registry.promote(version, artifact: VersionedModels.artifacts[name]!)
            print("promoted \(name) \(version); restart `govbrain serve` to load it")
        }
    }
}
