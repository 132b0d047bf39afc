import KGCore

/// The bin codes of a set of table rows, row-major (`codes[i * featureCount + f]`), so building a
/// leaf's histogram reads each row's codes in one cache line.
struct BinnedRows: Sendable {
    let featureCount: Int
    let count: Int
    let codes: [UInt8]

    /// Encodes `rows` of `data` with the features' bins.
    /// - Parameter columns: each feature's column index in `data`.
    init(data: TabularData, rows: [Int], columns: [Int], features: [TreeFeature]) throws {
        featureCount = features.count
        count = rows.count
        var codes = [UInt8](repeating: TreeFeature.missingCode, count: rows.count * features.count)
        for (f, feature) in features.enumerated() {
            let cells = data.cells[columns[f]]
            for (i, r) in rows.enumerated() { codes[i * features.count + f] = try feature.code(of: cells[r], row: r) }
        }
        self.codes = codes
    }

    /// The codes of row `i` (a copy).
    func row(_ i: Int) -> [UInt8] { Array(codes[(i * featureCount)..<((i + 1) * featureCount)]) }
}
