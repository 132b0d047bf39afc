import Foundation
import KGCore

/// A text encoder for Chinese government text: normalised character 1–3-grams, hashed into
/// buckets, weighted by TF-IDF (sublinear term frequency, smoothed IDF, unit length), then
/// projected onto the top right singular vectors of the training TF-IDF matrix (latent semantic
/// analysis by randomised SVD) to a dense unit vector.
public final class TextEncoder: Sendable {
    /// Training parameters (stored with the model).
    public struct Configuration: Sendable, Codable, Equatable {
        /// Dense dimension.
        public var dimension = 256
        public var minN = 1
        public var maxN = 3
        /// Hash buckets (a power of two).
        public var buckets = 1 << 20
        /// Buckets kept as features: those in at least `minDocumentFrequency` training texts, the most frequent first.
        public var maxFeatures = 65_536
        public var minDocumentFrequency = 2
        public var oversample = 16
        public var powerIterations = 3
        public var seed: UInt64 = 7
        /// Exponent of the singular-value scaling of the projection (0 = plain LSA, 1 = whitened).
        public var whitening: Float = 1

        public init() {}
    }

    public let configuration: Configuration
    /// The n-gram TF-IDF features.
    public let vocabulary: TFIDFVocabulary
    /// The bucket of each feature column.
    public var featureBuckets: [Int32] { vocabulary.featureBuckets }
    /// IDF of each feature column.
    public var idf: [Float] { vocabulary.idf }
    /// Singular values of the training matrix for the kept dimensions.
    public let singularValues: [Float]
    /// Feature → dense projection, `features × dimension` row-major.
    public let projection: [Float]
    /// Texts the model was trained on.
    public let trainingDocuments: Int

    public var featureCount: Int { featureBuckets.count }
    public var dimension: Int { configuration.dimension }

    init(configuration: Configuration, featureBuckets: [Int32], idf: [Float], singularValues: [Float], projection: [Float],
         trainingDocuments: Int) {
        self.configuration = configuration
        vocabulary = TFIDFVocabulary(hasher: NGramHasher(minN: configuration.minN, maxN: configuration.maxN, buckets: configuration.buckets),
                                     featureBuckets: featureBuckets, idf: idf)
        self.singularValues = singularValues
        self.projection = projection
        self.trainingDocuments = trainingDocuments
    }

    /// Fits the vocabulary, IDF and projection on `texts`.
    public static func train(texts: [String], configuration: Configuration = Configuration()) throws -> TextEncoder {
        guard configuration.buckets > 0, configuration.buckets & (configuration.buckets - 1) == 0 else {
            throw EmbeddingError(code: .invalidArgumentValue, message: "buckets must be a power of two, got \(configuration.buckets)")
        }
        guard texts.count > configuration.dimension else {
            throw EmbeddingError(code: .insufficientData, message: "training needs more texts (\(texts.count)) than dimensions (\(configuration.dimension))")
        }
        let hasher = NGramHasher(minN: configuration.minN, maxN: configuration.maxN, buckets: configuration.buckets)
        let (vocabulary, counted) = TFIDFVocabulary.fit(texts: texts, hasher: hasher, maxFeatures: configuration.maxFeatures,
                                                        minDocumentFrequency: configuration.minDocumentFrequency)
        guard vocabulary.featureCount > configuration.dimension else {
            throw EmbeddingError(code: .insufficientData, message: "only \(vocabulary.featureCount) features occur in \(configuration.minDocumentFrequency)+ texts; need more than \(configuration.dimension)")
        }
        let buckets = vocabulary.featureBuckets, idf = vocabulary.idf
        let rows = counted.map { vocabulary.weigh($0) }
        let matrix = SparseMatrix(rows: rows, columnCount: buckets.count)
        let svd = try RandomizedSVD.compute(matrix, rank: configuration.dimension, oversample: configuration.oversample,
                                            powerIterations: configuration.powerIterations, seed: configuration.seed)
        var proj = svd.rightVectors
        // Partial whitening: dimension j scaled by σ_j^(−whitening), so the few directions of
        // boilerplate that dominate the variance do not dominate the cosine.
        let pw = configuration.whitening
        let d = configuration.dimension
        for i in 0..<buckets.count { for j in 0..<d { proj[i * d + j] *= pow(svd.singularValues[j], -pw) } }
        return TextEncoder(configuration: configuration, featureBuckets: buckets, idf: idf, singularValues: svd.singularValues,
                           projection: proj, trainingDocuments: texts.count)
    }

    /// The unit-length TF-IDF vector of `text` over the feature columns.
    public func sparseVector(_ text: String) -> SparseVector { vocabulary.vector(text) }

    /// The dense unit-length embedding of `text` (zeros when no feature occurs in it).
    public func encode(_ text: String) -> [Float] { project(sparseVector(text)) }

    /// Projects a TF-IDF vector to the dense space, at unit length.
    public func project(_ v: SparseVector) -> [Float] {
        let d = dimension
        var out = [Float](repeating: 0, count: d)
        projection.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                for (c, x) in zip(v.indices, v.values) {
                    let row = p.baseAddress! + Int(c) * d
                    for j in 0..<d { o[j] += x * row[j] }
                }
            }
        }
        let norm = out.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? out.map { $0 / norm } : out
    }

    /// Embeddings of many texts (threaded), as rows with the given ids.
    public func encode(_ texts: [String], ids: [Int64]? = nil) -> VectorMatrix {
        let rows = ParallelMap.map(texts) { encode($0) }
        return VectorMatrix(dimension: dimension, values: rows.flatMap { $0 }, ids: ids)
    }
}
