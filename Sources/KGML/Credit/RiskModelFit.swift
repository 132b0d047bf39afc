import Foundation
import KGCore

/// Fits the risk model of a table: the scorecard, the linear model with interaction products,
/// gradient-boosted trees, their blend (mean log-odds), or (`auto`) the one cross-validation
/// prefers: of the two additive models the linear one, unless the card's CV AUC on the training rows is higher beyond
/// the folds' noise (`choice`); the blend
/// or the trees replace it only when their CV AUC is higher by more than
/// `treesMargin` and their mean fold average precision (the top of the list) is not lower, with plain logistic regression
/// cross-validated beside them as the baseline the card reports. Every candidate reads the table's
/// columns plus the pairwise interaction terms `InteractionSearch` finds on their training rows.
/// Everything is refitted in every fold (interaction search, binning, selection, early stopping);
/// the test rows are never seen.
public enum RiskModelFit {
    public struct Options: Sendable {
        public var algorithm: RiskAlgorithm = .auto
        public var scorecard = ScorecardTrainer.Configuration()
        public var trees = RiskModelFit.riskTrees
        /// The search for pairwise interactions whose products both candidates may use
        /// (`maxTerms` 0: none); rerun in every fold.
        public var interactions = InteractionSearch.Settings()
        /// Ridge penalties of the linear candidate (on standardized inputs): cross-validated on the
        /// same folds, the one with the lowest pooled out-of-fold log-loss is kept (the first when
        /// the model is not cross-validated). Weak, noisy tables want more shrinkage than strong ones.
        public var linearPenalties: [Double] = [1, 10, 100, 1000]
        /// The linear candidate's inputs are eliminated backward while the least significant has a
        /// Wald |z| under this (0: all kept). Thirty noise inputs, each with a coefficient the size
        /// of its standard error, reorder the rows within a risk group as much as the weak true
        /// effects do: on the threshold table they cost 3–4 % of the top 1 %'s expected precision.
        public var linearMinimumZ = 2.0
        /// Family-wise levels of the interaction search beside `interactions.alpha` at which the
        /// linear candidate is cross-validated too (its pairs: those under the level, strongest
        /// first, at most `interactions.maxTerms`); the level and the ridge penalty with the lowest
        /// pooled out-of-fold log-loss are kept, the strict level on a tie. The strict level
        /// protects the card and the trees, which would read a noise pair as bins and splits; the
        /// linear model reads a pair as two inputs that its Wald elimination can still drop, and
        /// cross-validation judges whether they rank held-out rows better. On the mixed planted
        /// table the real pair (headcount × tax) was kept at 1 % on eight seeds of ten: on the other
        /// two the linear model lacked it, and the top 1 % lost 3–4 % of its expected precision.
        public var linearInteractionLevels: [Double] = [0.5]
        /// Scale the trees' `minChildSamples` with the training rows (1 % of them, within
        /// 20–200): supervision events are rare, and a leaf of 20 rows out of 20,000 fits noise.
        public var adaptTrees = true
        public var levels: RiskModel.LevelShares = .standard
        /// Cross-validate (and so report CV metrics and set the levels on out-of-fold scores).
        /// `auto` always cross-validates.
        public var crossValidate = true
        /// Folds; nil: 5 up to 10,000 training rows, 3 above.
        public var folds: Int?
        public var seed: UInt64 = 42
        /// The risk model's defaults; the trees' differ from `GradientBoostingTrainer`'s generic
        /// ones (`riskTrees`).
        public init() {}
    }

    /// Rows each leaf of the risk trees keeps at least: 1 % of the training rows, within 20–200.
    public static func adaptedLeafRows(_ rows: Int) -> Int { min(200, max(20, rows / 100)) }

    /// The risk trees' settings for `rows` training rows (`riskTrees` with `adaptedLeafRows`).
    public static func riskTrees(rows: Int) -> GradientBoostingTrainer.Configuration {
        var c = riskTrees
        c.minChildSamples = adaptedLeafRows(rows)
        return c
    }

    /// The trees' settings for risk tables: small trees (7 leaves), 80 % of the rows and of the
    /// columns per tree. Rare events and many weak columns: on the planted tables of
    /// `Tools/bench/risk_tables.py` these rank better out of sample than LightGBM's defaults
    /// (31 leaves, no sampling), as they do for LightGBM itself.
    public static var riskTrees: GradientBoostingTrainer.Configuration {
        var c = GradientBoostingTrainer.Configuration()
        c.maxLeaves = 7
        c.rowSubsample = 0.8
        c.featureFraction = 0.8
        return c
    }

    /// What cross-validation measured and which algorithm it chose, and why.
    public struct Selection: Sendable {
        public let chosen: RiskAlgorithm
        public let reason: String
        public let folds: Int
        /// The candidates measured (scorecard, trees), then the baseline.
        public let candidates: [CrossValidatedScores]
        public let baseline: CrossValidatedScores

        public var json: JSON {
            .object([("chosen", .string(chosen.rawValue)), ("reason", .string(reason)), ("folds", .int(Int64(folds))),
                     ("candidates", .array(candidates.map(\.json))), ("baseline", baseline.json)])
        }
    }

    /// When the trees must beat the scorecard's mean CV AUC by more than this (and not lose on
    /// average precision) to be chosen: the card is the more transparent of the two.
    public static let treesMargin = 0.001

    /// The columns the trees learn from: every column but the target, `id`, `row` and constant ones.
    public static func treeFeatures(_ data: TabularData, target: String, rows: [Int]) -> [String] {
        data.columns.enumerated().compactMap { k, name in
            guard name != target, name.lowercased() != "id", name.lowercased() != "row" else { return nil }
            let present = Set(rows.lazy.map { data.cells[k][$0] }.filter { !TabularData.isMissing($0) })
            return present.count > 1 || (present.count == 1 && rows.contains { TabularData.isMissing(data.cells[k][$0]) }) ? name : nil
        }
    }

    /// `auto`'s choice among cross-validated candidates. The card and the linear model are both
    /// additive with per-factor reasons, and the linear model reads the card's bins (their weight
    /// of evidence) beside the lines that pass its Wald test: the linear model starts, and the card
    /// takes its place only when it ranks better beyond the folds' noise (`cardRanksBetter`). The
    /// card leaves out columns under its minimum information value, whose weak evidence orders the
    /// rows within a risk group (on the threshold table the card chosen on a fold-mean AUC 0.0004
    /// higher ranked the top 1 % 3–5 % worse than the linear model). The blend, then the trees,
    /// replace the one kept only when their CV AUC is higher by more than `treesMargin` and their
    /// mean fold average precision is not lower.
    /// - Returns: the choice, the candidates in the order weighed, and how many of them are additive.
    static func choice(_ candidates: [CrossValidatedScores]) -> (best: CrossValidatedScores, order: [CrossValidatedScores], additive: Int) {
        var additive = ["linear", "scorecard"].compactMap { n in candidates.first { $0.name == n } }
        if additive.count == 2 && cardRanksBetter(additive[1], than: additive[0]) { additive.reverse() }
        let order = additive + ["blend", "trees"].compactMap { n in candidates.first { $0.name == n } }
        var best = order[0]
        for c in order.dropFirst(additive.count) where c.meanAUC > best.meanAUC + treesMargin && c.meanAP >= best.meanAP { best = c }
        return (best, order, additive.count)
    }

    /// Whether the card's CV AUC is higher than the linear model's beyond the folds' noise: the
    /// mean of the paired fold differences exceeds `treesMargin` and twice its standard error
    /// (the folds are the same for both, so the pairs share each fold's luck).
    static func cardRanksBetter(_ card: CrossValidatedScores, than linear: CrossValidatedScores) -> Bool {
        let d = zip(card.foldAUCs, linear.foldAUCs).map { $0 - $1 }
        guard !d.isEmpty else { return card.meanAUC > linear.meanAUC + treesMargin }
        let mean = d.reduce(0, +) / Double(d.count)
        let sd = d.count > 1 ? (d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(d.count - 1)).squareRoot() : 0
        return mean > treesMargin && mean > 2 * sd / Double(d.count).squareRoot()
    }

    public static func fit(_ data: TabularData, target: String, rows: [Int], options o: Options = .init()) throws
        -> (model: RiskModel, columns: [ScorecardTrainer.ColumnReport], selection: Selection?) {
        let y = try ScorecardTrainer.target(data, column: target)
        let features = treeFeatures(data, target: target, rows: rows)
        var o = o
        if o.adaptTrees { o.trees.minChildSamples = adaptedLeafRows(rows.count) }
        // The interaction terms of a set of training rows at a level (nil: `interactions.alpha`).
        // The search runs once per fold at the loosest level; each level keeps the pairs under it.
        let levels = [o.interactions.alpha] + Array(Set(o.linearInteractionLevels.filter { $0 > o.interactions.alpha })).sorted()
        var found: [[Int]: [InteractionTerm]] = [:]
        func terms(_ fitRows: [Int], level: Double? = nil) throws -> [InteractionTerm] {
            let all: [InteractionTerm]
            if let t = found[fitRows] { all = t } else {
                var settings = o.interactions
                settings.seed = o.seed
                settings.alpha = levels.max() ?? settings.alpha
                settings.maxTerms = o.interactions.maxTerms > 0 ? Int.max : 0
                all = try InteractionSearch.find(data, rows: fitRows, target: y, features: features, settings: settings)
                found[fitRows] = all
            }
            return Array(all.filter { $0.pValue < (level ?? o.interactions.alpha) }.prefix(o.interactions.maxTerms))
        }
        // The scorecard of a set of training rows (fitted once per fold, shared by the card and the linear model).
        var cards: [[Int]: Scorecard] = [:]
        func card(_ fitRows: [Int]) throws -> Scorecard {
            if let c = cards[fitRows] { return c }
            let c = try ScorecardTrainer.fit(InteractionTerm.augment(data, with: try terms(fitRows)), target: target, rows: fitRows, configuration: o.scorecard).0
            cards[fitRows] = c
            return c
        }
        func fitScorecard(_ fitRows: [Int]) throws -> RiskModel {
            RiskModel(model: try card(fitRows), interactions: try terms(fitRows), red: 0, orange: 0, yellow: 0)
        }
        func fitTrees(_ fitRows: [Int], card: Scorecard) throws -> RiskModel {
            let t = try terms(fitRows)
            let trees = try GradientBoostingTrainer.fit(InteractionTerm.augment(data, with: t), rows: fitRows, target: y, features: features + t.map(\.name),
                                                        configuration: o.trees)
            return RiskModel(model: card, trees: trees, interactions: t, red: 0, orange: 0, yellow: 0)
        }
        // The linear models of a set of training rows and interaction pairs, one per penalty (fitted
        // once per fold and set of pairs: a looser level that adds no pair costs nothing).
        let penalties = o.linearPenalties.isEmpty ? [1.0] : o.linearPenalties
        var linears: [[Int]: [[String]: [LinearRiskModel]]] = [:]
        func fitLinear(_ fitRows: [Int], reference: Scorecard, penalty k: Int, level: Double? = nil, every: Bool = true) throws -> RiskModel {
            let t = try terms(fitRows, level: level)
            if !every {
                let linear = try LinearRiskModel.fit(data, rows: fitRows, target: y, features: features, terms: t, card: try? card(fitRows), penalties: [penalties[k]],
                                                        minimumZ: o.linearMinimumZ)[0]
                return RiskModel(model: reference, interactions: t, linear: linear, red: 0, orange: 0, yellow: 0)
            }
            let names = t.map(\.name)
            if linears[fitRows]?[names] == nil {
                // The card's binned columns enter beside the lines when the card has any.
                let binned = try? card(fitRows)
                linears[fitRows, default: [:]][names] = try LinearRiskModel.fit(data, rows: fitRows, target: y, features: features, terms: t, card: binned,
                                                                                 penalties: penalties, minimumZ: o.linearMinimumZ)
            }
            return RiskModel(model: reference, interactions: t, linear: linears[fitRows]![names]![k], red: 0, orange: 0, yellow: 0)
        }
        var penalty = 0, level = 0, penaltyNote = ""
        var selection: Selection?
        var chosen = o.algorithm == .auto ? RiskAlgorithm.scorecard : o.algorithm
        var outOfFold: [Double]?
        if o.crossValidate || o.algorithm == .auto {
            let folds = o.folds ?? (rows.count > 10_000 ? 3 : 5)
            var candidates: [CrossValidatedScores] = []
            var noCard: String?
            if o.algorithm != .trees && o.algorithm != .linear {
                do {
                    candidates.append(try CrossValidatedScores.run(name: "scorecard", rows: rows, target: y, folds: folds, seed: o.seed) { fitRows in
                        let m = try fitScorecard(fitRows)
                        return { try m.probabilities(data, rows: $0) }
                    })
                } catch let e as ModelError where e.code == .insufficientData && o.algorithm == .auto {
                    noCard = e.message   // no additive factor: the linear model or the trees
                }
            }
            if o.algorithm != .scorecard && o.algorithm != .linear {
                candidates.append(try CrossValidatedScores.run(name: "trees", rows: rows, target: y, folds: folds, seed: o.seed) { fitRows in
                    let m = try fitTrees(fitRows, card: Scorecard.baseRate(target: target, rows: fitRows, y: y, configuration: o.scorecard))
                    return { try m.probabilities(data, rows: $0) }
                })
            }
            if o.algorithm == .auto || o.algorithm == .linear {
                do {
                    // One run per interaction level and penalty on the same folds (the fits shared);
                    // the lowest pooled out-of-fold log-loss is the linear candidate (the first,
                    // strictest level and smallest penalty, on a tie).
                    var runs: [CrossValidatedScores] = [], grid: [(level: Int, penalty: Int)] = []
                    for l in levels.indices where l == 0 || o.interactions.maxTerms > 0 {
                        for k in penalties.indices {
                            runs.append(try CrossValidatedScores.run(name: "linear", rows: rows, target: y, folds: folds, seed: o.seed) { fitRows in
                                let m = try fitLinear(fitRows, reference: Scorecard.baseRate(target: target, rows: fitRows, y: y, configuration: o.scorecard), penalty: k,
                                                      level: levels[l])
                                return { try m.probabilities(data, rows: $0) }
                            })
                            grid.append((l, k))
                        }
                    }
                    let losses = runs.map { ClassifierMetrics.logLoss(probabilities: $0.scores, target: rows.map { y[$0] }) }
                    let best = losses.indices.min { losses[$0] < losses[$1] } ?? 0
                    (level, penalty) = grid[best]
                    candidates.append(runs[best])
                    let perLevel = grid.indices.filter { grid[$0].level == level }
                    penaltyNote = "; the linear model's ridge λ \(ClassifierMetrics.format(penalties[penalty])) of " + perLevel
                        .map { String(format: "%@ (log-loss %.5f)", ClassifierMetrics.format(penalties[grid[$0].penalty]), losses[$0]) }.joined(separator: ", ") + ", by pooled out-of-fold log-loss"
                    if grid.contains(where: { $0.level > 0 }) {
                        let bestAt = levels.indices.compactMap { l in grid.indices.filter { grid[$0].level == l }.map { losses[$0] }.min().map { (l, $0) } }
                        penaltyNote += "; its interaction pairs are those the search keeps at family-wise level \(ClassifierMetrics.format(levels[level])), of "
                            + bestAt.map { String(format: "%@ (log-loss %.5f)", ClassifierMetrics.format(levels[$0.0]), $0.1) }.joined(separator: ", ")
                            + " by the same log-loss (the card and the trees keep those at \(ClassifierMetrics.format(levels[0])))"
                    }
                } catch let e as ModelError where e.code == .insufficientData && o.algorithm == .auto {
                    // a fold without a varying column: the other candidates decide
                }
            }
            // The blend's out-of-fold scores are the two candidates' blended row by row: the same
            // folds (same seed), so each row's two scores come from models that never saw it.
            if o.algorithm == .auto || o.algorithm == .blend, let card = candidates.first(where: { $0.name == "scorecard" }),
               let trees = candidates.first(where: { $0.name == "trees" }) {
                var blended: [Int: Double] = [:]
                for (r, (a, b)) in zip(rows, zip(card.scores, trees.scores)) { blended[r] = RiskModel.blend(a, b) }
                candidates.append(try CrossValidatedScores.run(name: "blend", rows: rows, target: y, folds: folds, seed: o.seed) { _ in
                    { held in held.map { blended[$0] ?? 0 } }
                })
            }
            let baseline = try CrossValidatedScores.run(name: "logistic regression", rows: rows, target: y, folds: folds, seed: o.seed) { fitRows in
                let m = try LogisticBaseline.fit(data, target: target, rows: fitRows)
                return { $0.map { m.probability(row: $0, data: data) } }
            }
            var reason = "--algorithm \(o.algorithm.rawValue)"
            if o.algorithm == .auto {
                // From the most transparent on (card, linear, blend, trees): a candidate replaces
                // the one kept only when it ranks better overall (CV AUC higher by more than the
                // margin) and at the top (fold average precision not lower). Without a card
                // (no additive factor) the first of the others starts.
                let (best, order, additive) = choice(candidates)
                chosen = RiskAlgorithm(rawValue: best.name) ?? .scorecard
                let measured = candidates.map { String(format: "%@ AUC %.4f, AP %.4f", $0.name, $0.meanAUC, $0.meanAP) }.joined(separator: "; ")
                let first = additive == 2 ? (chosen == .scorecard ? "whose CV AUC beats the linear model's by more than \(treesMargin) and twice the standard error of the paired fold differences, "
                                                                    : "which the card does not beat by more than \(treesMargin) and twice the standard error of the paired fold differences in CV AUC, ") : ""
                reason = "\(folds)-fold CV: \(measured); \(chosen.rawValue), " + (chosen.rawValue == order[0].name
                    ? first + "as no less transparent candidate ranks better by more than \(treesMargin) in AUC without losing average precision (the top of the list, where supervisors look)"
                    : "which ranks better by more than \(treesMargin) in AUC than the more transparent candidates without losing average precision")
                if let noCard { reason = "the scorecard found no additive factor (\(noCard)); " + reason }
            }
            selection = Selection(chosen: chosen, reason: reason + penaltyNote, folds: folds, candidates: candidates, baseline: baseline)
            outOfFold = candidates.first { $0.name == chosen.rawValue }?.scores
        }
        let card: Scorecard, columns: [ScorecardTrainer.ColumnReport]
        // The chosen linear model's pairs may come from a looser level: the reference card reads
        // the same pairs, so the model's derived columns are one set.
        let t = try terms(rows, level: chosen == .linear ? levels[level] : nil)
        do {
            (card, columns) = try ScorecardTrainer.fit(InteractionTerm.augment(data, with: t), target: target, rows: rows, configuration: o.scorecard)
        } catch let e as ModelError where e.code == .insufficientData && (chosen == .trees || chosen == .linear) {
            // The trees or the linear model score; the reference card is the base rate alone.
            card = Scorecard.baseRate(target: target, rows: rows, y: y, configuration: o.scorecard)
            columns = []
        }
        var model = RiskModel(model: card, interactions: t, red: 0, orange: 0, yellow: 0)
        if chosen == .linear {
            if !columns.isEmpty { cards[rows] = card }
            model = try fitLinear(rows, reference: card, penalty: penalty, level: levels[level], every: false)
        }
        if chosen == .trees || chosen == .blend {
            let fitted = try fitTrees(rows, card: card)
            model = RiskModel(model: card, trees: fitted.trees, interactions: t, blended: chosen == .blend, red: 0, orange: 0, yellow: 0)
        }
        // Level cut-offs on out-of-fold scores when there are some: in-sample scores of the trees
        // sit higher than what new rows will get.
        let scores = try outOfFold ?? model.probabilities(data, rows: rows)
        return (model.leveled(by: scores.map { $0 * 100 }, levels: o.levels), columns, selection)
    }
}
