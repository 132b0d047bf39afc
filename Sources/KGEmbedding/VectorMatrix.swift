/// Vectors as one contiguous row-major float32 matrix (`count × dimension`), the layout BLAS
/// wants; rows are addressed by position, and `ids` maps positions to caller ids (graph node ids).
public struct VectorMatrix: Sendable {
    public let dimension: Int
    public private(set) var values: [Float]
    public private(set) var ids: [Int64]

    public var count: Int { ids.count }

    public init(dimension: Int, values: [Float] = [], ids: [Int64]? = nil) {
        precondition(dimension > 0 && values.count % dimension == 0, "values must hold whole rows")
        self.dimension = dimension
        self.values = values
        self.ids = ids ?? (0..<Int64(values.count / dimension)).map { $0 }
        precondition(self.ids.count == values.count / dimension, "one id per row")
    }

    /// Appends a row.
    public mutating func append(_ row: [Float], id: Int64) {
        precondition(row.count == dimension, "row has \(row.count) values, the matrix \(dimension)")
        values.append(contentsOf: row)
        ids.append(id)
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Float] { Array(values[i * dimension..<(i + 1) * dimension]) }

    /// Scales every row to unit length (rows of zeros stay zero).
    public mutating func normalizeRows() {
        let d = dimension
        values.withUnsafeMutableBufferPointer { v in
            for r in 0..<(v.count / d) {
                var s: Float = 0
                for j in 0..<d { s += v[r * d + j] * v[r * d + j] }
                guard s > 0 else { continue }
                let inv = 1 / s.squareRoot()
                for j in 0..<d { v[r * d + j] *= inv }
            }
        }
    }

    /// Squared L2 norm of every row.
    public func squaredNorms() -> [Float] {
        let d = dimension
        return values.withUnsafeBufferPointer { v in
            (0..<count).map { r in
                var s: Float = 0
                for j in 0..<d { s += v[r * d + j] * v[r * d + j] }
                return s
            }
        }
    }
}
