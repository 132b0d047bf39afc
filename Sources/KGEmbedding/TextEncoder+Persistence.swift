import Foundation
import KGCore

extension TextEncoder {
    static let magic = "GBTXTENC"

    private struct Header: Codable {
        var format = 1
        var configuration: Configuration
        var features: Int
        var trainingDocuments: Int
    }

    /// Writes the model to one file (temporary file, then rename).
    public func write(to path: String) throws {
        let header = try JSONEncoder().encode(Header(configuration: configuration, features: featureCount, trainingDocuments: trainingDocuments))
        var out = BinaryArchive.Writer(magic: Self.magic, header: header)
        out.append(featureBuckets)
        out.append(idf)
        out.append(singularValues)
        out.append(projection)
        do { try AtomicFile.write(out.data, to: path) } catch {
            throw EmbeddingError(code: .pathNotWritable, message: "cannot write the text encoder \(path): \(error.localizedDescription)")
        }
    }

    /// Reads a model written by `write(to:)`.
    public static func read(from path: String) throws -> TextEncoder {
        guard FileManager.default.fileExists(atPath: path) else {
            throw EmbeddingError(code: .modelNotFound, message: "cannot read the text encoder \(path): no such file; train it with `govbrain model train text-encoder`")
        }
        let bad = EmbeddingError(code: .invalidArtifact, message: "\(path) is not a GovBrain text encoder (or is truncated); train it again with `govbrain model train text-encoder`")
        var archive = try BinaryArchive.Reader(path: path, magic: magic, invalid: bad)
        guard let header = try? JSONDecoder().decode(Header.self, from: archive.header), header.format == 1 else { throw bad }
        let f = header.features, d = header.configuration.dimension
        let buckets = try archive.take(f, Int32.self), idf = try archive.take(f, Float.self)
        let sv = try archive.take(d, Float.self), projection = try archive.take(f * d, Float.self)
        try archive.finish()
        guard buckets.allSatisfy({ $0 >= 0 && Int($0) < header.configuration.buckets }) else { throw bad }
        return TextEncoder(configuration: header.configuration, featureBuckets: buckets, idf: idf, singularValues: sv,
                           projection: projection, trainingDocuments: header.trainingDocuments)
    }
}
