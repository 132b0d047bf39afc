/// How similar two vectors are. Search always returns the highest scores first.
public enum VectorMetric: String, Sendable, CaseIterable {
    /// Inner product.
    case ip
    /// Cosine similarity (rows are L2-normalised first).
    case cosine
    /// Euclidean distance (smallest first; the score is the negated squared distance).
    case l2
}
