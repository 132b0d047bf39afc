import Foundation
import KGCore

/// Out-of-fold scores of one way of fitting a model: every row of the set is scored by the
/// model fitted on the other folds (binning, selection and early stopping refitted each time).
public struct CrossValidatedScores: Sendable {
    public let name: String
    /// Per fold: AUC on the held-out fold.
    public let foldAUCs: [Double]
    /// Per fold: average precision on the held-out fold (how well the top of the list is ranked).
    public let foldAPs: [Double]
    /// The out-of-fold score of each row, in the order of the rows given.
    public let scores: [Double]
    /// Precision among the top 1 % of the pooled out-of-fold scores.
    public let precisionAt1Percent: Double
    /// Expected calibration error of the pooled out-of-fold probabilities (10 equal-count bins).
    public let calibrationError: Double
    public let seconds: Double

    public var meanAUC: Double { foldAUCs.reduce(0, +) / Double(max(1, foldAUCs.count)) }
    public var meanAP: Double { foldAPs.reduce(0, +) / Double(max(1, foldAPs.count)) }
    public var sdAUC: Double {
        guard foldAUCs.count > 1 else { return 0 }
        let m = meanAUC
        return (foldAUCs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(foldAUCs.count - 1)).squareRoot()
    }

    /// Runs `fit` on every fold's complement of `rows`; `fit` returns a scorer of rows (probabilities).
    public static func run(name: String, rows: [Int], target: [Int], folds: Int, seed: UInt64,
                           fit: (_ fitRows: [Int]) throws -> (_ rows: [Int]) throws -> [Double]) throws -> CrossValidatedScores {
        let start = Date()
        let fold = StratifiedFolds.assign(rows: rows, target: target, folds: folds, seed: seed)
        var scores = [Double](repeating: 0, count: rows.count), aucs: [Double] = [], aps: [Double] = []
        for f in 0..<folds {
            let held = rows.indices.filter { fold[$0] == f }
            let scorer = try fit(rows.indices.filter { fold[$0] != f }.map { rows[$0] })
            let s = try scorer(held.map { rows[$0] })
            for (i, v) in zip(held, s) { scores[i] = v }
            aucs.append(ClassifierMetrics.auc(scores: s, target: held.map { target[rows[$0]] }))
            aps.append(RiskModel.averagePrecision(scores: s, target: held.map { target[rows[$0]] }))
        }
        let t = rows.map { target[$0] }
        return CrossValidatedScores(name: name, foldAUCs: aucs, foldAPs: aps, scores: scores,
                                    precisionAt1Percent: RiskModel.precision(at: 0.01, scores: scores, target: t),
                                    calibrationError: ClassifierMetrics.calibrationError(probabilities: scores, target: t),
                                    seconds: Date().timeIntervalSince(start))
    }

    public var json: JSON {
        .object([("name", .string(name)), ("cvAUCMean", .double(meanAUC)), ("cvAUCSD", .double(sdAUC)), ("cvAUCs", .array(foldAUCs.map { .double($0) })),
                 ("cvAveragePrecisionMean", .double(meanAP)),
                 ("cvPrecisionAt1Percent", .double(precisionAt1Percent)), ("cvCalibrationError", .double(calibrationError)),
                 ("seconds", .double((seconds * 10).rounded() / 10))])
    }
}
