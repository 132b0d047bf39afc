import ArgumentParser
import Foundation
import KGCore
import KGEmbedding
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine
import KGML

/// `govbrain model`: train, evaluate and apply the models of the model library.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Train and apply GovBrain's models (Models/, each with a model card).",
        subcommands: [Train.self, ModelEvaluate.self, ModelCalibrate.self, ModelPredict.self, ModelMonitor.self, ModelList.self, ModelShow.self, ModelPromote.self])

    /// `govbrain model train NAME`.
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train a model and write it with its model card.",
            subcommands: [TrainTextEncoder.self, TrainRouting.self, TrainUrgency.self, TrainCredit.self, TrainRisk.self, TrainRecommend.self])
    }
}

/// `govbrain model train text-encoder`.
struct TrainTextEncoder: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text-encoder",
        abstract: "Train the text encoder (char n-gram TF-IDF + randomised SVD) and measure similar-case retrieval.",
        discussion: """
        Trains on the hotline train split and the policy library, evaluates precision@5 of similar-case retrieval on
        the test split (TF-IDF alone vs the dense embedding), and writes model.bin, MODEL.md and card.json.
        Example:
          govbrain model train text-encoder                       # Datasets/ → Models/text-encoder
          govbrain model train text-encoder --dimension 128 --out /tmp/te --format json
        """)

    @Option(help: "Folder with the hotline train.jsonl and test.jsonl (default: Datasets/hotline).") var hotline: String?
    @Option(help: "Policy library JSON Lines (default: Datasets/reference/policies.jsonl); 'none' to leave it out.") var policies: String?
    @Option(help: "Model folder (default: Models/text-encoder).") var out: String?
    @Option(help: "Embedding dimension.") var dimension: Int = 256
    @Option(name: .customLong("max-features"), help: "Hashed n-gram features kept.") var maxFeatures: Int = 65_536
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard dimension >= 2 else { throw ValidationError("--dimension must be at least 2") }
        guard maxFeatures > dimension else { throw ValidationError("--max-features must exceed --dimension") }
    }

    func run() throws {
        try CLIFailure.run {
            let datasets = try ResourceLocator.datasetsPath()
            let hotlineDir = hotline ?? (datasets as NSString).appendingPathComponent("hotline")
            let policyFile = policies == "none" ? nil : (policies ?? (datasets as NSString).appendingPathComponent("reference/policies.jsonl"))
            let outDir = try out ?? (ResourceLocator.modelsPath() as NSString).appendingPathComponent("text-encoder")
            var config = TextEncoder.Configuration()
            config.dimension = dimension
            config.maxFeatures = maxFeatures
            var command = "govbrain model train text-encoder"
            if dimension != 256 { command += " --dimension \(dimension)" }
            if maxFeatures != 65_536 { command += " --max-features \(maxFeatures)" }
            let outcome = try TextEncoderTraining.run(hotline: hotlineDir, policies: policyFile, out: outDir, configuration: config, command: command)
            let e = outcome.evaluation
            switch output.format {
            case .json:
                print(JSONWriter.string(.object([
                    ("model", .string(outcome.modelPath)), ("trainSeconds", .double(outcome.trainSeconds)),
                    ("features", .int(Int64(outcome.encoder.featureCount))), ("dimension", .int(Int64(dimension))),
                    ("testQueries", .int(Int64(e.queries))),
                    ("precisionAt5Dense", .double(e.densePrecision)), ("precisionAt5Tfidf", .double(e.sparsePrecision)),
                    ("precisionAt5Hybrid", .double(e.hybridPrecision)),
                    ("top1Dense", .double(e.denseTop1)), ("top1Tfidf", .double(e.sparseTop1)), ("top1Hybrid", .double(e.hybridTop1)),
                ])))
            case .text:
                print("text encoder: \(outcome.encoder.featureCount) features → \(dimension) dimensions, trained in \(String(format: "%.1f", outcome.trainSeconds)) s")
                print("similar-case retrieval on \(e.queries) test texts (same intent among the 5 nearest train cases):")
                print(String(format: "  precision@5  dense %.4f   TF-IDF %.4f   hybrid %.4f", e.densePrecision, e.sparsePrecision, e.hybridPrecision))
                print(String(format: "  top-1        dense %.4f   TF-IDF %.4f   hybrid %.4f", e.denseTop1, e.sparseTop1, e.hybridTop1))
                print("wrote \(outcome.modelPath) and its MODEL.md")
            }
        }
    }
}
