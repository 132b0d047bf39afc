import ArgumentParser
import Foundation
import GovHotline
import KGCore
import KGML
import KGEngine

/// `govbrain model calibrate routing`: sets a routing model's dispatch threshold again on text of
/// another origin (written by people, not the generator) for a target precision.
struct ModelCalibrate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "calibrate", abstract: "Set a model's decision threshold on text of another origin.",
                                                    subcommands: [CalibrateRouting.self])
}

struct CalibrateRouting: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routing",
        abstract: "Set the routing model's dispatch threshold on labelled texts of another origin (writes calibration.json beside the model).",
        discussion: """
        The softmax temperature is fitted on --data (its intents' likelihood), then the threshold becomes the lowest confidence at which the routings of --data reach --target-precision of the
        department; routings below it wait for an agent. The novelty gate is set on the same texts: a text whose vocabulary
        coverage or score energy falls below their --novelty-quantile is out of distribution and waits for an agent too
        (0 turns the gate off). --half odd (or even) uses only the texts whose id ends in an
        odd (even) number, leaving the other half to measure on. --remove goes back to the threshold tuned on the dev split.
        Example:
          govbrain model calibrate routing --data Datasets/hotline-handwritten/callers.jsonl --half odd --target-precision 0.96
        """)
    @Option(help: "Labelled JSON Lines (text, intent, department).") var data: String?
    @Option(help: "odd, even or all: which texts of --data (by the number their id ends in).") var half: String = "all"
    @Option(name: .customLong("target-precision"), help: "Department precision of automatic dispatches to reach.") var targetPrecision: Double = 0.95
    @Option(name: .customLong("novelty-quantile"), help: "Share of the --data texts the out-of-distribution gate may send to an agent on each of its two signs (0: no gate).")
    var noveltyQuantile: Double = 0.005
    @Option(help: "Model version (default: the promoted one).") var version: String?
    @Option(help: "Models folder (default: the project's Models/).") var models: String?
    @Flag(help: "Remove the calibration instead.") var remove = false

    func validate() throws {
        guard ["odd", "even", "all"].contains(half) else { throw ValidationError("--half must be odd, even or all") }
        guard (0.5..<1).contains(targetPrecision) else { throw ValidationError("--target-precision must be at least 0.5 and below 1") }
        guard (0..<0.2).contains(noveltyQuantile) else { throw ValidationError("--novelty-quantile must be at least 0 and below 0.2") }
        guard remove || data != nil else { throw ValidationError("give the texts to calibrate on with --data (or --remove)") }
    }

    func run() throws {
        try CLIFailure.run {
            let registry = ModelRegistry(models: try models ?? ResourceLocator.modelsPath(), name: "routing")
            let (chosen, model) = try RoutingModelLoader.load(registry: registry, version: version, calibrated: false)
            let folder = registry.directory(chosen)
            if remove {
                try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(RoutingCalibration.file))
                print("routing \(chosen): back to the dev-split threshold \(String(format: "%.4f", model.threshold))")
                return
            }
            let path = data!
            let records = try HotlineRecord.read(path).filter { r in
                guard half != "all" else { return true }
                let digits = r.id.reversed().prefix { $0.isNumber }
                guard let last = digits.first?.wholeNumberValue else { return false }
                return (last % 2 == 1) == (half == "odd")
            }
            guard !records.isEmpty else { throw ModelError(code: .emptyFile, "\(path) holds no labelled texts for --half \(half)") }
            // The temperature first (negative log-likelihood of the texts' intents), then the threshold at it.
            let classOf = Dictionary(uniqueKeysWithValues: model.intents.enumerated().map { ($1, $0) })
            let scored = ParallelMap.map(records.map(\.text)) { model.scores($0) }
            let logits = scored.map(\.logits)
            let known = zip(logits, records).compactMap { z, r in classOf[r.intent].map { (z, $0) } }
            let temperature = known.count >= RoutingCalibration.minimumDispatched
                ? RoutingTrainer.fitTemperature(logits: known.map(\.0), labels: known.map(\.1)) : model.temperature
            let novelty = noveltyQuantile > 0
                ? RoutingNovelty.fit(coverage: scored.map(\.coverage), energy: logits.map(RoutingNovelty.energy), quantile: noveltyQuantile) : nil
            let calibrated = model.with(temperature: temperature, novelty: .some(novelty))
            let predictions = scored.map { calibrated.prediction(fromLogits: $0.logits, coverage: $0.coverage) }
            guard let tuned = RoutingCalibration.tune(confidence: predictions.map { $0.outOfDistribution ? 0 : $0.confidence },
                                                      correct: zip(predictions, records).map { $0.department == $1.department },
                                                      target: targetPrecision) else {
                throw ModelError(code: .insufficientData, "no threshold reaches \(targetPrecision) precision on \(records.count) texts with at least \(RoutingCalibration.minimumDispatched) dispatched; lower --target-precision or give more texts")
            }
            let calibration = RoutingCalibration(threshold: tuned.threshold, temperature: temperature, targetPrecision: targetPrecision,
                                                 source: "\(path) (\(half))", items: records.count, coverage: tuned.coverage,
                                                 precision: tuned.precision, createdAt: ISO8601DateFormatter().string(from: Date()), novelty: novelty)
            try calibration.write(folder: folder)
            print(String(format: "routing %@: temperature %.3f (dev split: %.3f), threshold %.4f (dev split: %.4f); on %d texts of %@: %.1f %% dispatched, %.3f precise",
                         chosen, temperature, model.temperature, tuned.threshold, model.threshold, records.count, calibration.source,
                         100 * tuned.coverage, tuned.precision))
            if let novelty {
                let flagged = predictions.filter(\.outOfDistribution).count
                print(String(format: "novelty gate at the %.3f quantile: vocabulary coverage ≥ %.4f and energy ≥ %.3f (%d of %d of these texts fall outside)",
                             novelty.quantile, novelty.minimumCoverage, novelty.minimumEnergy, flagged, records.count))
            }
        }
    }
}
