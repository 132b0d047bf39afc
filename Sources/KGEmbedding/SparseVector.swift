/// A sparse float vector: sorted column indices and their values.
public struct SparseVector: Sendable, Equatable {
    public var indices: [Int32]
    public var values: [Float]

    public init(indices: [Int32] = [], values: [Float] = []) {
        self.indices = indices; self.values = values
    }

    /// Dot product with another sparse vector (merge of the sorted index lists).
    public func dot(_ other: SparseVector) -> Float {
        var i = 0, j = 0, s: Float = 0
        while i < indices.count && j < other.indices.count {
            if indices[i] == other.indices[j] { s += values[i] * other.values[j]; i += 1; j += 1 }
            else if indices[i] < other.indices[j] { i += 1 } else { j += 1 }
        }
        return s
    }
}
