import Foundation
import KGCore
import KGEmbedding

/// Fits the routing model: the TF-IDF vocabulary and the classifier on the train split, then
/// the temperature and the dispatch threshold on the dev split.
public enum RoutingTrainer {
    /// What training measured.
    public struct Report: Sendable {
        public let features: Int
        public let iterations: Int
        public let converged: Bool
        public let trainSeconds: Double
        public let devEvaluation: RoutingEvaluation
    }

    /// - Parameter taxonomy: labelled phrases of the taxonomy (intent names and scope items), added
    ///   `configuration.taxonomyRepeats` times to the training texts: the words the taxonomy uses
    ///   for an intent, which citizens' new phrasings often share.
    /// - Parameter lexicon: labelled terms of the domain lexicon, added `configuration.lexiconRepeats`
    ///   times to the training texts, and the source of the lexicon-substitution copies: the
    ///   other words citizens use for an intent's objects and problems.
    /// - Parameter seed: draws the clause-dropout and lexicon-substitution copies.
    public static func train(train original: [HotlineRecord], dev: [HotlineRecord], taxonomy: [HotlineRecord] = [],
                             lexicon: [HotlineRecord] = [], configuration: RoutingModel.Configuration = .init(),
                             seed: UInt64 = 12345) throws -> (RoutingModel, Report) {
        guard !original.isEmpty, !dev.isEmpty else { throw ModelError(code: .insufficientData, "training needs a non-empty train and dev split") }
        let t0 = Date()
        let trainIntents = Set(original.map(\.intent))
        var train = original
        for _ in 0..<max(0, configuration.taxonomyRepeats) { train += taxonomy.filter { trainIntents.contains($0.intent) } }
        let terms = lexicon.filter { trainIntents.contains($0.intent) }
        for _ in 0..<max(0, configuration.lexiconRepeats) { train += terms }
        // Classes: the intents of the train split, in sorted order, with their department.
        var departmentVotes: [String: [String: Int]] = [:]
        for r in train { departmentVotes[r.intent, default: [:]][r.department, default: 0] += 1 }
        let intents = departmentVotes.keys.sorted()
        guard intents.count >= 2 else { throw ModelError(code: .insufficientData, "the train split has \(intents.count) intent(s); routing needs at least two") }
        let departments = intents.map { i in departmentVotes[i]!.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }!.key }
        let classOf = Dictionary(uniqueKeysWithValues: intents.enumerated().map { ($1, $0) })
        let hasher = NGramHasher(minN: configuration.minN, maxN: configuration.maxN, buckets: configuration.buckets)
        let (vocabulary, counted) = TFIDFVocabulary.fit(texts: train.map(\.text), hasher: hasher, maxFeatures: configuration.maxFeatures,
                                                        minDocumentFrequency: configuration.minDocumentFrequency)
        // The vocabulary and its IDF come from whole texts; the clause-dropout copies of the
        // citizens' texts are weighed with it and added to the rows.
        let copies = ClauseDropout(copies: configuration.clauseDropoutCopies, keepProbability: configuration.clauseKeepProbability)
            .augment(original, seed: seed)
            + LexiconSubstitution(lexicon: terms, copies: configuration.lexiconSubstitutionCopies).augment(original, seed: seed &+ 1)
        let rows = counted.map { vocabulary.weigh($0) } + ParallelMap.map(copies.map(\.text)) { vocabulary.vector($0) }
        let labels = (train + copies).map { classOf[$0.intent]! }
        let (classifier, fit) = try SoftmaxRegression.fit(rows: rows, labels: labels, featureCount: vocabulary.featureCount,
                                                          classCount: intents.count, c: configuration.c, maxIterations: configuration.maxIterations)
        var model = RoutingModel(configuration: configuration, intents: intents, departmentOfIntent: departments, vocabulary: vocabulary,
                                 classifier: classifier, temperature: 1, threshold: 0)
        // Calibration on dev: the temperature minimising the negative log-likelihood of the known intents.
        let known = dev.filter { classOf[$0.intent] != nil }
        let devLogits = ParallelMap.map(known.map(\.text)) { model.logits($0) }
        let temperature = fitTemperature(logits: devLogits, labels: known.map { classOf[$0.intent]! })
        model = model.with(temperature: temperature)
        let devPredictions = devLogits.map { model.prediction(fromLogits: $0) }
        let threshold = tuneThreshold(confidences: devPredictions.map(\.confidence),
                                      correct: zip(devPredictions, known).map { $0.department == $1.department },
                                      targetPrecision: configuration.targetPrecision)
        model = model.with(threshold: threshold)
        let devEvaluation = RoutingEvaluation(predictions: devLogits.map { model.prediction(fromLogits: $0) }, intents: known.map(\.intent),
                                              departments: known.map(\.department))
        return (model, Report(features: vocabulary.featureCount, iterations: fit.iterations, converged: fit.converged,
                              trainSeconds: Date().timeIntervalSince(t0), devEvaluation: devEvaluation))
    }

    /// The softmax temperature that minimises the mean negative log-likelihood (golden-section search on log T).
    public static func fitTemperature(logits: [[Float]], labels: [Int]) -> Float {
        func nll(_ logT: Double) -> Double {
            let t = Float(exp(logT))
            var total = 0.0
            for (z, y) in zip(logits, labels) {
                let p = SoftmaxRegression.softmax(z, temperature: t)
                total -= log(max(Double(p[y]), 1e-12))
            }
            return total
        }
        var a = -3.0, b = 3.0
        let r = (5.0.squareRoot() - 1) / 2
        var c = b - r * (b - a), d = a + r * (b - a)
        var fc = nll(c), fd = nll(d)
        for _ in 0..<40 {
            if fc < fd { b = d; d = c; fd = fc; c = b - r * (b - a); fc = nll(c) } else { a = c; c = d; fc = fd; d = a + r * (b - a); fd = nll(d) }
        }
        return Float(exp((a + b) / 2))
    }

    /// The lowest confidence threshold whose automatic dispatches (confidence ≥ threshold) are
    /// correct at `targetPrecision` or better; 1.0 (nothing automatic) when none is.
    static func tuneThreshold(confidences: [Double], correct: [Bool], targetPrecision: Double) -> Double {
        let order = confidences.indices.sorted { confidences[$0] > confidences[$1] }
        var hits = 0
        var best = 1.0
        var k = 0
        while k < order.count {
            // Take every item with the same confidence together.
            let value = confidences[order[k]]
            while k < order.count && confidences[order[k]] == value { if correct[order[k]] { hits += 1 }; k += 1 }
            if Double(hits) / Double(k) >= targetPrecision { best = value }
        }
        return best
    }
}
