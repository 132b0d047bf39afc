import Foundation
import KGCore
import KGEmbedding

/// Fits an `UrgencyModel`: the training texts plus one copy of each with homophone errors, the
/// character and pinyin vocabularies on them, the logistic regression, then the urgent threshold on
/// the dev split.
public enum UrgencyTrainer {
    public struct Report: Sendable {
        public let features: Int
        public let iterations: Int
        public let trainSeconds: Double
        /// Recall of urgent dev texts at the chosen threshold.
        public let devUrgentRecall: Double
    }

    /// Share of characters a noisy copy replaces.
    public static let noiseRate = 0.12
    /// Recall of urgent texts the threshold is set for on the dev split.
    public static let targetRecall = 0.98

    /// - Parameter calibration: labelled texts of another origin than the splits (calls written by
    ///   hand); when given, the threshold keeps `targetRecall` of their urgent texts too (the lower
    ///   of the two thresholds), since the model is less sure of urgent callers' words than of the
    ///   generated dev split's.
    public static func train(train: [LabeledText], dev: [LabeledText], calibration: [LabeledText] = [], table: PinyinTable, seed: UInt64,
                             c: Double = 10) throws -> (UrgencyModel, Report) {
        let start = Date()
        let labelIndex = Dictionary(uniqueKeysWithValues: UrgencyModel.classes.enumerated().map { ($1, $0) })
        for r in train + dev + calibration where labelIndex[r.label] == nil {
            throw ModelError(code: .badValue, "\(r.id): urgency must be urgent, priority or normal, not \"\(r.label)\"")
        }
        for label in UrgencyModel.classes where !train.contains(where: { $0.label == label }) || !dev.contains(where: { $0.label == label }) {
            throw ModelError(code: .insufficientData, "the train and dev splits need texts of every class; no \(label) text in one of them")
        }
        var alphabet = Set<Unicode.Scalar>()
        for r in train { for c in r.text.unicodeScalars where !table.readings(of: c).isEmpty { alphabet.insert(c) } }
        let noise = HomophoneNoise(table: table, alphabet: alphabet)
        var rng = SplitMix64(seed: seed)
        var texts = train.map(\.text), labels = train.map { labelIndex[$0.label]! }
        for r in train {
            texts.append(noise.apply(r.text, rate: noiseRate, rng: &rng))
            labels.append(labelIndex[r.label]!)
        }
        let (characters, charCounts) = TFIDFVocabulary.fit(texts: texts, hasher: NGramHasher(minN: 1, maxN: 3, buckets: 1 << 20),
                                                           maxFeatures: 150_000, minDocumentFrequency: 2)
        let pinyin = PinyinHasher(table: table)
        let syllableCounts = ParallelMap.map(texts) { pinyin.counts(of: $0) }
        let syllables = TFIDFVocabulary.fit(counted: syllableCounts, hasher: NGramHasher(minN: 1, maxN: 1, buckets: pinyin.buckets),
                                            maxFeatures: 60_000, minDocumentFrequency: 2)
        let offset = Int32(characters.featureCount)
        let rows = texts.indices.map { UrgencyModel.concatenate(characters.weigh(charCounts[$0]), syllables.weigh(syllableCounts[$0]), offset: offset) }
        let featureCount = characters.featureCount + syllables.featureCount
        let (classifier, fit) = try SoftmaxRegression.fit(rows: rows, labels: labels, featureCount: featureCount,
                                                          classCount: UrgencyModel.classes.count, c: c)
        let provisional = UrgencyModel(characters: characters, pinyin: pinyin, syllables: syllables, classifier: classifier, urgentThreshold: 0.5)
        let urgentScores = ParallelMap.map(dev.filter { $0.label == "urgent" }.map(\.text)) { provisional.predict($0).probabilities[0] }
        let calibrationScores = ParallelMap.map(calibration.filter { $0.label == "urgent" }.map(\.text)) { provisional.predict($0).probabilities[0] }
        var threshold = threshold(urgentScores: urgentScores, targetRecall: targetRecall)
        if !calibrationScores.isEmpty { threshold = min(threshold, Self.threshold(urgentScores: calibrationScores, targetRecall: targetRecall)) }
        let recall = Double(urgentScores.filter { $0 >= threshold }.count) / Double(urgentScores.count)
        let model = UrgencyModel(characters: characters, pinyin: pinyin, syllables: syllables, classifier: classifier, urgentThreshold: threshold)
        return (model, Report(features: featureCount, iterations: fit.iterations, trainSeconds: Date().timeIntervalSince(start), devUrgentRecall: recall))
    }

    /// The highest threshold (at most 0.5) that keeps `targetRecall` of the urgent scores above it.
    static func threshold(urgentScores: [Double], targetRecall: Double) -> Double {
        let sorted = urgentScores.sorted()
        guard !sorted.isEmpty else { return 0.5 }
        let missed = Int((Double(sorted.count) * (1 - targetRecall)).rounded(.down))
        return min(0.5, max(0.01, sorted[min(missed, sorted.count - 1)]))
    }
}
