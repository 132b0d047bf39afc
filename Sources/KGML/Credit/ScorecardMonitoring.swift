import Foundation
import KGCore

/// Stability of a scorecard between a reference population (usually the training data) and a
/// current one: the PSI of the total points (over the reference's deciles), and per variable the
/// characteristic stability: the PSI of the bin shares and the shift of mean points
/// (Σ (current share − reference share) · bin points). Rule of thumb: PSI < 0.1 stable,
/// 0.1–0.25 watch, > 0.25 shifted.
public enum ScorecardMonitoring {
    public static func report(card: Scorecard, reference: TabularData, current: TabularData) throws -> JSON {
        func scored(_ t: TabularData) throws -> (points: [Double], bins: [[Int?]]) {
            var points: [Double] = []
            var bins = [[Int?]](repeating: [], count: card.variables.count)
            for r in 0..<t.rowCount {
                points.append(Double(try card.score(row: r) { t.column($0)?[r] }.points))
                for (k, v) in card.variables.enumerated() {
                    guard let cells = t.column(v.binning.name) else { throw ModelError(code: .badHeader, "the data has no column \(v.binning.name), which the scorecard uses") }
                    bins[k].append(try v.binning.bin(of: cells[r], row: r))
                }
            }
            return (points, bins)
        }
        let ref = try scored(reference), cur = try scored(current)
        let psi = ClassifierMetrics.psi(reference: ref.points, current: cur.points)
        var variables: [JSON] = []
        for (k, v) in card.variables.enumerated() {
            let n = v.binning.binCount
            func shares(_ bins: [Int?]) -> [Double] {
                var c = [Double](repeating: 0, count: n + 1)  // the last slot: unseen values
                for b in bins { c[b ?? n] += 1 }
                return c.map { ($0 + 0.5) / (Double(bins.count) + 0.5 * Double(n + 1)) }
            }
            let r = shares(ref.bins[k]), c = shares(cur.bins[k])
            let index = zip(r, c).reduce(0) { $0 + ($1.1 - $1.0) * log($1.1 / $1.0) }
            let shift = (0..<n).reduce(0.0) { $0 + (c[$1] - r[$1]) * Double(v.points[$1]) }
            variables.append(.object([("variable", .string(v.binning.name)), ("stabilityIndex", .double(index)),
                                      ("pointsShift", .double(shift)), ("status", .string(status(index)))]))
        }
        return .object([("referenceRows", .int(Int64(reference.rowCount))), ("currentRows", .int(Int64(current.rowCount))),
                        ("scorePSI", .double(psi)), ("status", .string(status(psi))), ("variables", .array(variables))])
    }

    static func status(_ psi: Double) -> String { psi < 0.1 ? "stable" : (psi <= 0.25 ? "watch" : "shifted") }
}
