import Foundation
import KGEmbedding
import KGML

/// A small text encoder for tests (16 dimensions, trained on the first texts of the hotline
/// corpus): the real training code at a size a debug build runs in a second.
public enum SmallTextEncoder {
    /// The repository root (the folder with `Package.swift`), found from this file's path.
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The first `count` labelled hotline training texts.
    public static func corpus(_ count: Int = 800) throws -> [LabeledText] {
        Array(try LabeledText.readJSONLines(repositoryRoot.appendingPathComponent("Datasets/hotline/train.jsonl").path).prefix(count))
    }

    /// Trains the encoder and writes it to `path`.
    @discardableResult
    public static func train(to path: String, texts: Int = 800, dimension: Int = 16) throws -> TextEncoder {
        var config = TextEncoder.Configuration()
        config.dimension = dimension
        config.buckets = 1 << 16
        config.maxFeatures = 4096
        config.powerIterations = 2
        let encoder = try TextEncoder.train(texts: try corpus(texts).map(\.text), configuration: config)
        try encoder.write(to: path)
        return encoder
    }
}
