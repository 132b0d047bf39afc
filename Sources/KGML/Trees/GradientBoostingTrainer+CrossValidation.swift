import KGCore

extension GradientBoostingTrainer {
    /// Out-of-fold scores of a configuration: what a champion/challenger comparison (boosted trees
    /// against a WoE scorecard) needs.
    public struct CrossValidation: Sendable {
        /// Calibrated out-of-fold probability of each row, in the order of the rows given.
        public let probabilities: [Double]
        /// AUC of the pooled out-of-fold probabilities.
        public let auc: Double
        /// AUC within each fold.
        public let foldAUCs: [Double]
        /// Trees kept by each fold's model.
        public let bestIterations: [Int]
    }

    /// Stratified k-fold cross-validation: each fold is scored by a model fitted on the other
    /// folds (which holds out its own validation share for early stopping and calibration).
    /// - Parameters:
    ///   - folds: number of folds (2 or more); rows go to folds by a seeded shuffle within each class.
    /// - Throws: as `fit`, and `ModelError` (`insufficientData`) when a class has fewer rows than folds.
    public static func crossValidate(_ data: TabularData, rows: [Int], target: [Int], features: [String], folds: Int = 5,
                                     configuration c: Configuration = .init()) throws -> CrossValidation {
        guard folds >= 2 else { throw ModelError(code: .invalidArgumentValue, "cross-validation needs at least 2 folds (got \(folds))") }
        guard target.count == data.rowCount, rows.allSatisfy({ $0 >= 0 && $0 < data.rowCount }) else {
            throw ModelError(code: .invalidArgumentValue, "the target and the rows must index the table's \(data.rowCount) rows")
        }
        for cls in [0, 1] {
            let members = rows.lazy.filter { target[$0] == cls }.count
            guard members >= folds else {
                throw ModelError(code: .insufficientData, "cross-validation with \(folds) folds needs at least \(folds) rows of class \(cls); there are \(members)")
            }
        }
        let fold = StratifiedFolds.assign(rows: rows, target: target, folds: folds, seed: c.seed &+ 1)
        var probabilities = [Double](repeating: 0, count: rows.count)
        var foldAUCs: [Double] = [], best: [Int] = []
        for k in 0..<folds {
            let inFold = rows.indices.filter { fold[$0] == k }
            let model = try fit(data, rows: rows.indices.filter { fold[$0] != k }.map { rows[$0] }, target: target, features: features, configuration: c)
            let p = try model.probabilities(data, rows: inFold.map { rows[$0] })
            for (i, q) in zip(inFold, p) { probabilities[i] = q }
            foldAUCs.append(ClassifierMetrics.auc(scores: p, target: inFold.map { target[rows[$0]] }))
            best.append(model.bestIteration)
        }
        return CrossValidation(probabilities: probabilities, auc: ClassifierMetrics.auc(scores: probabilities, target: rows.map { target[$0] }),
                               foldAUCs: foldAUCs, bestIterations: best)
    }
}
