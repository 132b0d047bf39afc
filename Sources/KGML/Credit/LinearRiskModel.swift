import Foundation
import KGCore

/// The risk model's linear candidate: a ridge-penalised logistic regression on the table's columns
/// and on two inputs per interaction pair the search found, fitted by IRLS (`LogisticIRLS`).
///
/// The scorecard and the trees read a pair as steps (bins, leaves), so the rows where both
/// columns move far, which make the top 1 % when risk grows with the product of the moves, are
/// ranked coarsely. Here a pair enters as the regression's classic interaction term, the product
/// of the two columns' deviations from their medians, each over its interquartile range (clipped
/// at the fitting rows' 0.5 and 99.5 percentiles), and as that product's sign (one column above
/// its median, the other below: the XOR), both linear in the log-odds. (The search's own best
/// cut often sits in a corner, where the joint move is strongest; centring there would misplace
/// the sign.)
/// Columns: a skewed non-negative number as log(1 + x), another number as itself, both clipped at
/// their 0.5 and 99.5 percentiles, with a missing-cell indicator when the fitting rows have
/// missing cells; a category one-hot against its most frequent level (levels with at least 0.5 %
/// of the rows, at most 50). Every input is standardized on the fitting rows, so a row's
/// contribution of a factor, Σ β·z over its inputs, is its log-odds against an average row.
public struct LinearRiskModel: Codable, Sendable, Equatable {
    public var format = 1
    public let intercept: Double
    public let inputs: [LinearRiskInput]
    /// Ridge penalty the coefficients were fitted with (on standardized inputs).
    public let l2: Double
    /// "factor␟level" of every categorical factor's reference level (its most frequent).
    public var references: [String] = []
    /// The inputs backward elimination left out (`LinearRiskInput.label`), nil when it did not run.
    public var eliminated: [String]?

    /// The factors (columns and interactions) the model reads, in input order.
    public var factors: [String] {
        var out: [String] = []
        for i in inputs where !out.contains(i.factor) { out.append(i.factor) }
        return out
    }

    /// The table columns the model reads.
    public var columns: [String] {
        var out: [String] = []
        for i in inputs { for c in i.columns where !out.contains(c) { out.append(c) } }
        return out
    }

    /// The event probability of a row, its (up to) three factors that add most risk and the
    /// categorical factors whose value the fitting rows never had.
    /// - Throws: `ModelError` when a column the model reads is absent (badHeader) or a cell read as a
    ///   number is not one (badValue).
    public func score(row: Int, cell: (String) -> String?) throws -> (probability: Double, reasons: [String], unseen: [String]) {
        for c in columns where cell(c) == nil {
            throw ModelError(code: .badHeader, "the data has no column \(c), which the linear risk model uses")
        }
        var z = intercept
        var added: [String: Double] = [:]
        for i in inputs {
            let v = i.coefficient * (try i.z(row: row, cell))
            z += v
            added[i.factor, default: 0] += v
        }
        guard z.isFinite else { throw ModelError(code: .invalidArtifact, "row \(row): the linear risk model gives a non-finite log-odds; retrain the model") }
        let reasons = added.filter { $0.value > 0 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3).map(\.key)
        return (1 / (1 + exp(-z)), reasons, unseen(cell))
    }

    /// Checks a model read from a file: every input well formed (`LinearRiskInput.defect`) and a
    /// finite intercept.
    /// - Throws: `ModelError` (invalidArtifact) naming the first defect.
    public func validate() throws {
        guard intercept.isFinite, !inputs.isEmpty else { throw ModelError(code: .invalidArtifact, "the linear risk model has no inputs or a non-finite intercept; retrain it") }
        if let d = inputs.lazy.compactMap(\.defect).first { throw ModelError(code: .invalidArtifact, "the linear risk model is damaged: \(d); retrain it") }
    }

    /// Categorical factors whose present value is neither a modelled level nor the reference.
    func unseen(_ cell: (String) -> String?) -> [String] {
        var levels: [String: Set<String>] = [:]
        for i in inputs where i.kind == .level { levels[i.factor, default: []].insert(i.level ?? "") }
        return levels.keys.sorted().filter { f in
            guard let text = cell(f).flatMap(TreeFeature.text), !levels[f]!.contains(text) else { return false }
            return !references.contains("\(f)\u{1F}\(text)")
        }
    }

    /// Probabilities of `rows` of `data`.
    public func probabilities(_ data: TabularData, rows: [Int]) throws -> [Double] {
        let index = Dictionary(uniqueKeysWithValues: data.columns.enumerated().map { ($1, $0) })
        return try rows.map { r in try score(row: r) { name in index[name].map { data.cells[$0][r] } }.probability }
    }

    /// Fits on `rows` of `data`.
    /// - Parameters:
    ///   - target: 0/1 per table row.
    ///   - features: the columns to read (the trees' features: no target, id or constant column).
    ///   - terms: interaction pairs, each entering as its XOR and product about the medians.
    /// - Throws: `ModelError` when no row or input is left, or the fit fails.
    ///   - card: a scorecard fitted on the same rows, whose binned columns (not its interaction
    ///     columns) enter once more as their weight of evidence: the card's steps and the lines
    ///     together, so a threshold and a product are both read (nil: lines only).
    ///   - minimumZ: inputs are eliminated backward while the least significant has |β / se| under
    ///     this (`LogisticIRLS.backwardElimination`); 0: every input is kept.
    public static func fit(_ data: TabularData, rows: [Int], target: [Int], features: [String], terms: [InteractionTerm], card: Scorecard? = nil,
                           l2: Double = 1, minimumZ: Double = 0) throws -> LinearRiskModel {
        try fit(data, rows: rows, target: target, features: features, terms: terms, card: card, penalties: [l2], minimumZ: minimumZ)[0]
    }

    /// Fits on `rows` of `data` once per ridge penalty of `penalties` (the inputs built once, each
    /// fit started from the previous penalty's): what cross-validating the penalty needs. With
    /// `minimumZ` above 0 each penalty's fit is followed by a backward elimination of the inputs
    /// whose Wald |z| stays under it and a refit of the others.
    public static func fit(_ data: TabularData, rows: [Int], target: [Int], features: [String], terms: [InteractionTerm], card: Scorecard? = nil,
                           penalties: [Double], minimumZ: Double = 0) throws -> [LinearRiskModel] {
        guard rows.count >= 10 else { throw ModelError(code: .insufficientData, "the linear risk model needs at least 10 rows to fit; it has \(rows.count)") }
        var drafts: [LinearRiskInput] = [], references: [String] = []
        for name in features {
            guard let cells = data.column(name) else { continue }
            let texts = rows.map { TreeFeature.text(cells[$0]) }
            let present = texts.compactMap { $0 }
            guard !present.isEmpty else { continue }
            let numbers = present.compactMap(TreeFeature.number)
            if numbers.count == present.count {
                drafts.append(numberInput(name, numbers))
                if present.count < texts.count { drafts.append(draft(name, .missing, [name])) }
            } else {
                var counts: [String: Int] = [:]
                for t in present { counts[t, default: 0] += 1 }
                // A level is kept (and written into the model file) only when at least 10 rows and
                // 0.5 % of them have it: a name or a number seen once is never a level, and a column
                // that is mostly distinct values (an identifier) is not read at all.
                let least = max(10, rows.count / 200)
                guard counts.count * 2 <= present.count else { continue }
                let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                guard ranked[0].value >= least else { continue }
                references.append("\(name)\u{1F}\(ranked[0].key)")
                for (level, n) in ranked.dropFirst().prefix(50) where n >= least {
                    drafts.append(draft(name, .level, [name], level: level))
                }
            }
        }
        let derived = Set(terms.map(\.name))
        for v in card?.variables ?? [] where !derived.contains(v.binning.name) && data.column(v.binning.name) != nil {
            drafts.append(draft(v.binning.name, .woe, [v.binning.name], binning: v.binning))
        }
        for t in terms {
            guard let a = data.column(t.first), let b = data.column(t.second) else { continue }
            let pairs = rows.compactMap { r -> (Double, Double)? in
                guard let x = TreeFeature.text(a[r]).flatMap(TreeFeature.number), let y = TreeFeature.text(b[r]).flatMap(TreeFeature.number) else { return nil }
                return (x, y)
            }
            guard pairs.count >= 2 else { continue }
            let first = pairs.map(\.0).sorted(), second = pairs.map(\.1).sorted()
            let c1 = quantile(first, 0.5), c2 = quantile(second, 0.5)
            let s1 = spread(first), s2 = spread(second)
            let products = pairs.map { ($0.0 - c1) / s1 * ($0.1 - c2) / s2 }.sorted()
            drafts.append(draft(t.name, .opposite, [t.first, t.second], cuts: [c1, c2], scales: [s1, s2]))
            drafts.append(draft(t.name, .product, [t.first, t.second], cuts: [c1, c2], scales: [s1, s2],
                                lower: quantile(products, 0.005), upper: quantile(products, 0.995)))
        }
        // Standardize on the fitting rows; an input constant there is dropped.
        let index = Dictionary(uniqueKeysWithValues: data.columns.enumerated().map { ($1, $0) })
        var inputs: [LinearRiskInput] = []
        var columnsX: [[Double]] = []
        for d in drafts {
            guard inputs.count < maximumInputs else { break }
            let raw = try rows.map { r in try d.raw(row: r) { name in index[name].map { data.cells[$0][r] } } }
            let present = raw.compactMap { $0 }
            guard present.count > 1 else { continue }
            let mean = present.reduce(0, +) / Double(present.count)
            let sd = (present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(present.count - 1)).squareRoot()
            // Constant on the fitting rows, or beyond what a double holds (±1e200 squared): left out.
            guard mean.isFinite, sd.isFinite, sd > 1e-12 else { continue }
            inputs.append(LinearRiskInput(factor: d.factor, kind: d.kind, columns: d.columns, level: d.level, binning: d.binning, cuts: d.cuts, scales: d.scales,
                                          lower: d.lower, upper: d.upper, mean: mean, sd: sd, coefficient: 0))
            columnsX.append(raw.map { $0.map { ($0 - mean) / sd } ?? 0 })
        }
        guard !inputs.isEmpty else { throw ModelError(code: .insufficientData, "the linear risk model found no column that varies on the fitting rows") }
        let x = rows.indices.map { k in columnsX.map { $0[k] } }
        let y = rows.map { target[$0] }
        var previous: LogisticIRLS.Fit?, models: [LinearRiskModel] = []
        for l2 in penalties {
            var f = try LogisticIRLS.fit(x: x, y: y, l2: l2, start: previous)
            previous = f
            var kept = Array(inputs.indices)
            if minimumZ > 0 && inputs.count > 1 {
                // Backward elimination, then the kept inputs refitted from its estimate.
                let e = try LogisticIRLS.backwardElimination(x: x, y: y, fit: f, l2: l2, minimumZ: minimumZ)
                if e.kept.count < inputs.count {
                    kept = e.kept
                    f = try LogisticIRLS.fit(x: x.map { r in kept.map { r[$0] } }, y: y, l2: l2, start: e.start)
                }
            }
            var fitted = kept.map { inputs[$0] }
            for k in fitted.indices { fitted[k].coefficient = f.coefficients[k] }
            var model = LinearRiskModel(intercept: f.intercept, inputs: fitted, l2: l2)
            model.references = references
            let left = Set(kept)
            if minimumZ > 0 { model.eliminated = inputs.indices.filter { !left.contains($0) }.map { inputs[$0].label } }
            models.append(model)
        }
        return models
    }

    /// At most this many inputs are fitted (the first in table order; the interaction pairs come
    /// after the columns and the card's bins): bounds the IRLS (O(rows · inputs²)) on wide tables.
    public static let maximumInputs = 300

    init(intercept: Double, inputs: [LinearRiskInput], l2: Double) {
        self.intercept = intercept; self.inputs = inputs; self.l2 = l2
    }

    /// A number column's input: log(1 + x) when its values are non-negative and right-skewed
    /// (skewness above 1), the value itself otherwise; clipped at the 0.5 and 99.5 percentiles.
    static func numberInput(_ name: String, _ values: [Double]) -> LinearRiskInput {
        let n = Double(values.count), mean = values.reduce(0, +) / n
        let m2 = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let m3 = values.reduce(0) { $0 + pow($1 - mean, 3) } / n
        let skewed = values.allSatisfy { $0 >= 0 } && m2 > 0 && m3 / pow(m2, 1.5) > 1
        let t = (skewed ? values.map { log1p($0) } : values).sorted()
        return draft(name, skewed ? .logNumber : .number, [name], lower: quantile(t, 0.005), upper: quantile(t, 0.995))
    }

    static func draft(_ factor: String, _ kind: LinearRiskInput.Kind, _ columns: [String], level: String? = nil, binning: VariableBinning? = nil,
                      cuts: [Double] = [], scales: [Double] = [], lower: Double = -.greatestFiniteMagnitude,
                      upper: Double = .greatestFiniteMagnitude) -> LinearRiskInput {
        LinearRiskInput(factor: factor, kind: kind, columns: columns, level: level, binning: binning, cuts: cuts, scales: scales,
                        lower: lower, upper: upper, mean: 0, sd: 1, coefficient: 0)
    }

    /// The q-quantile of sorted values (nearest rank).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        sorted[min(sorted.count - 1, max(0, Int((q * Double(sorted.count - 1)).rounded())))]
    }

    /// The interquartile range of sorted values; the standard deviation when it is 0; 1 when both are.
    static func spread(_ s: [Double]) -> Double {
        let iqr = quantile(s, 0.75) - quantile(s, 0.25)
        if iqr > 0 { return iqr }
        let mean = s.reduce(0, +) / Double(s.count)
        let sd = (s.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(s.count)).squareRoot()
        return sd > 0 ? sd : 1
    }
}
