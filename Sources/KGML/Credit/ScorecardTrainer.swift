import Foundation
import KGCore

/// Builds a scorecard from a table: binning of every column, selection by information value and
/// correlation, logistic regression on the WoE values (IRLS), variables whose coefficient has the
/// wrong sign dropped (so every variable's points follow its bad rate), points and grades.
public enum ScorecardTrainer {
    public struct Configuration: Codable, Sendable {
        public var minimumBinShare = 0.05
        public var maximumBins = 6
        /// Variables below this information value are left out.
        public var minimumIV = 0.02
        /// Of two variables whose WoE columns correlate more than this, the one with less IV is left out.
        public var maximumCorrelation = 0.7
        public var l2 = 0.0
        public var baseScore = 600.0
        public var baseOdds = 50.0
        public var pointsToDouble = 20.0
        public init() {}
    }

    /// What happened to each column.
    public struct ColumnReport: Sendable {
        public let name: String
        public let kind: String
        public let iv: Double
        /// selected, low IV, correlated with X, wrong sign, constant.
        public let outcome: String
    }

    /// The 0/1 target of `column` (1 = bad).
    public static func target(_ data: TabularData, column: String) throws -> [Int] {
        guard let cells = data.column(column) else {
            throw ModelError(code: .badHeader, "the data has no target column \(column); columns: \(data.columns.joined(separator: ", "))")
        }
        return try cells.enumerated().map { r, c in
            switch TabularData.trimmed(c) {
            case "0": return 0
            case "1": return 1
            default: throw ModelError(code: .badValue, "row \(r), column \(column): the target must be 0 (good) or 1 (bad)")
            }
        }
    }

    /// Fits a scorecard on `rows` of `data`.
    public static func fit(_ data: TabularData, target column: String, rows: [Int], configuration c: Configuration = .init()) throws
        -> (Scorecard, [ColumnReport]) {
        let allTargets = try target(data, column: column)
        let y = rows.map { allTargets[$0] }
        let bads = y.reduce(0, +)
        guard bads > 0, bads < y.count else { throw ModelError(code: .insufficientData, "the training rows need both goods (0) and bads (1) in \(column); they have \(bads) bads of \(y.count)") }
        var reports: [ColumnReport] = []
        var candidates: [VariableBinning] = []
        for (k, name) in data.columns.enumerated() where name != column && name.lowercased() != "id" && name.lowercased() != "row" {
            let cells = rows.map { data.cells[k][$0] }
            let present = cells.filter { !TabularData.isMissing($0) }
            if Set(present).count <= 1 && present.count == cells.count {
                reports.append(ColumnReport(name: name, kind: "-", iv: 0, outcome: "constant"))
                continue
            }
            let numeric = !present.isEmpty && present.allSatisfy { Double(TabularData.trimmed($0)) != nil }
            let b = try VariableBinning.fit(name: name, cells: cells, target: y, kind: numeric ? .numeric : .categorical,
                                            minimumShare: c.minimumBinShare, maximumBins: c.maximumBins)
            if b.iv < c.minimumIV || b.binCount < 2 {
                reports.append(ColumnReport(name: name, kind: b.kind.rawValue, iv: b.iv, outcome: "low IV"))
            } else {
                candidates.append(b)
            }
        }
        // WoE columns, strongest first; correlated ones dropped.
        candidates.sort { $0.iv > $1.iv }
        func woeColumn(_ b: VariableBinning) throws -> [Double] {
            let k = data.columns.firstIndex(of: b.name)!
            return try rows.map { r in try b.bin(of: data.cells[k][r], row: r).map { b.woe[$0] } ?? 0 }
        }
        var kept: [(VariableBinning, [Double])] = []
        for b in candidates {
            let col = try woeColumn(b)
            if let twin = kept.first(where: { abs(correlation($0.1, col)) > c.maximumCorrelation }) {
                reports.append(ColumnReport(name: b.name, kind: b.kind.rawValue, iv: b.iv, outcome: "correlated with \(twin.0.name)"))
            } else {
                kept.append((b, col))
            }
        }
        // Logistic regression; a variable with a non-positive coefficient (its points would run
        // against its bad rate) is dropped and the rest refitted.
        var fit: LogisticIRLS.Fit
        while true {
            guard !kept.isEmpty else { throw ModelError(code: .insufficientData, "no variable predicts \(column) (every column has IV below \(c.minimumIV) or a wrong-signed coefficient)") }
            let x = (0..<rows.count).map { i in kept.map { $0.1[i] } }
            fit = try LogisticIRLS.fit(x: x, y: y, l2: c.l2)
            guard let worst = fit.coefficients.indices.min(by: { fit.coefficients[$0] < fit.coefficients[$1] }), fit.coefficients[worst] <= 0 else { break }
            reports.append(ColumnReport(name: kept[worst].0.name, kind: kept[worst].0.kind.rawValue, iv: kept[worst].0.iv, outcome: "wrong sign"))
            kept.remove(at: worst)
        }
        let factor = c.pointsToDouble / log(2), offset = c.baseScore - factor * log(c.baseOdds)
        var variables: [Scorecard.Variable] = []
        for ((b, _), beta) in zip(kept, fit.coefficients) {
            variables.append(.init(binning: b, coefficient: beta, points: b.woe.map { Int((-factor * beta * $0).rounded()) }))
            reports.append(ColumnReport(name: b.name, kind: b.kind.rawValue, iv: b.iv, outcome: "selected"))
        }
        let basePoints = Int((offset - factor * fit.intercept).rounded())
        var card = Scorecard(target: column, intercept: fit.intercept, variables: variables, baseScore: c.baseScore, baseOdds: c.baseOdds,
                             pointsToDouble: c.pointsToDouble, basePoints: basePoints, grades: [])
        let points = try rows.map { r in try card.score(row: r) { name in data.column(name)?[r] }.points }
        card = Scorecard(target: column, intercept: fit.intercept, variables: variables, baseScore: c.baseScore, baseOdds: c.baseOdds,
                         pointsToDouble: c.pointsToDouble, basePoints: basePoints, grades: grades(points: points, target: y))
        return (card, reports)
    }

    /// Grade cut-offs at population shares from the top (A the best scores); the first set of
    /// shares whose bad rates rise strictly from A to D (empty grades left out when none does).
    static func grades(points: [Int], target: [Int]) -> [Scorecard.Grade] {
        let names = [("A", "信用风险低"), ("B", "信用风险一般"), ("C", "信用风险较高"), ("D", "信用风险高")]
        let order = points.indices.sorted { points[$0] > points[$1] }
        let candidates: [[Double]] = [[0.3, 0.6, 0.85], [0.25, 0.5, 0.75], [0.35, 0.7, 0.9], [0.2, 0.5, 0.8], [0.4, 0.7, 0.85], [0.15, 0.45, 0.75]]
        var fallback: [Scorecard.Grade] = []
        for shares in candidates {
            let cuts = shares.map { points[order[min(order.count - 1, Int($0 * Double(order.count)))]] }
            var grades: [Scorecard.Grade] = []
            var previous = Int.max
            var rates: [Double] = []
            for (k, (name, label)) in names.enumerated() {
                let low = k < 3 ? cuts[k] + 1 : Int.min
                let members = points.indices.filter { points[$0] >= low && points[$0] < previous }
                let rate = members.isEmpty ? .nan : Double(members.reduce(0) { $0 + target[$1] }) / Double(members.count)
                rates.append(rate)
                grades.append(.init(name: name, label: label, minimumPoints: low, badRate: rate))
                previous = low
            }
            if fallback.isEmpty { fallback = grades }
            if zip(rates, rates.dropFirst()).allSatisfy({ $0 < $1 }) { return grades }
        }
        // No set rises strictly (a card with few distinct totals): the first set, without the
        // grades no training row reached (their bad rate is unknown); the lowest kept grade takes
        // every total below it.
        var kept = fallback.filter { !$0.badRate.isNaN }
        if let last = kept.last, last.minimumPoints != Int.min {
            kept[kept.count - 1] = .init(name: last.name, label: last.label, minimumPoints: Int.min, badRate: last.badRate)
        }
        return kept
    }

    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for (x, y) in zip(a, b) { sab += (x - ma) * (y - mb); saa += (x - ma) * (x - ma); sbb += (y - mb) * (y - mb) }
        return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : 0
    }
}
