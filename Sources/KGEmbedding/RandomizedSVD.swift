import CLinearAlgebra
import Foundation
import KGCore

/// Truncated SVD of a large sparse matrix by randomised range finding (Halko, Martinsson &
/// Tropp, 2011): a Gaussian sketch, power iterations re-orthonormalised by QR (LAPACK
/// `sgeqrf`/`sorgqr`), then an exact SVD (`sgesdd`) of the small projected matrix.
public enum RandomizedSVD {
    public struct Result: Sendable {
        /// The `rank` largest singular values, descending.
        public let singularValues: [Float]
        /// Right singular vectors as columns: `columnCount × rank`, row-major.
        public let rightVectors: [Float]
        public let rank: Int
    }

    /// The top `rank` singular values and right singular vectors of `a`.
    public static func compute(_ a: SparseMatrix, rank: Int, oversample: Int = 16, powerIterations: Int = 3,
                               seed: UInt64 = 7) throws -> Result {
        let m = a.rowCount, n = a.columnCount
        let l = min(rank + oversample, min(m, n))
        guard rank >= 1, rank <= l else {
            throw EmbeddingError(code: .insufficientData, message: "rank \(rank) needs at least \(rank) rows and columns; the matrix is \(m) × \(n)")
        }
        let at = a.transposed()
        var rng = GaussianRandom(seed: seed)
        let omega = (0..<(m * l)).map { _ in rng.next() }
        // Z = Aᵀ Ω spans the row space; Y = A Z is the first (already powered) sketch.
        var z = try orthonormalize(at.multiply(omega, width: l), rows: n, columns: l)
        var q = try orthonormalize(a.multiply(z, width: l), rows: m, columns: l)
        for _ in 0..<powerIterations {
            z = try orthonormalize(at.multiply(q, width: l), rows: n, columns: l)
            q = try orthonormalize(a.multiply(z, width: l), rows: m, columns: l)
        }
        // Bᵀ = Aᵀ Q (n × l) = W Σ Ũᵀ, so A ≈ Q Ũ Σ Wᵀ and the right singular vectors are W.
        var bt = at.multiply(q, width: l)
        var s = [Float](repeating: 0, count: l)
        var w = [Float](repeating: 0, count: n * l)
        var ut = [Float](repeating: 0, count: l * l)
        let info = LAPACKE_sgesdd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "S")), Int32(n), Int32(l), &bt, Int32(l), &s, &w, Int32(l), &ut, Int32(l))
        guard info == 0 else { throw EmbeddingError(code: .internalError, message: "LAPACK sgesdd failed (info \(info))") }
        var v = [Float](repeating: 0, count: n * rank)
        for i in 0..<n { for j in 0..<rank { v[i * rank + j] = w[i * l + j] } }
        return Result(singularValues: Array(s.prefix(rank)), rightVectors: v, rank: rank)
    }

    /// An orthonormal basis of the columns of `y` (rows × columns, row-major), by Householder QR.
    static func orthonormalize(_ y: [Float], rows: Int, columns: Int) throws -> [Float] {
        var a = y
        var tau = [Float](repeating: 0, count: columns)
        var info = LAPACKE_sgeqrf(LAPACK_ROW_MAJOR, Int32(rows), Int32(columns), &a, Int32(columns), &tau)
        guard info == 0 else { throw EmbeddingError(code: .internalError, message: "LAPACK sgeqrf failed (info \(info))") }
        info = LAPACKE_sorgqr(LAPACK_ROW_MAJOR, Int32(rows), Int32(columns), Int32(columns), &a, Int32(columns), &tau)
        guard info == 0 else { throw EmbeddingError(code: .internalError, message: "LAPACK sorgqr failed (info \(info))") }
        return a
    }
}
