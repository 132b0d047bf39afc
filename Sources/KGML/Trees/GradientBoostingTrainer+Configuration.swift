import KGCore

extension GradientBoostingTrainer {
    /// Settings of a boosted-trees fit. The names and defaults follow LightGBM's (`num_leaves`,
    /// `max_depth`, `min_child_samples`, `min_child_weight`, `lambda_l2`, `learning_rate`,
    /// `min_split_gain`, `max_bin`, `early_stopping_round`, `monotone_constraints`).
    public struct Configuration: Codable, Sendable, Equatable {
        /// Leaves per tree (grown best-first).
        public var maxLeaves = 31
        /// Depth limit of a tree; 0 or less: none (leaf count alone bounds the tree).
        public var maxDepth = -1
        /// Rows each child of a split must keep.
        public var minChildSamples = 20
        /// Hessian sum each child of a split must keep.
        public var minChildHessian = 1e-3
        /// Ridge penalty λ on leaf outputs (gain G²/(H + λ)).
        public var l2 = 1.0
        /// Shrinkage of each tree's outputs.
        public var learningRate = 0.05
        /// Boosting rounds at most.
        public var maxRounds = 1000
        /// A split must reduce the loss by more than this.
        public var minSplitGain = 0.0
        /// Bins of present values per feature (2–255; missing values get one more).
        public var maxBins = 255
        /// Stop when the validation log-loss has not improved for this many rounds.
        public var earlyStoppingRounds = 50
        /// Share of the rows held out (stratified) for early stopping and calibration when no
        /// validation rows are given; 0: none (all `maxRounds` trees, uncalibrated).
        public var validationShare = 0.2
        /// Seed of the validation split and of the row and feature samples.
        public var seed: UInt64 = 42
        /// Pseudo-rows at the overall bad rate added to each category when ranking categories.
        public var categorySmoothing = 10.0
        /// Share of the training rows each tree is grown on (a fresh seeded sample per round;
        /// LightGBM's `bagging_fraction` with `bagging_freq` 1). 1: all rows.
        public var rowSubsample = 1.0
        /// Share of the features each tree may split on (a fresh seeded sample per round;
        /// LightGBM's `feature_fraction`). 1: all features.
        public var featureFraction = 1.0
        /// Threads that build a big leaf's histogram (features split between them); 0: one per
        /// core. Set 1 when fitting several models at once (cross-validation folds in parallel).
        public var threads = 0
        /// Monotone constraints by feature name: +1 risk never falls as the value rises, −1 never
        /// rises. Numeric features only.
        public var monotone: [String: Int] = [:]

        public init() {}

        /// Decodes a configuration; a setting the JSON lacks (written before the setting existed)
        /// keeps its default, so adding a setting breaks no saved model.
        public init(from decoder: any Decoder) throws {
            let d = Self(), c = try decoder.container(keyedBy: CodingKeys.self)
            maxLeaves = try c.decodeIfPresent(Int.self, forKey: .maxLeaves) ?? d.maxLeaves
            maxDepth = try c.decodeIfPresent(Int.self, forKey: .maxDepth) ?? d.maxDepth
            minChildSamples = try c.decodeIfPresent(Int.self, forKey: .minChildSamples) ?? d.minChildSamples
            minChildHessian = try c.decodeIfPresent(Double.self, forKey: .minChildHessian) ?? d.minChildHessian
            l2 = try c.decodeIfPresent(Double.self, forKey: .l2) ?? d.l2
            learningRate = try c.decodeIfPresent(Double.self, forKey: .learningRate) ?? d.learningRate
            maxRounds = try c.decodeIfPresent(Int.self, forKey: .maxRounds) ?? d.maxRounds
            minSplitGain = try c.decodeIfPresent(Double.self, forKey: .minSplitGain) ?? d.minSplitGain
            maxBins = try c.decodeIfPresent(Int.self, forKey: .maxBins) ?? d.maxBins
            earlyStoppingRounds = try c.decodeIfPresent(Int.self, forKey: .earlyStoppingRounds) ?? d.earlyStoppingRounds
            validationShare = try c.decodeIfPresent(Double.self, forKey: .validationShare) ?? d.validationShare
            seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
            categorySmoothing = try c.decodeIfPresent(Double.self, forKey: .categorySmoothing) ?? d.categorySmoothing
            rowSubsample = try c.decodeIfPresent(Double.self, forKey: .rowSubsample) ?? d.rowSubsample
            featureFraction = try c.decodeIfPresent(Double.self, forKey: .featureFraction) ?? d.featureFraction
            threads = try c.decodeIfPresent(Int.self, forKey: .threads) ?? d.threads
            monotone = try c.decodeIfPresent([String: Int].self, forKey: .monotone) ?? d.monotone
        }

        /// - Throws: `ModelError` (`invalidArgumentValue`) naming the setting out of range.
        public func validate() throws {
            func check(_ ok: Bool, _ message: String) throws {
                if !ok { throw ModelError(code: .invalidArgumentValue, "gradient boosting: \(message)") }
            }
            try check(maxLeaves >= 2, "maxLeaves must be at least 2 (got \(maxLeaves))")
            try check(minChildSamples >= 1, "minChildSamples must be at least 1 (got \(minChildSamples))")
            try check(minChildHessian >= 0 && minChildHessian.isFinite, "minChildHessian must be a number ≥ 0")
            try check(l2 >= 0 && l2.isFinite, "l2 must be a number ≥ 0")
            try check(learningRate > 0 && learningRate <= 1, "learningRate must be in (0, 1] (got \(learningRate))")
            try check(maxRounds >= 1, "maxRounds must be at least 1 (got \(maxRounds))")
            try check(minSplitGain >= 0 && minSplitGain.isFinite, "minSplitGain must be a number ≥ 0")
            try check((2...255).contains(maxBins), "maxBins must be in 2…255 (got \(maxBins))")
            try check(earlyStoppingRounds >= 1, "earlyStoppingRounds must be at least 1 (got \(earlyStoppingRounds))")
            try check(validationShare >= 0 && validationShare < 0.9, "validationShare must be in [0, 0.9) (got \(validationShare))")
            try check(rowSubsample > 0 && rowSubsample <= 1, "rowSubsample must be in (0, 1] (got \(rowSubsample))")
            try check(featureFraction > 0 && featureFraction <= 1, "featureFraction must be in (0, 1] (got \(featureFraction))")
            try check(threads >= 0, "threads must be 0 (all cores) or more (got \(threads))")
            try check(categorySmoothing >= 0 && categorySmoothing.isFinite, "categorySmoothing must be a number ≥ 0")
            for (name, m) in monotone.sorted(by: { $0.key < $1.key }) {
                try check([-1, 0, 1].contains(m), "the monotone constraint of \(name) must be −1, 0 or +1 (got \(m))")
            }
        }
    }
}
