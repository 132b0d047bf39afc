import Foundation
import KGML

/// A small routing model for tests: the real training code on the first texts of the hotline
/// corpus, with few features and iterations, so a debug build trains it in seconds.
public enum SmallRoutingModel {
    /// Trains into `models/routing/` (the first version, promoted) from the first `rows` train,
    /// and a fifth as many dev and test, rows of `Datasets/hotline`.
    @discardableResult
    public static func train(models: String, rows: Int = 1500) throws -> RoutingTraining.Outcome {
        let source = SmallTextEncoder.repositoryRoot.appendingPathComponent("Datasets/hotline")
        let data = URL(fileURLWithPath: models).appendingPathComponent("data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: data) }
        for (split, count) in [("train", rows), ("dev", rows / 5), ("test", rows / 5)] {
            let lines = try String(contentsOf: source.appendingPathComponent("\(split).jsonl"), encoding: .utf8).split(separator: "\n").prefix(count)
            try (lines.joined(separator: "\n") + "\n").write(to: data.appendingPathComponent("\(split).jsonl"), atomically: true, encoding: .utf8)
        }
        var config = RoutingModel.Configuration()
        config.buckets = 1 << 16
        config.maxFeatures = 4000
        config.maxIterations = 60
        return try RoutingTraining.run(data: data.path, registry: ModelRegistry(models: models, name: "routing"), configuration: config,
                                       seed: 1, places: nil, command: "SmallRoutingModel.train")
    }
}
