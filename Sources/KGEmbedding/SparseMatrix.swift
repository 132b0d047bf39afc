import Foundation

/// A sparse float matrix in compressed-sparse-row form, with the two products randomised SVD
/// needs (times a dense matrix, and transposed times a dense matrix), both threaded over rows.
public struct SparseMatrix: Sendable {
    public let rowCount: Int
    public let columnCount: Int
    public let rowOffsets: [Int]
    public let columns: [Int32]
    public let values: [Float]

    /// Builds the matrix from sparse rows (indices below `columnCount`).
    public init(rows: [SparseVector], columnCount: Int) {
        var offsets = [0], cols: [Int32] = [], vals: [Float] = []
        offsets.reserveCapacity(rows.count + 1)
        for r in rows {
            cols.append(contentsOf: r.indices); vals.append(contentsOf: r.values)
            offsets.append(cols.count)
        }
        self.init(rowCount: rows.count, columnCount: columnCount, rowOffsets: offsets, columns: cols, values: vals)
    }

    init(rowCount: Int, columnCount: Int, rowOffsets: [Int], columns: [Int32], values: [Float]) {
        self.rowCount = rowCount; self.columnCount = columnCount
        self.rowOffsets = rowOffsets; self.columns = columns; self.values = values
    }

    public var nonZeroCount: Int { values.count }

    /// The transpose (counting sort by column).
    public func transposed() -> SparseMatrix {
        var counts = [Int](repeating: 0, count: columnCount + 1)
        for c in columns { counts[Int(c) + 1] += 1 }
        for i in 0..<columnCount { counts[i + 1] += counts[i] }
        var pos = counts
        var cols = [Int32](repeating: 0, count: columns.count), vals = [Float](repeating: 0, count: values.count)
        for r in 0..<rowCount {
            for k in rowOffsets[r]..<rowOffsets[r + 1] {
                let c = Int(columns[k])
                cols[pos[c]] = Int32(r); vals[pos[c]] = values[k]
                pos[c] += 1
            }
        }
        return SparseMatrix(rowCount: columnCount, columnCount: rowCount, rowOffsets: counts, columns: cols, values: vals)
    }

    /// self (rows × cols) times `dense` (cols × width, row-major) → rows × width.
    public func multiply(_ dense: [Float], width: Int, threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> [Float] {
        precondition(dense.count == columnCount * width, "dense operand must be \(columnCount) × \(width)")
        var out = [Float](repeating: 0, count: rowCount * width)
        let chunks = max(1, min(threads * 4, rowCount))
        let per = (rowCount + chunks - 1) / chunks
        out.withUnsafeMutableBufferPointer { o in
            dense.withUnsafeBufferPointer { d in
                rowOffsets.withUnsafeBufferPointer { ro in
                    columns.withUnsafeBufferPointer { cs in
                        values.withUnsafeBufferPointer { vs in
                            let op = SharedPointer(o.baseAddress!), dp = SharedPointer(UnsafeMutablePointer(mutating: d.baseAddress!))
                            let rp = SharedPointer(UnsafeMutablePointer(mutating: ro.baseAddress!))
                            let cp = SharedPointer(UnsafeMutablePointer(mutating: cs.baseAddress!))
                            let vp = SharedPointer(UnsafeMutablePointer(mutating: vs.baseAddress!))
                            DispatchQueue.concurrentPerform(iterations: chunks) { t in
                                for r in min(rowCount, t * per)..<min(rowCount, (t + 1) * per) {
                                    let target = op.pointer + r * width
                                    for k in rp.pointer[r]..<rp.pointer[r + 1] {
                                        let v = vp.pointer[k]
                                        let src = dp.pointer + Int(cp.pointer[k]) * width
                                        for j in 0..<width { target[j] += v * src[j] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
