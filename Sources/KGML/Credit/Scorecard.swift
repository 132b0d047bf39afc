import Foundation
import KGCore

/// A credit scorecard: WoE bins per selected variable, a logistic regression on the WoE values,
/// and points. Scaling: `baseScore` points at good:bad odds of `baseOdds`, `pointsToDouble` more
/// points for each doubling of the odds (score = offset + factor · ln(odds), factor = PDO / ln 2).
/// A bin's points are −factor · β · WoE; the intercept gives the base points. Grades A–D by
/// score cut-offs with bad rates rising from A to D.
public struct Scorecard: Codable, Sendable {
    public struct Variable: Codable, Sendable {
        public let binning: VariableBinning
        public let coefficient: Double
        /// Points of each bin (rounded).
        public let points: [Int]
    }

    public struct Grade: Codable, Sendable {
        /// A, B, C or D.
        public let name: String
        public let label: String
        /// Lowest total points of the grade.
        public let minimumPoints: Int
        /// Bad rate of the training rows in the grade.
        public let badRate: Double
    }

    /// One scored row.
    public struct Score: Sendable {
        public let probability: Double
        public let points: Int
        public let grade: String
        /// The (up to) three variables that cost the applicant most points against their best bin.
        public let reasons: [String]
        /// Bins the training data never had (scored as neutral: WoE 0).
        public let unseen: [String]
        /// Each variable's contribution to the row's log-odds against the population's (β · WoE
        /// of the row's bin; 0 for a bin the training data never had), in the card's order.
        public let contributions: [(variable: String, logOdds: Double)]
    }

    public var format = 1
    public let target: String
    public let intercept: Double
    public let variables: [Variable]
    public let baseScore: Double
    public let baseOdds: Double
    public let pointsToDouble: Double
    public let basePoints: Int
    public let grades: [Grade]

    var factor: Double { pointsToDouble / log(2) }

    /// Scores one row given as cells by column name.
    public func score(row: Int, cell: (String) -> String?) throws -> Score {
        var z = intercept, total = basePoints
        var lost: [(String, Int)] = [], unseen: [String] = [], contributions: [(variable: String, logOdds: Double)] = []
        for v in variables {
            guard let value = cell(v.binning.name) else {
                throw ModelError(code: .badHeader, "the data has no column \(v.binning.name), which the scorecard uses")
            }
            if let b = try v.binning.bin(of: value, row: row) {
                z += v.coefficient * v.binning.woe[b]
                contributions.append((v.binning.name, v.coefficient * v.binning.woe[b]))
                total += v.points[b]
                lost.append((v.binning.name, v.points.max()! - v.points[b]))
            } else {
                unseen.append(v.binning.name)
                contributions.append((v.binning.name, 0))
                lost.append((v.binning.name, v.points.max()!))
            }
        }
        let reasons = lost.filter { $0.1 > 0 }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(3).map(\.0)
        let grade = grades.first { total >= $0.minimumPoints }?.name ?? grades.last?.name ?? ""
        return Score(probability: 1 / (1 + exp(-z)), points: total, grade: grade, reasons: reasons, unseen: unseen, contributions: contributions)
    }

    /// The card as rows (variable, bin, count, bad rate, WoE, points).
    public var table: [(variable: String, bin: String, count: Int, badRate: Double, woe: Double, points: Int)] {
        var out: [(String, String, Int, Double, Double, Int)] = [("(base)", "", 0, .nan, .nan, basePoints)]
        for v in variables {
            for (k, label) in v.binning.labels.enumerated() {
                out.append((v.binning.name, label, v.binning.counts[k], Double(v.binning.bads[k]) / Double(max(1, v.binning.counts[k])), v.binning.woe[k], v.points[k]))
            }
        }
        return out
    }

    /// A card with no variable: every row scores the base rate of `rows` (the reference card of a
    /// model whose trees score alone).
    public static func baseRate(target: String, rows: [Int], y: [Int], configuration c: ScorecardTrainer.Configuration) -> Scorecard {
        let rate = Double(rows.reduce(0) { $0 + y[$1] }) / Double(max(1, rows.count))
        return Scorecard(target: target, intercept: log(max(1e-9, rate) / max(1e-9, 1 - rate)), variables: [], baseScore: c.baseScore,
                         baseOdds: c.baseOdds, pointsToDouble: c.pointsToDouble, basePoints: Int(c.baseScore), grades: [])
    }

    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { try AtomicFile.write(try encoder.encode(self), to: path) } catch {
            throw ModelError(code: .pathNotWritable, "cannot write the scorecard \(path): \(error.localizedDescription)")
        }
    }

    public static func read(from path: String) throws -> Scorecard {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError(code: .modelNotFound, "no scorecard at \(path); train one with `govbrain model train credit --data FILE.csv --target COLUMN`")
        }
        do { return try JSONDecoder().decode(Scorecard.self, from: data) } catch {
            throw ModelError(code: .invalidArtifact, "\(path) is not a GovBrain scorecard: \(error)")
        }
    }
}
