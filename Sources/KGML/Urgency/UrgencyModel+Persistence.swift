import Foundation
import KGCore
import KGEmbedding

extension UrgencyModel {
    static let magic = "GBURGNT1"

    private struct Header: Codable {
        var format = 1
        var classes: [String]
        var characterBuckets: Int
        var characterFeatures: Int
        var pinyinBuckets: Int
        var pinyinFeatures: Int
        var urgentThreshold: Double
        var syllables: [String]
        var pinyinCharacters: Int
        var pinyinReadings: Int
    }

    /// Writes the model, its pinyin table included, to one file (temporary file, then rename).
    public func write(to path: String) throws {
        let table = pinyin.table.readings.sorted { $0.key < $1.key }
        let scalars = table.map(\.key), counts = table.map { UInt8($0.value.count) }, ids = table.flatMap(\.value)
        let header = try JSONEncoder().encode(Header(classes: Self.classes, characterBuckets: characters.hasher.buckets,
                                                     characterFeatures: characters.featureCount, pinyinBuckets: pinyin.buckets,
                                                     pinyinFeatures: syllables.featureCount, urgentThreshold: urgentThreshold,
                                                     syllables: pinyin.table.syllables, pinyinCharacters: scalars.count, pinyinReadings: ids.count))
        var out = BinaryArchive.Writer(magic: Self.magic, header: header)
        out.append(characters.featureBuckets); out.append(characters.idf)
        out.append(syllables.featureBuckets); out.append(syllables.idf)
        out.append(classifier.weights); out.append(classifier.bias)
        out.append(scalars); out.append(counts); out.append(ids)
        do { try AtomicFile.write(out.data, to: path) } catch {
            throw ModelError(code: .pathNotWritable, "cannot write the urgency model \(path): \(error.localizedDescription)")
        }
    }

    /// Reads a model written by `write(to:)`.
    public static func read(from path: String) throws -> UrgencyModel {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ModelError(code: .modelNotFound, "no urgency model at \(path); train one with `govbrain model train urgency`")
        }
        let bad = ModelError(code: .invalidArtifact, "\(path) is not a GovBrain urgency model (or is truncated); train it again with `govbrain model train urgency`")
        var archive = try BinaryArchive.Reader(path: path, magic: magic, invalid: bad)
        guard let h = try? JSONDecoder().decode(Header.self, from: archive.header), h.format == 1, h.classes == classes,
              h.characterBuckets > 0, h.characterBuckets & (h.characterBuckets - 1) == 0,
              h.pinyinBuckets > 0, h.pinyinBuckets & (h.pinyinBuckets - 1) == 0, h.syllables.count <= Int(UInt16.max) else { throw bad }
        let cb = try archive.take(h.characterFeatures, Int32.self), cidf = try archive.take(h.characterFeatures, Float.self)
        let pb = try archive.take(h.pinyinFeatures, Int32.self), pidf = try archive.take(h.pinyinFeatures, Float.self)
        let features = h.characterFeatures + h.pinyinFeatures
        let weights = try archive.take(features * classes.count, Float.self), bias = try archive.take(classes.count, Float.self)
        let scalars = try archive.take(h.pinyinCharacters, UInt32.self), counts = try archive.take(h.pinyinCharacters, UInt8.self)
        let ids = try archive.take(h.pinyinReadings, UInt16.self)
        try archive.finish()
        guard cb.allSatisfy({ $0 >= 0 && Int($0) < h.characterBuckets }), pb.allSatisfy({ $0 >= 0 && Int($0) < h.pinyinBuckets }),
              counts.reduce(0, { $0 + Int($1) }) == ids.count, ids.allSatisfy({ Int($0) < h.syllables.count }) else { throw bad }
        var readings: [UInt32: [UInt16]] = [:]
        var k = 0
        for (s, n) in zip(scalars, counts) { readings[s] = Array(ids[k..<(k + Int(n))]); k += Int(n) }
        let table = PinyinTable(syllables: h.syllables, readings: readings)
        return UrgencyModel(characters: TFIDFVocabulary(hasher: NGramHasher(minN: 1, maxN: 3, buckets: h.characterBuckets), featureBuckets: cb, idf: cidf),
                            pinyin: PinyinHasher(table: table, buckets: h.pinyinBuckets),
                            syllables: TFIDFVocabulary(hasher: NGramHasher(minN: 1, maxN: 1, buckets: h.pinyinBuckets), featureBuckets: pb, idf: pidf),
                            classifier: SoftmaxRegression(featureCount: features, classCount: classes.count, weights: weights, bias: bias),
                            urgentThreshold: h.urgentThreshold)
    }
}
