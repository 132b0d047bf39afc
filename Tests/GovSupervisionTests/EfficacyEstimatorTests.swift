import Foundation
import Testing
import KGCore
import KGML
@testable import GovSupervision

/// The efficacy estimator on planted tables: the case-mix confounder it must remove, the small
/// office it must shrink toward its peers, and the written office table.
@Suite struct EfficacyEstimatorTests {
    /// Raw rates rank offices wrongly (big and good offices take the hard cases); the adjusted
    /// index recovers the planted effects and no longer tracks office size.
    @Test func removesAPlantedCaseMixConfounder() throws {
        let planted = PlantedEfficacyTable(seed: 7)
        let path = try planted.write()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let scores = try EfficacyEstimator.score(try EfficacyCases.read(path: path))
        #expect(scores.offices.count == planted.offices.count)
        let byName = Dictionary(uniqueKeysWithValues: scores.offices.map { ($0.office, $0) })
        let truth = planted.effect, size = planted.size.map(Double.init)
        let adjusted = planted.offices.map { byName[$0]!.index }, raw = planted.offices.map { byName[$0]!.raw }
        let rawRho = RankCorrelation.spearman(raw, truth), adjustedRho = RankCorrelation.spearman(adjusted, truth)
        #expect(rawRho < 0.5, "raw rates should rank wrongly on this table (ρ = \(rawRho))")
        #expect(adjustedRho >= 0.85, "adjusted ρ = \(adjustedRho)")
        #expect(RankCorrelation.spearman(raw, size) < -0.4)
        #expect(abs(RankCorrelation.spearman(adjusted, size)) < 0.3)
        // Ranks follow the index, 1 = best, and the six contract columns come first.
        #expect(scores.offices.map(\.rank) == Array(1...planted.offices.count))
        #expect(zip(scores.offices, scores.offices.dropFirst()).allSatisfy { $0.index >= $1.index })
        #expect(scores.csv().hasPrefix("office,index,lower,upper,rank,cases,group,group_rank,raw,expected,unshrunk,z_y_closed,z_y_satisfied\n"))
    }

    /// Learning the slopes within offices beats the pooled model when office quality drives
    /// case mix: the pooled slopes absorb part of the office effect.
    @Test func withinOfficeSlopesAreNotBiasedByOfficeQuality() throws {
        let planted = PlantedEfficacyTable(seed: 11, sizeMix: 0, effectMix: 1.5)
        let path = try planted.write()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let cases = try EfficacyCases.read(path: path)
        var pooled = EfficacyEstimator.Configuration()
        pooled.expectation = .pooled
        let within = try EfficacyEstimator.score(cases), plain = try EfficacyEstimator.score(cases, configuration: pooled)
        // The planted severity slope of y_closed is −1 per unit; the pooled fit is pulled toward 0.
        let severity = try #require(cases.featureNames.firstIndex(of: "x_severity"))
        let sd = standardDeviation(cases.features.map { $0[severity] })
        let withinSlope = within.outcomes[0].slopes[severity] / sd, pooledSlope = plain.outcomes[0].slopes[severity] / sd
        #expect(abs(withinSlope + 1) < 0.15, "within-office slope \(withinSlope)")
        #expect(pooledSlope > withinSlope + 0.2, "pooled slope \(pooledSlope) should be biased toward 0")
        func rho(_ s: EfficacyScores) -> Double {
            let index = Dictionary(uniqueKeysWithValues: s.offices.map { ($0.office, $0.index) })
            return RankCorrelation.spearman(planted.offices.map { index[$0]! }, planted.effect)
        }
        #expect(rho(within) > rho(plain))
    }

    /// A tiny office with every outcome good is pulled toward its peers: its index is closer to
    /// 50 than its unshrunk index, its interval is wider than any big office's, and it does not
    /// top the ranking on four lucky cases.
    @Test func shrinksASmallOfficeTowardItsPeers() throws {
        var planted = PlantedEfficacyTable(seed: 3, offices: 20, sizeMix: 0, effectMix: 0)
        for k in 0..<4 { planted.lines.append("T\(k),TINY,G0,2024-Q1,0.0,0,0.0,1,1") }
        let path = try planted.write()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let scores = try EfficacyEstimator.score(try EfficacyCases.read(path: path))
        let tiny = try #require(scores.offices.first { $0.office == "TINY" })
        #expect(tiny.cases == 4 && tiny.raw == 1)
        #expect(abs(tiny.index - 50) < abs(tiny.unshrunk - 50))
        let big = scores.offices.filter { $0.office != "TINY" }
        #expect(big.allSatisfy { tiny.upper - tiny.lower > $0.upper - $0.lower })
        #expect(tiny.rank > 1)
        #expect(tiny.lower < 50 && tiny.upper > 50)
        // A big office at the same raw rate would be far from 50: the raw rate alone is not the index.
        #expect(big.contains { $0.index > tiny.index })
    }

    /// OFFICES.csv is replaced whole and no temporary file is left beside it.
    @Test func writesTheOfficeTableAtomically() throws {
        let planted = PlantedEfficacyTable(seed: 5, offices: 8)
        let path = try planted.write()
        let dir = (path as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scores = try EfficacyEstimator.score(try EfficacyCases.read(path: path, period: "2024-Q2"))
        #expect(scores.period == "2024-Q2" && scores.caseCount < planted.lines.count / 3)
        let out = dir + "/OFFICES.csv"
        try "stale".write(toFile: out, atomically: false, encoding: .utf8)
        try scores.writeCSV(to: out)
        try scores.writeCard(to: dir + "/OFFICES.md", command: "test")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 9)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["CASES.csv", "OFFICES.csv", "OFFICES.md"])
        #expect(try String(contentsOfFile: dir + "/OFFICES.md", encoding: .utf8).contains("period 2024-Q2"))
    }

    func standardDeviation(_ v: [Double]) -> Double {
        let m = v.reduce(0, +) / Double(v.count)
        return (v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(v.count)).squareRoot()
    }
}
