import Foundation
import Testing
import KGCore
import GovBrainTestSupport
@testable import KGML

/// The novelty gate: its minimums are low quantiles of in-scope texts' signs; a text in another
/// language or of random symbols falls below them and waits for an agent however sure the
/// classifier is, while in-scope texts pass at about the chosen rate; the gate travels in
/// `calibration.json`.
@Suite struct RoutingNoveltyTests {
    @Test func theGateIsTheLowQuantileOfEachSign() {
        #expect(abs(RoutingNovelty.energy([0, 0]) - log(2)) < 1e-9)
        #expect(abs(RoutingNovelty.energy([100, 0]) - 100) < 1e-9, "no overflow on large scores")
        let gate = RoutingNovelty.fit(coverage: (1...100).map { Double($0) / 100 }, energy: (1...100).map(Double.init), quantile: 0.05)
        #expect(gate.minimumCoverage == 0.06 && gate.minimumEnergy == 6)
        #expect(gate.isOutOfDistribution(coverage: 0.05, energy: 50))
        #expect(gate.isOutOfDistribution(coverage: 0.5, energy: 5))
        #expect(!gate.isOutOfDistribution(coverage: 0.06, energy: 6))
        #expect(gate.isOutOfDistribution(coverage: .nan, energy: 50) && gate.isOutOfDistribution(coverage: 0.5, energy: .nan), "not a number: out")
    }

    @Test func foreignAndRandomTextIsOutOfDistributionAndComplaintsAreNot() throws {
        let models = FileManager.default.temporaryDirectory.appendingPathComponent("novelty-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: models) }
        let model = try SmallRoutingModel.train(models: models).model
        let corpus = SmallTextEncoder.repositoryRoot.appendingPathComponent("Datasets/hotline")
        func texts(_ split: String, _ range: Range<Int>) throws -> [String] {
            try HotlineRecord.read(corpus.appendingPathComponent("\(split).jsonl").path)[range].map(\.text)
        }
        // Set on dev texts, measured on test texts (both of the corpus, neither trained on).
        let calibration = try texts("dev", 0..<1000).map { model.scores($0) }
        let gate = RoutingNovelty.fit(coverage: calibration.map(\.coverage), energy: calibration.map { RoutingNovelty.energy($0.logits) }, quantile: 0.01)
        let gated = model.with(novelty: .some(gate))
        let inScope = try texts("test", 0..<300).map { gated.predict($0) }
        #expect(inScope.filter(\.outOfDistribution).count <= 15, "about 2 % of in-scope texts at two 1 % quantiles, at most 5 %")
        for text in ["Hello, could you tell me which bus goes to the airport tomorrow morning?", "Xin chào, tôi muốn hỏi đường đến ga tàu",
                     "#### @@@@ !!!! ~~~~ 1234567890 ####", "asdfghjkl qwertyuiop zxcvbnm"] {
            let p = gated.predict(text)
            #expect(p.outOfDistribution && p.needsHuman, "\(text): coverage \(p.coverage ?? -1), energy \(p.energy)")
            #expect(!model.predict(text).outOfDistribution, "no gate, no flag")
        }
    }

    @Test func theGateIsWrittenInTheCalibrationAndReadBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("novelty-cal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let gate = RoutingNovelty(minimumCoverage: 0.62, minimumEnergy: 3.25, quantile: 0.005)
        let c = RoutingCalibration(threshold: 0.79, temperature: 0.4, targetPrecision: 0.98, source: "k.jsonl (all)", items: 530, coverage: 0.9,
                                   precision: 0.98, createdAt: "2026-12-07T03:00:00Z", novelty: gate)
        try c.write(folder: folder)
        #expect(try RoutingCalibration.read(folder: folder) == c)
        // Out of range, partial, mistyped gates and unusable temperatures are refused, never loaded without the gate.
        for bad in [#"{"threshold": 0.5, "minimumCoverage": 3, "minimumEnergy": 1, "noveltyQuantile": 0.005}"#,
                    #"{"threshold": 0.5, "minimumCoverage": 0.6}"#, #"{"threshold": 0.5, "minimumCoverage": "0.6", "minimumEnergy": 1, "noveltyQuantile": 0.005}"#,
                    #"{"threshold": 0.5, "minimumCoverage": 0.6, "minimumEnergy": 1, "noveltyQuantile": -5}"#,
                    #"{"threshold": 0.79, "temperature": 1e-50}"#, #"{"threshold": 0.79, "temperature": 1e300}"#] {
            try bad.write(toFile: folder + "/" + RoutingCalibration.file, atomically: true, encoding: .utf8)
            #expect(throws: ModelError.self, "\(bad)") { try RoutingCalibration.read(folder: folder) }
        }
        // A count that does not fit is read as unknown, never a crash.
        try #"{"threshold": 0.5, "items": 1e300}"#.write(toFile: folder + "/" + RoutingCalibration.file, atomically: true, encoding: .utf8)
        #expect(try RoutingCalibration.read(folder: folder)?.items == 0)
    }
}
