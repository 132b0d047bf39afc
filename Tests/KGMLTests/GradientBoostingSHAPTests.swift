import Foundation
import Testing
import KGCore
@testable import KGML

@Suite struct GradientBoostingSHAPTests {
    typealias Fixtures = BoostingFixtures

    @Test func shapValuesAddUpToTheMarginWithMissingAndUnseenValues() throws {
        let (data, y) = try Fixtures.mixed(rows: 2000, seed: 11)
        var c = GradientBoostingTrainer.Configuration()
        c.learningRate = 0.2; c.maxRounds = 60; c.maxLeaves = 15
        let model = try GradientBoostingTrainer.fit(data, rows: Array(0..<1500), target: y, features: ["overdue", "income", "sector", "noise"], configuration: c)
        #expect(model.trees.count > 5)
        var checked = 0, withMissing = 0
        for r in 1500..<1700 {
            let cells = Fixtures.cells(data, r)
            let (base, values) = try model.shap(row: r, cell: cells)
            let margin = try model.margin(row: r, cell: cells)
            #expect(abs(base + values.reduce(0, +) - margin) < 1e-9)
            if data.column("income")![r].isEmpty { withMissing += 1 }
            checked += 1
        }
        #expect(withMissing > 5)
        // An unseen category is scored as missing, and explained the same way.
        let unseen: (String) -> String? = { $0 == "sector" ? "harbour" : Fixtures.cells(data, 1500)($0) }
        let missing: (String) -> String? = { $0 == "sector" ? "" : Fixtures.cells(data, 1500)($0) }
        #expect(try model.margin(row: 1500, cell: unseen) == model.margin(row: 1500, cell: missing))
        let s = try model.shap(row: 1500, cell: unseen)
        #expect(abs(s.base + s.values.reduce(0, +) - (try model.margin(row: 1500, cell: unseen))) < 1e-9)
        #expect(abs(s.base - model.expectedMargin) < 1e-12)
        #expect(checked == 200)
        // Trees grown on row samples have smaller covers; the values still add up.
        c.rowSubsample = 0.6; c.featureFraction = 0.5
        let bagged = try GradientBoostingTrainer.fit(data, rows: Array(0..<1500), target: y, features: ["overdue", "income", "sector", "noise"], configuration: c)
        for r in 1500..<1600 {
            let cells = Fixtures.cells(data, r)
            let (base, values) = try bagged.shap(row: r, cell: cells)
            #expect(abs(base + values.reduce(0, +) - (try bagged.margin(row: r, cell: cells))) < 1e-9)
        }
    }

    @Test func treeShapMatchesBruteForceShapleyValues() throws {
        let (data, y) = try Fixtures.mixed(rows: 1200, seed: 5)
        var c = GradientBoostingTrainer.Configuration()
        c.learningRate = 0.3; c.maxRounds = 6; c.maxLeaves = 8; c.maxDepth = 4; c.validationShare = 0
        c.minChildSamples = 10
        let features = ["overdue", "income", "sector", "noise"]
        let model = try GradientBoostingTrainer.fit(data, rows: Array(0..<1000), target: y, features: features, configuration: c)
        #expect(model.trees.count == 6)
        // Some tree splits one feature twice on a path: the case `unwind` exists for.
        func repeats(_ tree: RegressionTree, _ k: Int, _ seen: Set<Int>) -> Bool {
            let n = tree.nodes[k]
            if n.isLeaf { return false }
            if seen.contains(n.feature) { return true }
            return repeats(tree, n.left, seen.union([n.feature])) || repeats(tree, n.right, seen.union([n.feature]))
        }
        #expect(model.trees.contains { repeats($0, 0, []) })
        let m = features.count
        func factorial(_ k: Int) -> Double { k <= 1 ? 1 : Double(k) * factorial(k - 1) }
        for r in stride(from: 1000, to: 1200, by: 4) {
            let codes = try model.codes(row: r, cell: Fixtures.cells(data, r))
            // v(S): the ensemble's margin with the features outside S integrated out along the
            // tree (both children weighted by cover): the path-dependent expectation TreeSHAP explains.
            func value(_ known: Int) -> Double {
                func walk(_ tree: RegressionTree, _ k: Int) -> Double {
                    let n = tree.nodes[k]
                    if n.isLeaf { return n.value }
                    if known & (1 << n.feature) != 0 { return walk(tree, n.goesLeft(codes[n.feature]) ? n.left : n.right) }
                    return (walk(tree, n.left) * tree.nodes[n.left].cover + walk(tree, n.right) * tree.nodes[n.right].cover) / n.cover
                }
                return model.trees.reduce(model.baseMargin) { $0 + walk($1, 0) }
            }
            var exact = [Double](repeating: 0, count: m)
            for i in 0..<m {
                for subset in 0..<(1 << m) where subset & (1 << i) == 0 {
                    let size = subset.nonzeroBitCount
                    let weight = factorial(size) * factorial(m - size - 1) / factorial(m)
                    exact[i] += weight * (value(subset | (1 << i)) - value(subset))
                }
            }
            let (base, values) = model.shap(codes: codes)
            #expect(abs(base - value(0)) < 1e-9)
            for i in 0..<m { #expect(abs(values[i] - exact[i]) < 1e-9, "row \(r), feature \(features[i])") }
        }
    }

    @Test func topRiskFactorsAreThePositiveContributionsInOrder() throws {
        let (data, y) = try Fixtures.mixed(rows: 1500, seed: 8)
        var c = GradientBoostingTrainer.Configuration()
        c.learningRate = 0.2; c.maxRounds = 40
        let model = try GradientBoostingTrainer.fit(data, rows: Array(0..<1500), target: y, features: ["overdue", "income", "sector", "noise"], configuration: c)
        let values = [0.4, -0.2, 0.9, 0.0]
        let top = model.topRiskFactors(shap: values, count: 3)
        #expect(top.map(\.feature) == ["sector", "overdue"])
        #expect(top.map(\.contribution) == [0.9, 0.4])
        let factors = try model.topRiskFactors(row: 3, count: 2, cell: Fixtures.cells(data, 3))
        #expect(factors.count <= 2 && factors.allSatisfy { $0.contribution > 0 })
    }
}
