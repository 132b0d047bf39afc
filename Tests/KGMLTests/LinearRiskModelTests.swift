import Foundation
import Testing
import KGCore
@testable import KGML

/// The linear candidate of the risk model: a pair whose risk grows with the product of two
/// columns' moves (on top of their XOR) is ranked at the top by the product, not by the steps of
/// the card's bins or the trees' leaves; reasons, persistence, missing and unseen cells.
@Suite struct LinearRiskModelTests {
    /// a and b standard normal (b missing in 3 % of rows), c a weak additive column, a category and
    /// noise; the log-odds has the XOR of a and b and the clipped product of their moves.
    static func table(rows count: Int, seed: UInt64) throws -> (data: TabularData, truth: [Double]) {
        var rng = SplitMix64(seed: seed)
        func u() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        func normal() -> Double { (-2 * log(max(u(), 1e-300))).squareRoot() * cos(2 * .pi * u()) }
        var rows: [[String]] = [], truth: [Double] = []
        for _ in 0..<count {
            let a = normal(), b = normal(), c = u(), noise = u()
            let bMissing = u() < 0.03
            var z = -3.3 + 0.6 * c
            if !bMissing { z += ((a > 0) != (b > 0) ? 0.9 : 0) + 0.7 * min(max(-a * b, -2), 4) }
            let p = 1 / (1 + exp(-z))
            truth.append(p)
            rows.append([String(format: "%.4f", a), bMissing ? "" : String(format: "%.4f", b), String(format: "%.3f", c),
                         String(format: "%.3f", noise), ["x", "y", "z"][Int(u() * 3)], u() < p ? "1" : "0"])
        }
        return (try TabularData(header: ["a", "b", "c", "noise", "sector", "event"], rows: rows), truth)
    }

    /// Mean true probability of the top `share` of rows by score (the expected precision there).
    static func expectedPrecision(_ scores: [Double], truth: [Double], share: Double) -> Double {
        let k = max(1, Int(share * Double(scores.count)))
        let top = scores.indices.sorted { scores[$0] > scores[$1] }.prefix(k)
        return top.reduce(0) { $0 + truth[$1] } / Double(k)
    }

    @Test func autoChoosesTheLinearModelForAProductAndRanksTheTopBetterThanTheTrees() throws {
        let (data, truth) = try Self.table(rows: 10_000, seed: 21)
        var options = RiskModelFit.Options()
        options.trees.threads = 1
        options.folds = 3
        let train = Array(0..<7000), test = Array(7000..<10_000)
        let (model, _, selection) = try RiskModelFit.fit(data, target: "event", rows: train, options: options)
        #expect(model.interactions?.first?.name == "a×b")
        #expect(model.algorithm == .linear, "\(selection?.reason ?? "")")
        #expect(selection?.candidates.map(\.name) == ["scorecard", "trees", "linear", "blend"])
        var treesOnly = options
        treesOnly.algorithm = .trees
        treesOnly.crossValidate = false
        let (trees, _, _) = try RiskModelFit.fit(data, target: "event", rows: train, options: treesOnly)
        let t = test.map { truth[$0] }
        let linearTop = Self.expectedPrecision(try model.probabilities(data, rows: test), truth: t, share: 0.02)
        let treesTop = Self.expectedPrecision(try trees.probabilities(data, rows: test), truth: t, share: 0.02)
        let oracleTop = Self.expectedPrecision(t, truth: t, share: 0.02)
        #expect(linearTop > treesTop, "linear \(linearTop), trees \(treesTop), oracle \(oracleTop)")
        #expect(linearTop > 0.9 * oracleTop, "linear \(linearTop), oracle \(oracleTop)")
    }

    @Test func reasonsAreTheLargestContributionsAndSumToTheLogOdds() throws {
        let (data, _) = try Self.table(rows: 6000, seed: 22)
        let y = try ScorecardTrainer.target(data, column: "event")
        let features = ["a", "b", "c", "noise", "sector"]
        let term = InteractionTerm(first: "a", second: "b", firstGrid: [], secondGrid: [], statistic: 0, pValue: 0)
        let model = try LinearRiskModel.fit(data, rows: Array(0..<6000), target: y, features: features, terms: [term])
        let product = try #require(model.inputs.first { $0.kind == .product })
        #expect(product.coefficient < -0.2, "\(product.coefficient)")   // risk grows with −a·b
        // A row with a strongly opposite move: the pair is the first reason.
        let row = ["a": "2.5", "b": "-2.5", "c": "0.5", "noise": "0.5", "sector": "y"]
        let s = try model.score(row: 0) { row[$0] }
        #expect(s.reasons.first == "a×b")
        var z = model.intercept
        for i in model.inputs { z += i.coefficient * (try i.z(row: 0) { row[$0] }) }
        #expect(abs(s.probability - 1 / (1 + exp(-z))) < 1e-12)
        // Without b the pair adds nothing (z = 0 for both of its inputs).
        let missing = row.merging(["b": ""]) { $1 }
        #expect(try model.inputs.filter { $0.factor == "a×b" }.allSatisfy { try $0.z(row: 0) { missing[$0] } == 0 })
        #expect(try !model.score(row: 0) { missing[$0] }.reasons.contains("a×b"))
        // A category the fitting rows never had is reported; a column the model reads must exist.
        #expect(try model.score(row: 0) { (row.merging(["sector": "w"]) { $1 })[$0] }.unseen == ["sector"])
        #expect(try model.score(row: 0) { row[$0] }.unseen.isEmpty)
        #expect(throws: ModelError.self) { try model.score(row: 0) { $0 == "c" ? nil : row[$0] } }
        // A present cell that is not a number is an error naming the row and column, not an average.
        do {
            _ = try model.score(row: 4) { (row.merging(["a": "lots"]) { $1 })[$0] }
            Issue.record("a non-number was scored")
        } catch let e as ModelError {
            #expect(e.code == .badValue && e.message.contains("row 4, column a") && !e.message.contains("lots"))
        }
    }

    @Test func theCardsBinnedColumnsEnterAsTheirWeightOfEvidence() throws {
        let (data, _) = try Self.table(rows: 6000, seed: 24)
        let y = try ScorecardTrainer.target(data, column: "event")
        let rows = Array(0..<6000)
        let card = try ScorecardTrainer.fit(data, target: "event", rows: rows, configuration: .init()).0
        let model = try LinearRiskModel.fit(data, rows: rows, target: y, features: ["a", "b", "c", "noise", "sector"], terms: [], card: card)
        let woe = model.inputs.filter { $0.kind == .woe }
        #expect(!woe.isEmpty)
        #expect(Set(woe.map(\.factor)) == Set(card.variables.map(\.binning.name)))
        // A woe input reads the card's bin: its raw value is that bin's WoE.
        for input in woe {
            let binning = try #require(input.binning)
            let cell = data.column(input.columns[0])![7]
            let bin = try #require(try binning.bin(of: cell, row: 7))
            #expect(try input.raw(row: 7) { data.column($0)?[7] } == binning.woe[bin])
        }
        let round = try JSONDecoder().decode(LinearRiskModel.self, from: JSONEncoder().encode(model))
        #expect(round == model)
    }

    @Test func aDamagedModelFileIsRefusedNotScored() throws {
        let (data, _) = try Self.table(rows: 3000, seed: 25)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("risk-linear-bad-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var options = RiskModelFit.Options()
        options.algorithm = .linear
        options.crossValidate = false
        _ = try RiskModel.train(data: data, target: "event", split: nil, out: dir, options: options, command: "test")
        let path = (dir as NSString).appendingPathComponent(RiskModel.artifact)
        let good = try String(contentsOfFile: path, encoding: .utf8)
        #expect(try RiskModel.read(from: path).linear != nil)
        // Each edit a hand (or a damaged disk) could make to the last input (the pair's product):
        // wrong arity, three scales with a zero, sd 0.
        for (from, to) in [("\"kind\":\"product\"", "\"kind\":\"number\""), ("\"scales\":[", "\"scales\":[0,"), ("\"sd\":", "\"sd\":0,\"x\":")] {
            guard let range = good.range(of: from, options: .backwards) else { Issue.record("the model file has no \(from)"); continue }
            var bad = good
            bad.replaceSubrange(range, with: to)
            try bad.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(throws: ModelError.self) { try RiskModel.read(from: path) }
        }
    }

    @Test func aNameOrIdentifierColumnIsNeverALevel() throws {
        var rows: [[String]] = []
        var rng = SplitMix64(seed: 26)
        for k in 0..<600 {
            let x = Double(rng.next() >> 11) / Double(1 << 53)
            rows.append(["owner\(k)", k % 7 == 0 ? "rare\(k)" : "common", String(format: "%.3f", x), Double(rng.next() >> 11) / Double(1 << 53) < 0.1 + 0.2 * x ? "1" : "0"])
        }
        let data = try TabularData(header: ["owner", "kind", "x", "event"], rows: rows)
        let y = try ScorecardTrainer.target(data, column: "event")
        let model = try LinearRiskModel.fit(data, rows: Array(0..<600), target: y, features: ["owner", "kind", "x"], terms: [])
        #expect(!model.inputs.contains { $0.columns.contains("owner") })
        #expect(!model.references.contains { $0.hasPrefix("owner") })
        #expect(!model.inputs.contains { $0.kind == .level })   // every "rare…" value is seen once
    }

    @Test func theRiskModelWritesAndReadsTheLinearModel() throws {
        let (data, _) = try Self.table(rows: 4000, seed: 23)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("risk-linear-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var options = RiskModelFit.Options()
        options.algorithm = .linear
        options.folds = 3
        let split = (0..<4000).map { $0 < 3000 ? "train" : "test" }
        let (model, metrics) = try RiskModel.train(data: data, target: "event", split: split, out: dir, options: options, command: "test")
        #expect(model.algorithm == .linear)
        #expect(metrics["selection"]?["candidates"]?.arrayValue?.count == 1)
        let read = try RiskModel.read(from: (dir as NSString).appendingPathComponent(RiskModel.artifact))
        #expect(read.linear == model.linear)
        let rows = Array(3000..<3100)
        let batch = try read.probabilities(data, rows: rows)
        for (k, r) in rows.enumerated() {
            let one = try read.score(row: r) { data.column($0)?[r] }
            #expect(abs(one.score / 100 - batch[k]) < 1e-9)
            #expect(one.reasons.count <= 3 && one.reasons.allSatisfy { read.factors.contains($0) })
        }
        let card = try String(contentsOfFile: (dir as NSString).appendingPathComponent("MODEL.md"), encoding: .utf8)
        #expect(card.contains("ridge-penalised logistic regression") && card.contains("CV linear"))
    }
}
