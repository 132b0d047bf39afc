import Foundation
import Testing
import KGCore
@testable import KGML

@Suite struct GradientBoostingTests {
    typealias Fixtures = BoostingFixtures

    static func quick() -> GradientBoostingTrainer.Configuration {
        var c = GradientBoostingTrainer.Configuration()
        c.learningRate = 0.2; c.maxRounds = 150; c.maxLeaves = 15; c.earlyStoppingRounds = 20
        return c
    }

    @Test func learnsAnInteractionALinearModelCannotSee() throws {
        let (data, y) = try Fixtures.xor(rows: 3000, seed: 21)
        let train = Array(0..<2000), test = Array(2000..<3000)
        let features = ["x1", "x2", "noise1", "noise2"]
        let model = try GradientBoostingTrainer.fit(data, rows: train, target: y, features: features, configuration: Self.quick())
        let auc = ClassifierMetrics.auc(scores: try model.probabilities(data, rows: test), target: test.map { y[$0] })
        // The linear model on the same columns ranks no better than chance.
        let x = { (r: Int) in [Double(data.column("x1")![r])!, Double(data.column("x2")![r])!] }
        let linear = try LogisticIRLS.fit(x: train.map(x), y: train.map { y[$0] })
        let linearScores = test.map { r in zip(linear.coefficients, x(r)).reduce(linear.intercept) { $0 + $1.0 * $1.1 } }
        let linearAUC = ClassifierMetrics.auc(scores: linearScores, target: test.map { y[$0] })
        #expect(abs(linearAUC - 0.5) < 0.06)
        #expect(auc > 0.85, "AUC \(auc)")
        #expect(model.featureImportance.prefix(2).map(\.feature).sorted() == ["x1", "x2"])
    }

    @Test func picksUpARareStrongFlag() throws {
        var rng = SplitMix64(seed: 4)
        var flag: [String] = [], a: [String] = [], b: [String] = [], y: [Int] = []
        for _ in 0..<3000 {
            let f = rng.nextUniform() < 0.04
            flag.append(f ? "1" : "0"); a.append(Fixtures.cell(rng.nextUniform())); b.append(Fixtures.cell(rng.nextUniform()))
            y.append(Fixtures.bernoulli(f ? 0.6 : 0.08, &rng))
        }
        let data = try Fixtures.table([("seized", flag), ("a", a), ("b", b)])
        let model = try GradientBoostingTrainer.fit(data, rows: Array(0..<3000), target: y, features: ["seized", "a", "b"], configuration: Self.quick())
        var lift = 0.0, topped = 0, flagged = 0
        for r in 0..<500 {
            let cells = Fixtures.cells(data, r)
            let on = try model.margin(row: r) { $0 == "seized" ? "1" : cells($0) }
            let off = try model.margin(row: r) { $0 == "seized" ? "0" : cells($0) }
            lift += (on - off) / 500
            if flag[r] == "1" {
                flagged += 1
                if try model.topRiskFactors(row: r, count: 1, cell: cells).first?.feature == "seized" { topped += 1 }
            }
        }
        // True log-odds lift: logit(0.6) − logit(0.08) ≈ 2.85.
        #expect(lift > 1.2, "lift \(lift)")
        #expect(flagged > 5 && topped * 10 >= flagged * 8, "\(topped) of \(flagged)")
    }

    @Test func monotoneConstraintHoldsOnAGrid() throws {
        // Risk rises with x overall but dips in the middle; the constraint must flatten the dip.
        var rng = SplitMix64(seed: 17)
        var xs: [String] = [], zs: [String] = [], ks: [String] = [], y: [Int] = []
        for _ in 0..<3000 {
            let x = rng.nextUniform(), z = rng.nextUniform()
            let logit = -1 + 2 * x - 2.5 * exp(-pow((x - 0.5) / 0.1, 2)) + (z - 0.5)
            xs.append(rng.nextUniform() < 0.05 ? "" : Fixtures.cell(x)); zs.append(Fixtures.cell(z)); ks.append(["a", "b", "c"][Int(rng.next() % 3)])
            y.append(Fixtures.bernoulli(1 / (1 + exp(-logit)), &rng))
        }
        let data = try Fixtures.table([("x", xs), ("z", zs), ("kind", ks)])
        func grid(_ model: GradientBoostedTrees) throws -> [[Double]] {
            try (0..<10).map { r in
                try (0...100).map { step in try model.margin(row: r) { $0 == "x" ? String(Double(step) / 100) : data.column($0)?[r] } }
            }
        }
        var c = Self.quick()
        c.monotone = ["x": 1, "z": -1]
        let constrained = try GradientBoostingTrainer.fit(data, rows: Array(0..<3000), target: y, features: ["x", "z", "kind"], configuration: c)
        for curve in try grid(constrained) { #expect(zip(curve, curve.dropFirst()).allSatisfy { $0 <= $1 }) }
        for r in 0..<10 {
            let curve = try (0...100).map { step in try constrained.margin(row: r) { $0 == "z" ? String(Double(step) / 100) : data.column($0)?[r] } }
            #expect(zip(curve, curve.dropFirst()).allSatisfy { $0 >= $1 })
        }
        #expect(try grid(constrained)[0].last! - grid(constrained)[0].first! > 1)
        // Without the constraint the dip is learned: the test can fail.
        c.monotone = [:]
        let free = try GradientBoostingTrainer.fit(data, rows: Array(0..<3000), target: y, features: ["x", "z", "kind"], configuration: c)
        #expect(try grid(free).contains { curve in zip(curve, curve.dropFirst()).contains { $0 > $1 + 0.05 } })
        var bad = Self.quick()
        bad.monotone = ["kind": 1]
        #expect(throws: ModelError.self) { try GradientBoostingTrainer.fit(data, rows: Array(0..<3000), target: y, features: ["x", "kind"], configuration: bad) }
    }

    @Test func earlyStoppingStopsOnNoise() throws {
        var rng = SplitMix64(seed: 33)
        var columns: [(String, [String])] = (0..<4).map { ("n\($0)", []) }, y: [Int] = []
        for _ in 0..<2000 {
            for k in columns.indices { columns[k].1.append(Fixtures.cell(rng.nextUniform())) }
            y.append(Fixtures.bernoulli(0.3, &rng))
        }
        let data = try Fixtures.table(columns)
        var c = GradientBoostingTrainer.Configuration()
        c.learningRate = 0.1; c.earlyStoppingRounds = 20
        let model = try GradientBoostingTrainer.fit(data, rows: Array(0..<2000), target: y, features: columns.map(\.0), configuration: c)
        #expect(model.roundsTrained < 100, "\(model.roundsTrained) rounds")
        #expect(model.trees.count < 40)
        #expect(model.roundsTrained - model.bestIteration <= 20)
        // The calibrated probability stays near the base rate.
        let p = try model.probabilities(data, rows: Array(0..<200))
        #expect(p.allSatisfy { abs($0 - 0.3) < 0.15 })
    }

    @Test func sameSeedSameModelAndExplicitValidationRows() throws {
        let (data, y) = try Fixtures.mixed(rows: 1500, seed: 2)
        let features = ["overdue", "income", "sector", "noise"]
        var c = Self.quick()
        c.maxRounds = 40
        let a = try GradientBoostingTrainer.fit(data, rows: Array(0..<1500), target: y, features: features, configuration: c)
        let b = try GradientBoostingTrainer.fit(data, rows: Array(0..<1500), target: y, features: features, configuration: c)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(try encoder.encode(a) == encoder.encode(b))
        c.seed = 99
        let other = try GradientBoostingTrainer.fit(data, rows: Array(0..<1500), target: y, features: features, configuration: c)
        #expect(try encoder.encode(a) != encoder.encode(other))
        let held = try GradientBoostingTrainer.fit(data, rows: Array(0..<1200), target: y, features: features,
                                                   validationRows: Array(1200..<1500), configuration: c)
        #expect(held.validationLogLoss != nil && held.trees.count > 0)
        #expect(held.trees[0].nodes[0].cover == 1200)
        // Row and feature sampling are seeded too.
        c.rowSubsample = 0.7; c.featureFraction = 0.75
        let bagged = try GradientBoostingTrainer.fit(data, rows: Array(0..<1500), target: y, features: features, configuration: c)
        let again = try GradientBoostingTrainer.fit(data, rows: Array(0..<1500), target: y, features: features, configuration: c)
        #expect(try encoder.encode(bagged) == encoder.encode(again))
        #expect(bagged.trees.contains { $0.nodes[0].cover < 1200 * 0.8 })
        // A configuration saved before a setting existed decodes with the default.
        let old = try JSONDecoder().decode(GradientBoostingTrainer.Configuration.self, from: Data(#"{"maxLeaves": 7}"#.utf8))
        #expect(old.maxLeaves == 7 && old.rowSubsample == 1 && old.learningRate == 0.05)
    }

    @Test func badCellsAndMissingColumnsNameRowAndColumn() throws {
        let (data, y) = try Fixtures.mixed(rows: 800, seed: 3)
        var c = Self.quick()
        c.maxRounds = 10
        let model = try GradientBoostingTrainer.fit(data, rows: Array(0..<800), target: y, features: ["overdue", "income", "sector"], configuration: c)
        let cells = Fixtures.cells(data, 12)
        do {
            _ = try model.probability(row: 12) { $0 == "income" ? "ID-4417-secret" : cells($0) }
            Issue.record("a non-number was scored")
        } catch let e as ModelError {
            #expect(e.code == .badValue)
            #expect(e.message.contains("row 12") && e.message.contains("income") && !e.message.contains("4417"))
        }
        do {
            _ = try model.shap(row: 12) { $0 == "sector" ? nil : cells($0) }
            Issue.record("a missing column was scored")
        } catch let e as ModelError {
            #expect(e.code == .badHeader)
            #expect(e.message.contains("row 12") && e.message.contains("sector"))
        }
        #expect(throws: ModelError.self) { try GradientBoostingTrainer.fit(data, rows: [0, 1], target: y, features: ["nope"]) }
        var wrong = c
        wrong.maxBins = 300
        #expect(throws: ModelError.self) { try wrong.validate() }
    }

    @Test func codableRoundTripPredictsIdentically() throws {
        let (data, y) = try Fixtures.mixed(rows: 1500, seed: 6)
        var c = Self.quick()
        c.monotone = ["overdue": 1]
        let model = try GradientBoostingTrainer.fit(data, rows: Array(0..<1200), target: y, features: ["overdue", "income", "sector", "noise"], configuration: c)
        let path = NSTemporaryDirectory() + "gbt-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.write(to: path)
        let loaded = try GradientBoostedTrees.read(from: path)
        let rows = Array(1200..<1500)
        #expect(try model.margins(data, rows: rows) == loaded.margins(data, rows: rows))
        #expect(try model.probabilities(data, rows: rows) == loaded.probabilities(data, rows: rows))
        #expect(loaded.features == model.features && loaded.trees == model.trees && loaded.configuration == model.configuration)
        #expect(loaded.calibration == model.calibration && loaded.bestIteration == model.bestIteration)
        let r = 1300
        #expect(try model.shap(row: r, cell: Fixtures.cells(data, r)).values == loaded.shap(row: r, cell: Fixtures.cells(data, r)).values)
        #expect(throws: ModelError.self) { try GradientBoostedTrees.read(from: path + ".missing") }
        // A node pointing back up its tree would loop forever: such a file is refused.
        let loop = RegressionTree(nodes: [.init(feature: 0, bin: 0, missingLeft: true, left: 0, right: 0, value: 0, cover: 1, gain: 0)])
        let damaged = GradientBoostedTrees(features: model.features, trees: [loop], baseMargin: 0, calibration: .identity, roundsTrained: 1,
                                           validationLogLoss: nil, configuration: c)
        try damaged.write(to: path)
        do {
            _ = try GradientBoostedTrees.read(from: path)
            Issue.record("a damaged model was read")
        } catch let e as ModelError { #expect(e.code == .invalidArtifact) }
    }

    @Test func crossValidationScoresEveryRowOutOfFold() throws {
        let (data, y) = try Fixtures.xor(rows: 1500, seed: 12)
        var c = Self.quick()
        c.maxRounds = 60
        let cv = try GradientBoostingTrainer.crossValidate(data, rows: Array(0..<1500), target: y, features: ["x1", "x2", "noise1"], folds: 3, configuration: c)
        #expect(cv.probabilities.count == 1500 && cv.foldAUCs.count == 3 && cv.bestIterations.count == 3)
        #expect(cv.probabilities.allSatisfy { $0 > 0 && $0 < 1 })
        #expect(cv.auc > 0.8, "AUC \(cv.auc)")
        #expect(throws: ModelError.self) { try GradientBoostingTrainer.crossValidate(data, rows: Array(0..<1500), target: y, features: ["x1"], folds: 1) }
    }
}
