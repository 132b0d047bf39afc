import Foundation

/// How well routing predictions match labelled work orders: intent accuracy (top-1, top-3),
/// macro-F1, department accuracy, calibration (expected calibration error of the top intent's
/// probability, 15 equal-width bins) and the automatic-dispatch trade-off at the model's threshold.
public struct RoutingEvaluation: Sendable {
    public struct ConfusionPair: Sendable {
        public let actual: String
        public let predicted: String
        public let count: Int
    }

    public let items: Int
    public let top1: Double
    public let top3: Double
    public let macroF1: Double
    public let departmentAccuracy: Double
    public let expectedCalibrationError: Double
    public let departmentCalibrationError: Double
    /// Share of items dispatched automatically (confidence ≥ threshold).
    public let automationRate: Double
    /// Department accuracy on the automatically dispatched items.
    public let automaticPrecision: Double
    public let confusions: [ConfusionPair]

    /// Scores `predictions` against `intents` (true intent ids) and `departments` (true department ids).
    public init(predictions: [RoutingModel.Prediction], intents: [String], departments: [String]) {
        let n = predictions.count
        items = n
        var hit1 = 0, hit3 = 0, deptHit = 0, automatic = 0, automaticHit = 0
        var pairs: [String: Int] = [:]
        var tp: [String: Int] = [:], fp: [String: Int] = [:], fn: [String: Int] = [:]
        var intentBins = CalibrationBins(), departmentBins = CalibrationBins()
        for (k, p) in predictions.enumerated() {
            let predicted = p.intents[0].intent, truth = intents[k]
            let correct = predicted == truth
            if correct { hit1 += 1; tp[truth, default: 0] += 1 } else {
                fp[predicted, default: 0] += 1; fn[truth, default: 0] += 1
                pairs["\(truth)\u{1}\(predicted)", default: 0] += 1
            }
            if p.intents.prefix(3).contains(where: { $0.intent == truth }) { hit3 += 1 }
            let deptCorrect = p.department == departments[k]
            if deptCorrect { deptHit += 1 }
            if !p.needsHuman { automatic += 1; if deptCorrect { automaticHit += 1 } }
            intentBins.add(confidence: p.intents[0].probability, correct: correct)
            departmentBins.add(confidence: p.confidence, correct: deptCorrect)
        }
        let labels = Set(intents).union(predictions.map { $0.intents[0].intent })
        var f1Sum = 0.0
        for l in labels {
            let t = Double(tp[l] ?? 0), denominator = 2 * t + Double(fp[l] ?? 0) + Double(fn[l] ?? 0)
            f1Sum += denominator > 0 ? 2 * t / denominator : 0
        }
        let d = Double(max(n, 1))
        top1 = Double(hit1) / d; top3 = Double(hit3) / d
        macroF1 = labels.isEmpty ? 0 : f1Sum / Double(labels.count)
        departmentAccuracy = Double(deptHit) / d
        expectedCalibrationError = intentBins.error
        departmentCalibrationError = departmentBins.error
        automationRate = Double(automatic) / d
        automaticPrecision = automatic > 0 ? Double(automaticHit) / Double(automatic) : 1
        confusions = pairs.map { key, count in
            let parts = key.split(separator: "\u{1}").map(String.init)
            return ConfusionPair(actual: parts[0], predicted: parts[1], count: count)
        }.sorted { $0.count != $1.count ? $0.count > $1.count : ($0.actual, $0.predicted) < ($1.actual, $1.predicted) }
    }

    /// Expected calibration error over equal-width confidence bins.
    struct CalibrationBins {
        static let count = 15
        var confidence = [Double](repeating: 0, count: count)
        var correct = [Double](repeating: 0, count: count)
        var items = [Int](repeating: 0, count: count)

        mutating func add(confidence c: Double, correct ok: Bool) {
            let b = min(Self.count - 1, max(0, Int(c * Double(Self.count))))
            confidence[b] += c; correct[b] += ok ? 1 : 0; items[b] += 1
        }

        var error: Double {
            let total = Double(items.reduce(0, +))
            guard total > 0 else { return 0 }
            var e = 0.0
            for b in 0..<Self.count where items[b] > 0 { e += abs(confidence[b] - correct[b]) }
            return e / total
        }
    }
}
