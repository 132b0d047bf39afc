import KGCore
import KGEmbedding

/// How urgent a hotline text is: `urgent` (danger to life, health or property now), `priority` (a
/// serious disruption without immediate danger) or `normal`.
///
/// Features: character 1–3-gram TF-IDF and pinyin syllable uni/bigram TF-IDF (so speech-recognition
/// homophones keep their meaning), concatenated; a multinomial logistic regression over them. A
/// text is urgent when the probability of urgent reaches `urgentThreshold`, which training sets on
/// the dev split to keep the recall of urgent calls high (missing a fire costs more than a false alarm);
/// otherwise the likelier of priority and normal.
public struct UrgencyModel: Sendable {
    public static let classes = ["urgent", "priority", "normal"]

    public let characters: TFIDFVocabulary
    public let pinyin: PinyinHasher
    public let syllables: TFIDFVocabulary
    public let classifier: SoftmaxRegression
    public let urgentThreshold: Double
    /// Weight of the pinyin block relative to the character block.
    public static let pinyinWeight: Float = 0.6

    public struct Prediction: Sendable, Equatable {
        public let urgency: String
        /// Probability of each class, in `classes` order.
        public let probabilities: [Double]
    }

    public var featureCount: Int { characters.featureCount + syllables.featureCount }

    /// The model's feature vector of `text`.
    public func features(_ text: String) -> SparseVector {
        Self.concatenate(characters.vector(text), syllables.weigh(pinyin.counts(of: text)), offset: Int32(characters.featureCount))
    }

    static func concatenate(_ a: SparseVector, _ b: SparseVector, offset: Int32) -> SparseVector {
        SparseVector(indices: a.indices + b.indices.map { $0 + offset }, values: a.values + b.values.map { $0 * pinyinWeight })
    }

    public func predict(_ text: String) -> Prediction {
        let p = SoftmaxRegression.softmax(classifier.logits(features(text))).map(Double.init)
        return Prediction(urgency: Self.decide(p, urgentThreshold: urgentThreshold), probabilities: p)
    }

    static func decide(_ p: [Double], urgentThreshold: Double) -> String {
        if p[0] >= urgentThreshold { return classes[0] }
        return p[1] >= p[2] ? classes[1] : classes[2]
    }
}
