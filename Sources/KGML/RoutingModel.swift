import Foundation
import KGCore
import KGEmbedding

/// The hotline routing model: a complaint text → calibrated probabilities over the intents, the
/// department type they imply, and whether a person should check the dispatch.
///
/// Features are the normalised character 1–3-gram TF-IDF vectors of `TFIDFVocabulary`; the
/// classifier is multinomial logistic regression (`SoftmaxRegression`); probabilities are
/// calibrated by one temperature fitted on the dev split; a department's probability is the sum
/// over its intents, so near-confusable intents of one department (social / medical insurance)
/// do not make the dispatch uncertain. A dispatch is automatic when the department's probability
/// reaches `threshold`, tuned on the dev split for the target precision.
public struct RoutingModel: Sendable {
    /// Training parameters, stored with the model.
    public struct Configuration: Sendable, Codable, Equatable {
        public var minN = 1
        public var maxN = 3
        public var buckets = 1 << 20
        public var maxFeatures = 200_000
        public var minDocumentFrequency = 2
        /// Inverse L2 regularisation strength (3: the best dev top-1 of 1, 3, 10 and 30 with
        /// clause dropout).
        public var c = 3.0
        public var maxIterations = 300
        /// Precision of automatic dispatches the threshold is tuned for (on the dev split).
        public var targetPrecision = 0.97
        /// How many times each phrase of the taxonomy (an intent's name and the items of its
        /// scope) is added to the training texts (0: not at all).
        public var taxonomyRepeats = 10
        /// Clause-dropout copies of each training text (`ClauseDropout`; 0: none).
        public var clauseDropoutCopies = 1
        /// Probability that a clause is kept in a clause-dropout copy.
        public var clauseKeepProbability = 0.5
        /// How many times each term of the domain lexicon (`IntentLexicon`) is added to the
        /// training texts (0: not at all).
        public var lexiconRepeats = 10
        /// Lexicon-substitution copies of each training text (`LexiconSubstitution`; 0: none).
        public var lexiconSubstitutionCopies = 1

        public init() {}

        /// Checks every setting against its range (the CLI's options and a model file alike).
        /// - Throws: `ModelError` (`BadValue`) naming the setting and its range.
        public func validate() throws {
            func check(_ ok: Bool, _ message: String) throws { if !ok { throw ModelError(code: .badValue, message) } }
            try check(c > 0, "--c must be positive")
            try check((1...6).contains(maxN) && minN >= 1 && minN <= maxN, "--max-n must be 1–6 (and at least the shortest n-gram)")
            try check(maxFeatures >= 16, "--max-features must be at least 16")
            try check(targetPrecision > 0 && targetPrecision <= 1, "--target-precision must be in (0, 1]")
            try check(taxonomyRepeats >= 0, "--taxonomy-repeats must be 0 or more")
            try check((0...10).contains(clauseDropoutCopies), "--clause-dropout must be 0–10")
            try check(clauseKeepProbability > 0 && clauseKeepProbability < 1, "--clause-keep must be in (0, 1)")
            try check(lexiconRepeats >= 0, "--lexicon-repeats must be 0 or more")
            try check((0...10).contains(lexiconSubstitutionCopies), "--lexicon-substitution must be 0–10")
        }

        /// Decodes a stored configuration; members a model written before they existed lacks
        /// take the values that model was trained with (no clause dropout, no lexicon).
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            minN = try c.decode(Int.self, forKey: .minN)
            maxN = try c.decode(Int.self, forKey: .maxN)
            buckets = try c.decode(Int.self, forKey: .buckets)
            maxFeatures = try c.decode(Int.self, forKey: .maxFeatures)
            minDocumentFrequency = try c.decode(Int.self, forKey: .minDocumentFrequency)
            self.c = try c.decode(Double.self, forKey: .c)
            maxIterations = try c.decode(Int.self, forKey: .maxIterations)
            targetPrecision = try c.decode(Double.self, forKey: .targetPrecision)
            taxonomyRepeats = try c.decodeIfPresent(Int.self, forKey: .taxonomyRepeats) ?? 0
            clauseDropoutCopies = try c.decodeIfPresent(Int.self, forKey: .clauseDropoutCopies) ?? 0
            clauseKeepProbability = try c.decodeIfPresent(Double.self, forKey: .clauseKeepProbability) ?? 0.5
            lexiconRepeats = try c.decodeIfPresent(Int.self, forKey: .lexiconRepeats) ?? 0
            lexiconSubstitutionCopies = try c.decodeIfPresent(Int.self, forKey: .lexiconSubstitutionCopies) ?? 0
        }
    }

    /// Probabilities for one text.
    public struct Prediction: Sendable {
        /// Every intent with its probability, most probable first.
        public let intents: [(intent: String, probability: Double)]
        public let department: String
        /// The department's probability (sum over its intents): the dispatch confidence.
        public let confidence: Double
        /// True when `confidence` is below the model's threshold, or the text is out of distribution.
        public let needsHuman: Bool
        /// The novelty signs of the text (`RoutingNovelty`; coverage is nil when only scores were given).
        public var coverage: Double?
        public var energy: Double
        /// True when the model's novelty gate finds the text too far from what it knows.
        public var outOfDistribution: Bool

        public init(intents: [(intent: String, probability: Double)], department: String, confidence: Double, needsHuman: Bool,
                    coverage: Double? = nil, energy: Double = 0, outOfDistribution: Bool = false) {
            self.intents = intents; self.department = department; self.confidence = confidence; self.needsHuman = needsHuman
            self.coverage = coverage; self.energy = energy; self.outOfDistribution = outOfDistribution
        }
    }

    public let configuration: Configuration
    /// Intent ids, in class order.
    public let intents: [String]
    /// The department type of each intent.
    public let departmentOfIntent: [String]
    public let vocabulary: TFIDFVocabulary
    public let classifier: SoftmaxRegression
    /// Softmax temperature (calibration).
    public let temperature: Float
    /// Dispatch-confidence threshold below which a person checks the routing.
    public let threshold: Double
    /// The out-of-distribution gate (set by `govbrain model calibrate routing`); nil: none.
    public let novelty: RoutingNovelty?
    /// The distinct departments, and each intent's department as an index into them: a
    /// prediction sums its department probabilities in an array, not a dictionary keyed by name.
    private let departments: [String]
    private let departmentIndexOfIntent: [Int]

    public init(configuration: Configuration, intents: [String], departmentOfIntent: [String], vocabulary: TFIDFVocabulary,
                classifier: SoftmaxRegression, temperature: Float, threshold: Double, novelty: RoutingNovelty? = nil) {
        self.configuration = configuration; self.intents = intents; self.departmentOfIntent = departmentOfIntent
        self.vocabulary = vocabulary; self.classifier = classifier; self.temperature = temperature; self.threshold = threshold
        self.novelty = novelty
        var index: [String: Int] = [:]
        var names: [String] = []
        departmentIndexOfIntent = departmentOfIntent.map { d in
            if let k = index[d] { return k }
            index[d] = names.count
            names.append(d)
            return names.count - 1
        }
        departments = names
    }

    /// A copy with another calibration (`novelty`: .some(nil) removes the gate).
    public func with(temperature: Float? = nil, threshold: Double? = nil, novelty: RoutingNovelty?? = nil) -> RoutingModel {
        RoutingModel(configuration: configuration, intents: intents, departmentOfIntent: departmentOfIntent, vocabulary: vocabulary,
                     classifier: classifier, temperature: temperature ?? self.temperature, threshold: threshold ?? self.threshold,
                     novelty: novelty ?? self.novelty)
    }

    /// Uncalibrated class scores of `text`.
    public func logits(_ text: String) -> [Float] { classifier.logits(vocabulary.vector(text)) }

    /// Uncalibrated class scores of `text` and the share of its n-grams the vocabulary knows.
    public func scores(_ text: String) -> (logits: [Float], coverage: Double) {
        let counted = vocabulary.hasher.counts(of: text)
        return (classifier.logits(vocabulary.weigh(counted)), vocabulary.coverage(counted))
    }

    /// The routing of `text`.
    public func predict(_ text: String) -> Prediction { predictWithFeatures(text).prediction }

    /// The routing of `text` and its TF-IDF vector, for searches over the same vocabulary that
    /// would otherwise count the text's n-grams again.
    public func predictWithFeatures(_ text: String) -> (prediction: Prediction, features: SparseVector) {
        let counted = vocabulary.hasher.counts(of: text)
        let features = vocabulary.weigh(counted)
        return (prediction(fromLogits: classifier.logits(features), coverage: vocabulary.coverage(counted)), features)
    }

    /// The routing implied by class scores (and the text's vocabulary coverage, for the novelty gate).
    public func prediction(fromLogits z: [Float], coverage: Double? = nil) -> Prediction {
        let p = SoftmaxRegression.softmax(z, temperature: temperature)
        var byDepartment = [Double](repeating: 0, count: departments.count)
        for (j, d) in departmentIndexOfIntent.enumerated() { byDepartment[d] += Double(p[j]) }
        let order = p.indices.sorted { p[$0] != p[$1] ? p[$0] > p[$1] : $0 < $1 }
        // The department of the most probable intent, unless another department gathers more
        // (the first name in sort order among equals).
        var best = departmentIndexOfIntent[order[0]]
        for (d, q) in byDepartment.enumerated() where q > byDepartment[best] || (q == byDepartment[best] && departments[d] < departments[best]) {
            best = d
        }
        let department = departments[best]
        let confidence = byDepartment[best]
        let energy = RoutingNovelty.energy(z)
        let outOfDistribution = novelty.map { $0.isOutOfDistribution(coverage: coverage ?? 1, energy: energy) } ?? false
        return Prediction(intents: order.map { (intents[$0], Double(p[$0])) }, department: department, confidence: confidence,
                          // Fails closed: a confidence that is not a number goes to a person.
                          needsHuman: !(confidence >= threshold) || outOfDistribution, coverage: coverage, energy: energy,
                          outOfDistribution: outOfDistribution)
    }
}
