import Foundation
import KGCore
import KGEmbedding

extension RoutingModel {
    static let magic = "GBROUTE1"

    private struct Header: Codable {
        var format = 1
        var configuration: Configuration
        var intents: [String]
        var departments: [String]
        var features: Int
        var temperature: Float
        var threshold: Double
    }

    /// Writes the model to one file (temporary file, then rename).
    public func write(to path: String) throws {
        let header = try JSONEncoder().encode(Header(configuration: configuration, intents: intents, departments: departmentOfIntent,
                                                     features: vocabulary.featureCount, temperature: temperature, threshold: threshold))
        var out = BinaryArchive.Writer(magic: Self.magic, header: header)
        out.append(vocabulary.featureBuckets)
        out.append(vocabulary.idf)
        out.append(classifier.weights)
        out.append(classifier.bias)
        do { try AtomicFile.write(out.data, to: path) } catch {
            throw ModelError(code: .pathNotWritable, "cannot write the routing model \(path): \(error.localizedDescription)")
        }
    }

    /// Reads a model written by `write(to:)`.
    public static func read(from path: String) throws -> RoutingModel {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ModelError(code: .modelNotFound, "no routing model at \(path); train one with `govbrain model train routing`")
        }
        let bad = ModelError(code: .invalidArtifact, "\(path) is not a GovBrain routing model (or is truncated); train it again with `govbrain model train routing`")
        var archive = try BinaryArchive.Reader(path: path, magic: magic, invalid: bad)
        guard let h = try? JSONDecoder().decode(Header.self, from: archive.header), h.format == 1,
              h.intents.count == h.departments.count, h.intents.count >= 2 else { throw bad }
        let c = h.configuration
        guard c.buckets > 0, c.buckets & (c.buckets - 1) == 0, c.minN >= 1, c.maxN >= c.minN else { throw bad }
        let buckets = try archive.take(h.features, Int32.self), idf = try archive.take(h.features, Float.self)
        let weights = try archive.take(h.features * h.intents.count, Float.self), bias = try archive.take(h.intents.count, Float.self)
        try archive.finish()
        guard buckets.allSatisfy({ $0 >= 0 && Int($0) < c.buckets }) else { throw bad }
        let vocabulary = TFIDFVocabulary(hasher: NGramHasher(minN: c.minN, maxN: c.maxN, buckets: c.buckets), featureBuckets: buckets, idf: idf)
        let classifier = SoftmaxRegression(featureCount: h.features, classCount: h.intents.count, weights: weights, bias: bias)
        return RoutingModel(configuration: c, intents: h.intents, departmentOfIntent: h.departments, vocabulary: vocabulary,
                            classifier: classifier, temperature: h.temperature, threshold: h.threshold)
    }
}
