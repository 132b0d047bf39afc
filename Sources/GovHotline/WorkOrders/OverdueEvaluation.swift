import Foundation
import KGCore
import KGML

/// The close-time model on a time-ordered split: trained on the orders received before the cutoff
/// with what was known at the cutoff, then asked at receipt whether each later order will close late;
/// scored by AUC, Brier score and calibration against the office's past late rate in the same run.
public struct OverdueEvaluation: Encodable, Sendable {
    /// Figures of one predictor.
    public struct Score: Encodable, Sendable {
        public let predictor: String
        public let auc: Double
        public let brier: Double
        /// Expected calibration error over ten equal-width bins of the predicted probability.
        public let calibrationError: Double
    }

    /// One bin of the reliability table: predicted against observed late share.
    public struct Bin: Encodable, Sendable {
        public let from: Double
        public let to: Double
        public let orders: Int
        public let predicted: Double
        public let observed: Double
    }

    public let cutoff: String
    public let trainingOrders: Int
    public let testOrders: Int
    /// Share of test orders that closed late.
    public let lateShare: Double
    public let scores: [Score]
    /// The model's reliability table.
    public let reliability: [Bin]
    /// exp(β) per standard deviation of each feature (> 1: closes sooner, < 1: later).
    public let hazardRatios: [String: Double]

    public init(cases: [CloseTimeCase], calendar: WorkingCalendar, trainShare: Double = 0.7) throws {
        guard (0.1...0.95).contains(trainShare) else { throw ModelError(code: .invalidArgumentValue, "the training share must be between 0.1 and 0.95") }
        let sorted = cases.sorted { $0.received < $1.received }
        guard sorted.count >= 100 else { throw ModelError(code: .insufficientData, "\(sorted.count) orders; the evaluation needs at least 100") }
        let cutoff = sorted[Int(Double(sorted.count) * trainShare)].received
        let end = sorted.map { max($0.received, $0.closed ?? 0) }.max()!
        let model = try CloseTimeModel(cases: sorted, asOf: cutoff, calendar: calendar)
        var target: [Int] = [], predicted: [Double] = [], baseline: [Double] = []
        for c in sorted where c.received >= cutoff {
            guard let late = CloseTimeModel.late(c, asOf: end, calendar: calendar) else { continue }
            target.append(late ? 1 : 0)
            predicted.append(model.lateProbability(c))
            baseline.append(model.officeRate(c))
        }
        guard target.contains(0), target.contains(1) else {
            throw ModelError(code: .insufficientData, "the test orders are all late or all on time; the evaluation needs both")
        }
        func score(_ name: String, _ p: [Double]) -> Score {
            let brier = zip(p, target).reduce(0) { $0 + ($1.0 - Double($1.1)) * ($1.0 - Double($1.1)) } / Double(p.count)
            let bins = Self.bins(p, target)
            let ece = bins.reduce(0) { $0 + Double($1.orders) * abs($1.predicted - $1.observed) } / Double(p.count)
            return Score(predictor: name, auc: ClassifierMetrics.auc(scores: p, target: target), brier: brier, calibrationError: ece)
        }
        self.cutoff = CloseTimeCase.instant(cutoff).description
        trainingOrders = model.trainingOrders
        testOrders = target.count
        lateShare = Double(target.reduce(0, +)) / Double(target.count)
        scores = [score("baseline: office late rate", baseline), score("close-time model (Cox)", predicted)]
        reliability = Self.bins(predicted, target)
        hazardRatios = Dictionary(uniqueKeysWithValues: CloseTimeModel.featureNames.enumerated().map { ($1, exp(model.cox.coefficients[$0])) })
    }

    static func bins(_ p: [Double], _ target: [Int]) -> [Bin] {
        var sums = [(n: Int, p: Double, y: Double)](repeating: (0, 0, 0), count: 10)
        for (q, y) in zip(p, target) {
            let b = min(9, Int(q * 10))
            sums[b].n += 1; sums[b].p += q; sums[b].y += Double(y)
        }
        return sums.enumerated().compactMap { b, s in
            s.n == 0 ? nil : Bin(from: Double(b) / 10, to: Double(b + 1) / 10, orders: s.n, predicted: s.p / Double(s.n), observed: s.y / Double(s.n))
        }
    }
}
