import Foundation
import KGCore

/// The TEXMEX formats of the ANN benchmarks: `.fvecs` (per vector an int32 dimension, then that
/// many float32) and `.ivecs` (the same with int32 values).
public enum VectorFiles {
    /// Reads an fvecs file into a matrix (ids are row numbers).
    public static func readFvecs(_ path: String) throws -> VectorMatrix {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EmbeddingError(code: .fileNotFound, message: "cannot read \(path)")
        }
        return try data.withUnsafeBytes { raw -> VectorMatrix in
            guard raw.count >= 4 else { throw EmbeddingError(code: .emptyFile, message: "\(path) is empty or not an fvecs file") }
            let d = Int(raw.loadUnaligned(fromByteOffset: 0, as: Int32.self))
            guard d > 0, d < 1_000_000 else { throw EmbeddingError(code: .unknownFormat, message: "\(path): dimension \(d) is not plausible; is this an fvecs file?") }
            let stride = 4 + 4 * d
            guard raw.count % stride == 0 else {
                throw EmbeddingError(code: .unknownFormat, message: "\(path): size \(raw.count) is not a whole number of \(d)-dimensional vectors")
            }
            let n = raw.count / stride
            var values = [Float](repeating: 0, count: n * d)
            values.withUnsafeMutableBytes { dst in
                for i in 0..<n {
                    let dim = Int(raw.loadUnaligned(fromByteOffset: i * stride, as: Int32.self))
                    guard dim == d else { return }
                    dst.baseAddress!.advanced(by: i * d * 4).copyMemory(from: raw.baseAddress!.advanced(by: i * stride + 4), byteCount: d * 4)
                }
            }
            for i in 0..<n where Int(raw.loadUnaligned(fromByteOffset: i * stride, as: Int32.self)) != d {
                throw EmbeddingError(code: .unknownFormat, message: "\(path): vector \(i) has a different dimension")
            }
            return VectorMatrix(dimension: d, values: values)
        }
    }

    /// Writes vectors in fvecs format.
    public static func writeFvecs(_ m: VectorMatrix, to path: String) throws {
        var data = Data(capacity: m.count * (4 + 4 * m.dimension))
        var d = Int32(m.dimension)
        for i in 0..<m.count {
            withUnsafeBytes(of: &d) { data.append(contentsOf: $0) }
            m.values[i * m.dimension..<(i + 1) * m.dimension].withUnsafeBytes { data.append(contentsOf: $0) }
        }
        do { try AtomicFile.write(data, to: path) } catch { throw EmbeddingError(code: .pathNotWritable, message: "cannot write \(path): \(error)") }
    }

    /// Writes rows of integers (e.g. result ids) in ivecs format.
    public static func writeIvecs(_ rows: [[Int32]], to path: String) throws {
        var data = Data()
        for row in rows {
            var n = Int32(row.count)
            withUnsafeBytes(of: &n) { data.append(contentsOf: $0) }
            row.withUnsafeBytes { data.append(contentsOf: $0) }
        }
        do { try AtomicFile.write(data, to: path) } catch { throw EmbeddingError(code: .pathNotWritable, message: "cannot write \(path): \(error)") }
    }

    /// Reads an ivecs file.
    public static func readIvecs(_ path: String) throws -> [[Int32]] {
        guard let data = FileManager.default.contents(atPath: path) else { throw EmbeddingError(code: .fileNotFound, message: "cannot read \(path)") }
        return data.withUnsafeBytes { raw in
            var out: [[Int32]] = []
            var o = 0
            while o + 4 <= raw.count {
                let n = Int(raw.loadUnaligned(fromByteOffset: o, as: Int32.self))
                o += 4
                out.append((0..<n).map { raw.loadUnaligned(fromByteOffset: o + 4 * $0, as: Int32.self) })
                o += 4 * n
            }
            return out
        }
    }
}
