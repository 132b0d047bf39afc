import Foundation
import KGCore

/// Fits histogram-based gradient-boosted trees for a 0/1 target (log-loss), LightGBM-style:
/// features binned once into at most 255 bins plus a missing bin, trees grown leaf-wise on
/// gradient/hessian histograms, early stopping on a held-out validation fold, and Platt scaling of
/// the margins on that fold.
///
/// ```swift
/// var c = GradientBoostingTrainer.Configuration()
/// c.monotone = ["overdueDays": 1]
/// let model = try GradientBoostingTrainer.fit(table, rows: trainRows, target: y, features: ["overdueDays", "sector"], configuration: c)
/// let p = try model.probability(row: 7) { table.column($0)?[7] }
/// ```
public enum GradientBoostingTrainer {
    /// Fits a model.
    /// - Parameters:
    ///   - data: the table; `features` name its columns.
    ///   - rows: table rows to learn from (when `validationRows` is nil, a stratified
    ///     `validationShare` of them is held out for early stopping and calibration).
    ///   - target: 0/1 per table row (indexed like `data`'s rows; 1 = bad = the event).
    ///   - features: the columns to use. A column is numeric when every present cell of the rows
    ///     used is a number, categorical otherwise.
    ///   - validationRows: explicit held-out rows (then all of `rows` are fitted).
    /// - Throws: `ModelError` for a bad configuration, an unknown or repeated column, a target
    ///   other than 0/1, row indices out of range, or training rows with one class only.
    public static func fit(_ data: TabularData, rows: [Int], target: [Int], features: [String], validationRows: [Int]? = nil,
                           configuration c: Configuration = .init()) throws -> GradientBoostedTrees {
        try c.validate()
        guard target.count == data.rowCount else {
            throw ModelError(code: .invalidArgumentValue, "the target has \(target.count) values; the table has \(data.rowCount) rows")
        }
        guard !features.isEmpty, Set(features).count == features.count else {
            throw ModelError(code: .badHeader, "gradient boosting needs distinct feature columns (got \(features))")
        }
        let columns = try features.map { name in
            guard let k = data.columns.firstIndex(of: name) else {
                throw ModelError(code: .badHeader, "the data has no column \(name); columns: \(data.columns.joined(separator: ", "))")
            }
            return k
        }
        for name in c.monotone.keys.sorted() where !features.contains(name) {
            throw ModelError(code: .invalidArgumentValue, "a monotone constraint names \(name), which is not a feature")
        }
        for r in rows + (validationRows ?? []) {
            guard r >= 0 && r < data.rowCount else { throw ModelError(code: .invalidArgumentValue, "row \(r) is outside the table (\(data.rowCount) rows)") }
            guard target[r] == 0 || target[r] == 1 else { throw ModelError(code: .badValue, "row \(r): the target must be 0 (good) or 1 (bad)") }
        }
        let (fitRows, heldOut) = validationRows.map { (rows, $0) } ?? split(rows, target: target, share: c.validationShare, seed: c.seed)
        let bads = fitRows.reduce(0) { $0 + target[$1] }
        guard bads > 0, bads < fitRows.count else {
            throw ModelError(code: .insufficientData, "the training rows need both goods (0) and bads (1); they have \(bads) bads of \(fitRows.count)")
        }
        let fitTarget = fitRows.map { target[$0] }
        var binned: [TreeFeature] = []
        for (f, name) in features.enumerated() {
            let cells = data.cells[columns[f]]
            let numeric = (fitRows + heldOut).allSatisfy { TreeFeature.text(cells[$0]).map { TreeFeature.number($0) != nil } ?? true }
            let monotone = c.monotone[name] ?? 0
            if !numeric && monotone != 0 {
                throw ModelError(code: .invalidArgumentValue, "column \(name) is categorical (not every cell is a number); a monotone constraint needs a numeric column")
            }
            binned.append(TreeFeature.fit(name: name, cells: fitRows.map { cells[$0] }, target: fitTarget, kind: numeric ? .numeric : .categorical,
                                          maxBins: c.maxBins, smoothing: c.categorySmoothing, monotone: monotone))
        }
        let fitCodes = try BinnedRows(data: data, rows: fitRows, columns: columns, features: binned)
        let heldOutCodes = try BinnedRows(data: data, rows: heldOut, columns: columns, features: binned)
        let rate = Double(bads) / Double(fitRows.count)
        let base = log(rate / (1 - rate))
        let boosted = boost(fit: fitCodes, fitTarget: fitTarget, heldOut: heldOutCodes, heldOutTarget: heldOut.map { target[$0] },
                            features: binned, base: base, configuration: c)
        let calibration = heldOut.isEmpty ? PlattScaling.identity : PlattScaling.fit(margins: boosted.heldOutMargins, targets: heldOut.map { target[$0] })
        return GradientBoostedTrees(features: binned, trees: boosted.trees, baseMargin: base, calibration: calibration,
                                    roundsTrained: boosted.rounds, validationLogLoss: heldOut.isEmpty ? nil : boosted.bestLoss, configuration: c)
    }

    /// The boosting rounds: trees kept (up to the best validation round), rounds run, the best
    /// validation loss and the held-out margins at that round.
    private static func boost(fit: BinnedRows, fitTarget: [Int], heldOut: BinnedRows, heldOutTarget: [Int], features: [TreeFeature],
                              base: Double, configuration c: Configuration) -> (trees: [RegressionTree], rounds: Int, bestLoss: Double, heldOutMargins: [Double]) {
        let n = fit.count
        var margins = [Double](repeating: base, count: n)
        var heldOutMargins = [Double](repeating: base, count: heldOut.count)
        var gradients = [Double](repeating: 0, count: n), hessians = [Double](repeating: 0, count: n)
        var order = [Int32](repeating: 0, count: n)
        let grower = TreeGrower(features: features, rows: fit, maxLeaves: c.maxLeaves, maxDepth: c.maxDepth, learningRate: c.learningRate,
                                threads: c.threads > 0 ? c.threads : ProcessInfo.processInfo.activeProcessorCount,
                                limits: .init(l2: c.l2, minChildSamples: Double(c.minChildSamples), minChildHessian: c.minChildHessian, minSplitGain: c.minSplitGain))
        var trees: [RegressionTree] = []
        var bestLoss = logLoss(heldOutMargins, heldOutTarget), bestCount = 0, bestMargins = heldOutMargins
        var rounds = 0
        // Row and feature samples come from their own stream, so they do not depend on the split's.
        var rng = SplitMix64(seed: c.seed ^ 0x5851_F42D_4C95_7F2D)
        let bagging = c.rowSubsample < 1
        var allowed = [Bool](repeating: true, count: features.count)
        while rounds < c.maxRounds {
            var count = 0
            for i in 0..<n where !bagging || rng.nextUniform() <= c.rowSubsample { order[count] = Int32(i); count += 1 }
            if c.featureFraction < 1 {
                var pick = Array(features.indices)
                pick.shuffle(using: &rng)
                allowed = [Bool](repeating: false, count: features.count)
                for f in pick.prefix(max(1, Int((c.featureFraction * Double(features.count)).rounded()))) { allowed[f] = true }
            }
            for i in 0..<n {
                let p = 1 / (1 + exp(-margins[i]))
                gradients[i] = p - Double(fitTarget[i])
                hessians[i] = max(p * (1 - p), 1e-16)
            }
            let grown = grower.grow(gradients: gradients, hessians: hessians, order: &order, count: count, allowed: allowed)
            rounds += 1
            if grown.tree.nodes.count == 1 {
                // A tree that could not split adds a constant; without sampling, every later round
                // would grow the same stump.
                if bagging || c.featureFraction < 1 { continue } else { break }
            }
            if bagging {
                fit.codes.withUnsafeBufferPointer { codes in
                    for i in 0..<n {
                        let row = UnsafeBufferPointer(rebasing: codes[(i * fit.featureCount)..<((i + 1) * fit.featureCount)])
                        margins[i] += grown.tree.nodes[grown.tree.leaf(codes: row)].value
                    }
                }
            } else {
                for leaf in grown.leaves {
                    let v = grown.tree.nodes[leaf.node].value
                    for k in leaf.rows { margins[Int(order[k])] += v }
                }
            }
            trees.append(grown.tree)
            guard heldOut.count > 0 else { continue }
            heldOut.codes.withUnsafeBufferPointer { codes in
                for i in 0..<heldOut.count {
                    let row = UnsafeBufferPointer(rebasing: codes[(i * heldOut.featureCount)..<((i + 1) * heldOut.featureCount)])
                    heldOutMargins[i] += grown.tree.nodes[grown.tree.leaf(codes: row)].value
                }
            }
            let loss = logLoss(heldOutMargins, heldOutTarget)
            if loss < bestLoss {
                bestLoss = loss; bestCount = trees.count; bestMargins = heldOutMargins
            } else if trees.count - bestCount >= c.earlyStoppingRounds {
                break
            }
        }
        if heldOut.count > 0 { trees.removeLast(trees.count - bestCount) }
        return (trees, rounds, bestLoss, bestMargins)
    }

    /// Mean log-loss of margins against 0/1 targets (NaN without rows).
    static func logLoss(_ margins: [Double], _ target: [Int]) -> Double {
        guard !margins.isEmpty else { return .nan }
        var s = 0.0
        for (z, y) in zip(margins, target) {
            // −log σ(z) for a bad, −log(1 − σ(z)) for a good, without overflow.
            let t = y == 1 ? -z : z
            s += t > 0 ? t + log1p(exp(-t)) : log1p(exp(t))
        }
        return s / Double(margins.count)
    }

    /// A stratified split of `rows`: `share` of the bads and of the goods held out, chosen by a seeded shuffle.
    static func split(_ rows: [Int], target: [Int], share: Double, seed: UInt64) -> (fit: [Int], heldOut: [Int]) {
        guard share > 0 else { return (rows, []) }
        var rng = SplitMix64(seed: seed)
        var fit: [Int] = [], heldOut: [Int] = []
        for cls in [0, 1] {
            var group = rows.filter { target[$0] == cls }
            group.shuffle(using: &rng)
            let k = Int((share * Double(group.count)).rounded())
            heldOut += group.prefix(k)
            fit += group.dropFirst(k)
        }
        return (fit.sorted(), heldOut.sorted())
    }
}
