import Foundation

/// A plain logistic regression on a table, the baseline a scorecard must beat: numeric columns
/// as log(1 + max(0, x)) standardized on the fitting rows, categorical ones one-hot (first level
/// dropped), a small ridge penalty, fitted by IRLS (`LogisticIRLS`). No binning, no selection
/// (scikit-learn's `LogisticRegression` on the same encoding is the peer).
public struct LogisticBaseline: Sendable {
    struct Column: Sendable {
        let name: String
        let numeric: Bool
        let mean: Double
        let sd: Double
        let levels: [String]
    }
    let columns: [Column]
    let intercept: Double
    let coefficients: [Double]

    /// Fits on `rows` of `data` (the target column holds 0/1; `id` is ignored).
    public static func fit(_ data: TabularData, target: String, rows: [Int]) throws -> LogisticBaseline {
        let y = try ScorecardTrainer.target(data, column: target)
        var columns: [Column] = []
        for name in data.columns where name != target && name != "id" {
            let cells = data.column(name)!
            let values = rows.map { Double(cells[$0]) }
            let numeric = rows.allSatisfy { Double(cells[$0]) != nil || TabularData.isMissing(cells[$0]) }
            if numeric && values.contains(where: { $0 != nil }) {
                let t = values.map { log1p(max(0, $0 ?? 0)) }
                let mean = t.reduce(0, +) / Double(t.count)
                let sd = (t.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, t.count - 1))).squareRoot()
                columns.append(Column(name: name, numeric: true, mean: mean, sd: sd > 0 ? sd : 1, levels: []))
            } else {
                let levels = Array(Set(rows.map { cells[$0] })).sorted()
                columns.append(Column(name: name, numeric: false, mean: 0, sd: 1, levels: Array(levels.dropFirst())))
            }
        }
        let model = LogisticBaseline(columns: columns, intercept: 0, coefficients: [])
        let x = rows.map { model.vector(row: $0, data: data) }
        let f = try LogisticIRLS.fit(x: x, y: rows.map { y[$0] }, l2: 1)
        return LogisticBaseline(columns: columns, intercept: f.intercept, coefficients: f.coefficients)
    }

    func vector(row r: Int, data: TabularData) -> [Double] {
        var v: [Double] = []
        for c in columns {
            let cell = data.column(c.name)?[r] ?? ""
            if c.numeric { v.append((log1p(max(0, Double(cell) ?? 0)) - c.mean) / c.sd) } else { v += c.levels.map { $0 == cell ? 1 : 0 } }
        }
        return v
    }

    /// The fitted probability of the positive class for a row of `data`.
    public func probability(row r: Int, data: TabularData) -> Double {
        let x = vector(row: r, data: data)
        var z = intercept
        for (a, b) in zip(x, coefficients) { z += a * b }
        return 1 / (1 + exp(-z))
    }
}
