import Foundation
import Testing
import KGCore
import KGEmbedding
@testable import KGML
import GovBrainTestSupport

@Suite struct RoutingModelTests {
    @Test func lbfgsMinimisesAQuadratic() {
        // f(x) = Σ (i+1)(x_i − i)², minimum at x_i = i.
        let r = LBFGS.minimize(x0: [Float](repeating: 0, count: 5), tolerance: 1e-8) { x, g in
            var f = 0.0
            for i in 0..<5 { let d = Double(x[i]) - Double(i); f += Double(i + 1) * d * d; g[i] = Float(2 * Double(i + 1) * d) }
            return f
        }
        for i in 0..<5 { #expect(abs(r.x[i] - Float(i)) < 1e-3) }
        #expect(r.value < 1e-5)
    }

    @Test func softmaxRegressionGradientMatchesTheObjective() throws {
        // Three separable classes on four features: the fit classifies the training rows and its
        // probabilities sum to one.
        let rows = [SparseVector(indices: [0], values: [1]), SparseVector(indices: [1], values: [1]), SparseVector(indices: [2, 3], values: [0.6, 0.8]),
                    SparseVector(indices: [0, 3], values: [0.9, 0.1]), SparseVector(indices: [1, 3], values: [0.8, 0.2]), SparseVector(indices: [2], values: [1])]
        let labels = [0, 1, 2, 0, 1, 2]
        let (model, report) = try SoftmaxRegression.fit(rows: rows, labels: labels, featureCount: 4, classCount: 3, c: 100)
        #expect(report.objective < 1)
        for (x, y) in zip(rows, labels) {
            let p = SoftmaxRegression.softmax(model.logits(x))
            #expect(abs(p.reduce(0, +) - 1) < 1e-5)
            #expect(p.firstIndex(of: p.max()!) == y)
        }
        #expect(throws: ModelError.self) { try SoftmaxRegression.fit(rows: rows, labels: [0, 1, 2, 0, 1, 5], featureCount: 4, classCount: 3) }
    }

    @Test func thresholdIsTheLowestThatKeepsThePrecision() {
        // Sorted by confidence: ✓ ✓ ✓ ✗ ✓ ✗ — 3/3 at 0.8, 3/4 at 0.6, 4/5 at 0.5.
        let conf = [0.9, 0.85, 0.8, 0.6, 0.5, 0.4], ok = [true, true, true, false, true, false]
        #expect(RoutingTrainerProbe.threshold(conf, ok, 1.0) == 0.8)
        #expect(RoutingTrainerProbe.threshold(conf, ok, 0.75) == 0.5)
        #expect(RoutingTrainerProbe.threshold([0.9], [false], 0.97) == 1.0)
    }

    @Test func evaluationMetrics() {
        func p(_ top: [(String, Double)], _ dept: String, _ conf: Double, _ human: Bool) -> RoutingModel.Prediction {
            RoutingModel.Prediction(intents: top.map { (intent: $0.0, probability: $0.1) }, department: dept, confidence: conf, needsHuman: human)
        }
        let e = RoutingEvaluation(predictions: [p([("a", 0.9), ("b", 0.1)], "x", 0.9, false), p([("b", 0.6), ("a", 0.4)], "x", 1.0, false),
                                                p([("c", 0.5), ("a", 0.3)], "y", 0.5, true)],
                                  intents: ["a", "a", "c"], departments: ["x", "x", "z"])
        #expect(abs(e.top1 - 2.0 / 3) < 1e-9)
        #expect(e.top3 == 1)
        #expect(abs(e.departmentAccuracy - 2.0 / 3) < 1e-9)
        #expect(abs(e.automationRate - 2.0 / 3) < 1e-9)
        #expect(e.automaticPrecision == 1)
        #expect(e.confusions.first?.actual == "a" && e.confusions.first?.predicted == "b")
        // F1: a = 2·1/(2+0+1) = 2/3, b = 0, c = 1 → 5/9.
        #expect(abs(e.macroF1 - 5.0 / 9) < 1e-9)
    }

    @Test func trainsPersistsAndVersions() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("routing-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outcome = try SmallRoutingModel.train(models: dir, rows: 1200)
        #expect(outcome.version == "v1" && outcome.promoted)
        #expect(outcome.model.temperature > 0)
        #expect(outcome.test.top1 > 0.5)  // 53 intents, chance is 2 %
        let registry = ModelRegistry(models: dir, name: "routing")
        #expect(registry.promoted() == "v1")
        for file in ["model.bin", "MODEL.md", "metrics.json"] {
            #expect(FileManager.default.fileExists(atPath: (registry.directory("v1") as NSString).appendingPathComponent(file)))
        }
        let read = try RoutingModel.read(from: (registry.directory("v1") as NSString).appendingPathComponent("model.bin"))
        let text = "我是青秀的，停水两天了，什么时候恢复供水"
        #expect(read.predict(text).intents.map(\.intent) == outcome.model.predict(text).intents.map(\.intent))
        #expect(abs(read.predict(text).confidence - outcome.model.predict(text).confidence) < 1e-6)
        #expect(registry.nextVersion() == "v2")
        #expect(throws: ModelError.self) { try registry.promote("v7", artifact: "model.bin") }
        // A truncated artifact is refused with a message, not a crash.
        let broken = (dir as NSString).appendingPathComponent("broken.bin")
        try Data("GBROUTE1garbage".utf8).write(to: URL(fileURLWithPath: broken))
        #expect(throws: ModelError.self) { try RoutingModel.read(from: broken) }
    }
}

/// Access to the trainer's internal threshold search.
enum RoutingTrainerProbe {
    static func threshold(_ c: [Double], _ ok: [Bool], _ target: Double) -> Double {
        RoutingTrainer.tuneThreshold(confidences: c, correct: ok, targetPrecision: target)
    }
}
