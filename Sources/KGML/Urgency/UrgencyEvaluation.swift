/// How urgency predictions compare with labels: per class precision, recall and F1, macro-F1,
/// accuracy and the confusion matrix (rows: labelled, columns: predicted, in `UrgencyModel.classes` order).
public struct UrgencyEvaluation: Sendable {
    public struct ClassScore: Sendable {
        public let label: String
        public let support: Int
        public let precision: Double
        public let recall: Double
        public let f1: Double
    }

    public let items: Int
    public let accuracy: Double
    public let macroF1: Double
    public let classes: [ClassScore]
    public let confusion: [[Int]]

    public var urgentRecall: Double { classes[0].recall }
    public var urgentPrecision: Double { classes[0].precision }

    public init(predicted: [String], labels: [String]) {
        precondition(predicted.count == labels.count)
        let names = UrgencyModel.classes
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var m = [[Int]](repeating: [Int](repeating: 0, count: names.count), count: names.count)
        for (p, y) in zip(predicted, labels) {
            guard let i = index[y], let j = index[p] else { continue }
            m[i][j] += 1
        }
        var scores: [ClassScore] = []
        for (k, name) in names.enumerated() {
            let tp = Double(m[k][k]), support = m[k].reduce(0, +), predictedK = m.reduce(0) { $0 + $1[k] }
            let precision = predictedK > 0 ? tp / Double(predictedK) : 0, recall = support > 0 ? tp / Double(support) : 0
            scores.append(ClassScore(label: name, support: support, precision: precision, recall: recall,
                                     f1: precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0))
        }
        items = m.reduce(0) { $0 + $1.reduce(0, +) }
        accuracy = items > 0 ? Double(names.indices.reduce(0) { $0 + m[$1][$1] }) / Double(items) : 0
        let present = scores.filter { $0.support > 0 }
        macroF1 = present.isEmpty ? 0 : present.reduce(0) { $0 + $1.f1 } / Double(present.count)
        classes = scores
        confusion = m
    }
}
