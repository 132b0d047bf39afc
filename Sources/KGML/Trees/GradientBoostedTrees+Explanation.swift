import KGCore

extension GradientBoostedTrees {
    /// The SHAP base value: the mean margin over the training rows (each tree's leaves weighted by
    /// their cover). `expectedMargin + Σ shap values = margin` for every row.
    public var expectedMargin: Double { trees.reduce(baseMargin) { $0 + $1.expectedValue } }

    /// Exact TreeSHAP values of a row of bin codes in margin (log-odds) space, one per feature
    /// (in `features` order), with the base value they add up from.
    public func shap(codes: [UInt8]) -> (base: Double, values: [Double]) {
        var phi = [Double](repeating: 0, count: features.count)
        for tree in trees { TreeSHAP.accumulate(tree: tree, codes: codes, into: &phi) }
        return (expectedMargin, phi)
    }

    /// Exact TreeSHAP values of one row given as cells by column name.
    /// - Throws: as `codes(row:cell:)`.
    public func shap(row: Int, cell: (String) -> String?) throws -> (base: Double, values: [Double]) {
        shap(codes: try codes(row: row, cell: cell))
    }

    /// The (up to) `count` features that add most risk to a row: largest positive SHAP values first.
    public func topRiskFactors(shap values: [Double], count: Int = 3) -> [(feature: String, contribution: Double)] {
        zip(features.map(\.name), values).filter { $0.1 > 0 }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            .prefix(max(0, count)).map { ($0.0, $0.1) }
    }

    /// The (up to) `count` features that add most risk to one row given as cells by column name.
    /// - Throws: as `codes(row:cell:)`.
    public func topRiskFactors(row: Int, count: Int = 3, cell: (String) -> String?) throws -> [(feature: String, contribution: Double)] {
        topRiskFactors(shap: try shap(row: row, cell: cell).values, count: count)
    }
}
