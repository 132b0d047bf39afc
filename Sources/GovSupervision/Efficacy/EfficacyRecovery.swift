import Foundation
import KGCore
import KGEngine
import KGML

/// How well the efficacy index finds offices whose effect is known (a generator's planted office
/// effects, `truth/office_speed.csv`: slowness 1 for most offices, larger for the slow ones),
/// beside the raw success rate in the same table: per period, the AUC of telling the planted
/// slow offices from the others (low index = slow), Spearman with the planted effect, and the
/// correlation with office size (log cases; near 0 is right when size does not cause
/// efficacy); between consecutive periods, how stable the ranks are (Spearman). Where the
/// empirical-Bayes shrinkage pulls every office to the mean (too few cases to tell offices
/// apart) the index ranks nothing: AUC 0.5 and no correlation (nil).
public struct EfficacyRecovery: Encodable, Sendable {
    /// The three figures of one score (adjusted index or raw rate) in one period.
    public struct Scores: Encodable, Sendable {
        public let auc: Double?
        public let spearman: Double?
        public let sizeCorrelation: Double?
    }

    public struct Period: Encodable, Sendable {
        public let period: String
        /// Offices ranked that have a planted effect.
        public let offices: Int
        /// Of them, planted slow (effect > 1).
        public let slow: Int
        public let adjusted: Scores
        public let raw: Scores
    }

    public struct Stability: Encodable, Sendable {
        public let from: String
        public let to: String
        public let offices: Int
        public let adjusted: Double?
        public let raw: Double?
    }

    public let domain: String
    public let periods: [Period]
    public let stability: [Stability]

    /// Reads `office,slowness` rows (the generator's `truth/office_speed.csv`).
    public static func readTruth(path: String) throws -> [String: Double] {
        let table = try TabularCSV.read(path)
        guard let offices = table.column("office"), let slowness = table.column("slowness") else {
            throw EfficacyError(code: .invalidSupervisionRequest, message: "\(path) needs the columns office,slowness (the generator's truth/office_speed.csv)")
        }
        var out: [String: Double] = [:]
        for (i, office) in offices.enumerated() {
            guard let s = Double(slowness[i]) else {
                throw EfficacyError(code: .invalidSupervisionRequest, message: "\(path) line \(i + 2): slowness \"\(slowness[i])\" is not a number")
            }
            out[office] = s
        }
        return out
    }

    /// The figures of the hotline office index for `periods` (in order) against `truth`.
    public static func measure(graph: KnowledgeGraph, truth: [String: Double], periods: [String]) throws -> EfficacyRecovery {
        let cache = EfficacyCaseCache()
        var rows: [Period] = []
        var byPeriod: [[String: (index: Double, raw: Double)]] = []
        for period in periods {
            let report = try EfficacyReport.make(graph: graph, request: EfficacyReportRequest(period: period, level: "office", domain: "hotline"), cache: cache)
            let known = report.rows.filter { truth[$0.id] != nil && $0.raw != nil }
            let effect = known.map { -(truth[$0.id] ?? 1) }
            let slow = known.map { (truth[$0.id] ?? 1) > 1 ? 1 : 0 }
            let size = known.map { log(Double(max(1, $0.cases))) }
            func scores(_ values: [Double]) -> Scores {
                let both = slow.contains(1) && slow.contains(0)
                // An index shrunk entirely to the mean (no office distinguishable) ranks nothing: AUC 0.5, no correlation.
                let varies = Set(values).count > 1
                return Scores(auc: both ? ClassifierMetrics.auc(scores: values.map { -$0 }, target: slow) : nil,
                              spearman: both && varies ? RankCorrelation.spearman(values, effect) : nil,
                              sizeCorrelation: known.count >= 3 && varies && Set(size).count > 1 ? RankCorrelation.pearson(values, size) : nil)
            }
            rows.append(Period(period: period, offices: known.count, slow: slow.reduce(0, +),
                               adjusted: scores(known.map(\.index)), raw: scores(known.map { $0.raw ?? 0 })))
            byPeriod.append(Dictionary(known.map { ($0.id, ($0.index, $0.raw ?? 0)) }, uniquingKeysWith: { a, _ in a }))
        }
        var stability: [Stability] = []
        for k in periods.indices.dropFirst() {
            let a = byPeriod[k - 1], b = byPeriod[k]
            let shared = a.keys.filter { b[$0] != nil }.sorted()
            func varies(_ v: [Double]) -> Bool { Set(v).count > 1 }
            let ok = shared.count >= 3
            stability.append(Stability(from: periods[k - 1], to: periods[k], offices: shared.count,
                                       adjusted: ok && varies(shared.map { a[$0]!.index }) && varies(shared.map { b[$0]!.index })
                                           ? RankCorrelation.spearman(shared.map { a[$0]!.index }, shared.map { b[$0]!.index }) : nil,
                                       raw: ok && varies(shared.map { a[$0]!.raw }) && varies(shared.map { b[$0]!.raw })
                                           ? RankCorrelation.spearman(shared.map { a[$0]!.raw }, shared.map { b[$0]!.raw }) : nil))
        }
        return EfficacyRecovery(domain: "hotline", periods: rows, stability: stability)
    }

    /// The figures as a Markdown table (the README's form).
    public var markdown: String {
        func f(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "–" }
        var out = "| period | offices | planted slow | AUC index | AUC raw | Spearman index | Spearman raw | size corr. index | size corr. raw |\n|---|---|---|---|---|---|---|---|---|\n"
        for p in periods {
            out += "| \(p.period) | \(p.offices) | \(p.slow) | \(f(p.adjusted.auc)) | \(f(p.raw.auc)) | \(f(p.adjusted.spearman)) | \(f(p.raw.spearman)) | \(f(p.adjusted.sizeCorrelation)) | \(f(p.raw.sizeCorrelation)) |\n"
        }
        if !stability.isEmpty {
            out += "\n| from → to | offices in both | rank stability index | rank stability raw |\n|---|---|---|---|\n"
            for s in stability { out += "| \(s.from) → \(s.to) | \(s.offices) | \(f(s.adjusted)) | \(f(s.raw)) |\n" }
        }
        return out
    }
}
