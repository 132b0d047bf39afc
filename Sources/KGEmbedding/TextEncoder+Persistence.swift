import Foundation
import KGCore

extension TextEncoder {
    static let magic: [UInt8] = Array("GBTXTENC".utf8)

    private struct Header: Codable {
        var format = 1
        var configuration: Configuration
        var features: Int
        var trainingDocuments: Int
    }

    /// Writes the model to one file (temporary file, then rename).
    public func write(to path: String) throws {
        var out = Data(Self.magic)
        let header = try JSONEncoder().encode(Header(configuration: configuration, features: featureCount, trainingDocuments: trainingDocuments))
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(header)
        featureBuckets.withUnsafeBufferPointer { out.append($0) }
        idf.withUnsafeBufferPointer { out.append($0) }
        singularValues.withUnsafeBufferPointer { out.append($0) }
        projection.withUnsafeBufferPointer { out.append($0) }
        do { try AtomicFile.write(out, to: path) } catch {
            throw EmbeddingError(message: "cannot write the text encoder \(path): \(error.localizedDescription)")
        }
    }

    /// Reads a model written by `write(to:)`.
    public static func read(from path: String) throws -> TextEncoder {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw EmbeddingError(message: "cannot read the text encoder \(path): \(error.localizedDescription); train it with `govbrain model train text-encoder`")
        }
        let bad = EmbeddingError(message: "\(path) is not a GovBrain text encoder (or is truncated); train it again with `govbrain model train text-encoder`")
        guard data.count >= 16, Array(data.prefix(8)) == magic else { throw bad }
        let headerLength = Int(data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) })
        guard headerLength > 0, 16 + headerLength <= data.count,
              let header = try? JSONDecoder().decode(Header.self, from: data.subdata(in: 16..<(16 + headerLength))), header.format == 1 else {
            throw bad
        }
        let f = header.features, d = header.configuration.dimension
        var offset = 16 + headerLength
        func take<T>(_ count: Int, _: T.Type) throws -> [T] {
            let bytes = count * MemoryLayout<T>.stride
            guard offset + bytes <= data.count else { throw bad }
            let out = data.withUnsafeBytes { raw in
                (0..<count).map { raw.loadUnaligned(fromByteOffset: offset + $0 * MemoryLayout<T>.stride, as: T.self) }
            }
            offset += bytes
            return out
        }
        let buckets = try take(f, Int32.self), idf = try take(f, Float.self)
        let sv = try take(d, Float.self), projection = try take(f * d, Float.self)
        guard offset == data.count, buckets.allSatisfy({ $0 >= 0 && Int($0) < header.configuration.buckets }) else { throw bad }
        return TextEncoder(configuration: header.configuration, featureBuckets: buckets, idf: idf, singularValues: sv,
                           projection: projection, trainingDocuments: header.trainingDocuments)
    }
}
